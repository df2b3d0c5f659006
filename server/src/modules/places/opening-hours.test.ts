/**
 * Opening rules against China's official working-day calendar (the shipped data/holidays files),
 * and the sheet wording of a rule (parseHoursText / hoursToText) round-tripping.
 *
 * The days used below (China time):
 *
 *   2026-01   Mon  Tue  Wed  Thu  Fri  Sat  Sun
 *             29   30   31   1H   2H   3H   4W      1–3 元旦 holiday (H); Sun 4 调休上班 (W = make-up working day)
 *              5    6    7    8    9   10   11
 *   2026-03    9  [10]  11   12   13  [14]  15      Tue 10 an ordinary working day; Sat 14 an ordinary rest day
 *   2026-04    6H   7    8    9   10   11   12      Sat 4 – Mon 6 清明 holiday: Mon 6 is a holiday Monday
 *                                                   (2026-04-03 Fri and 04-07 Tue are ordinary working days)
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT } from '../../services.js';
import { type DayKind, WorkingCalendar } from '../calendar/working-days.js';
import { describeHours, hoursToText, isOpen, type OpeningHours, openingHoursSchema, parseHoursText } from './opening-hours.js';

function shippedCalendar(): WorkingCalendar {
  const dir = path.join(DATA_ROOT, 'holidays');
  const days = new Map<string, DayKind>();
  for (const f of fs.readdirSync(dir).filter((x) => /^cn-\d{4}\.json$/.test(x)))
    for (const d of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).days as { date: string; kind: DayKind }[])
      days.set(d.date, d.kind);
  return new WorkingCalendar(days);
}
const cal = shippedCalendar();
/** A moment in China time: at('2026-03-10 10:00'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const open = (h: OpeningHours, local: string) => isOpen(h, at(local), cal);

type Weekly = Extract<OpeningHours, { kind: 'weekly' }>;
const daily = (...ivs: [string, string][]): Weekly => ({
  kind: 'weekly',
  week: Array.from({ length: 7 }, () => ivs),
  holidays: 'weekly',
});
const OFFICE: OpeningHours = {
  kind: 'weekly',
  week: [0, 1, 2, 3, 4]
    .map(
      () =>
        [
          ['08:30', '12:00'],
          ['14:30', '18:00'],
        ] as [string, string][],
    )
    .concat([[], []]),
  holidays: 'closed',
};
const CAR_PARK: OpeningHours = { kind: 'off_work', workStart: '08:00', workEnd: '18:00' };

describe('the calendar the tests rely on', () => {
  it('matches the drawing above', () => {
    expect([cal.isHoliday('2026-01-03'), cal.isWorkingDay('2026-01-03')]).toEqual([true, false]);
    expect([cal.isHoliday('2026-01-04'), cal.isWorkingDay('2026-01-04')]).toEqual([false, true]);
    expect([cal.isHoliday('2026-04-06'), cal.isWorkingDay('2026-04-06')]).toEqual([true, false]);
    expect(cal.isWorkingDay('2026-03-10')).toBe(true);
    expect([cal.isHoliday('2026-03-14'), cal.isWorkingDay('2026-03-14')]).toEqual([false, false]);
    expect(new Date('2026-04-06T00:00:00Z').getUTCDay()).toBe(1); // a Monday
    expect(new Date('2026-01-04T00:00:00Z').getUTCDay()).toBe(0); // a Sunday
  });
});

describe('isOpen', () => {
  it('always and closed ignore the calendar', () => {
    for (const t of ['2026-03-10 03:00', '2026-01-03 12:00', '2026-01-04 23:59', '2026-04-06 00:00']) {
      expect(open({ kind: 'always' }, t), t).toBe(true);
      expect(open({ kind: 'closed' }, t), t).toBe(false);
    }
  });

  it('off_work car park: closed in working hours on working days, open after work, all day on rest days and holidays', () => {
    const cases: [string, boolean, string][] = [
      ['2026-03-10 10:00', false, 'working Tuesday, office hours'],
      ['2026-03-10 07:59', true, 'working Tuesday, before work'],
      ['2026-03-10 08:00', false, 'working Tuesday, work starts'],
      ['2026-03-10 17:59', false, 'working Tuesday, last minute of work'],
      ['2026-03-10 18:00', true, 'working Tuesday, work ends'],
      ['2026-03-10 19:00', true, 'working Tuesday evening'],
      ['2026-03-14 10:00', true, 'ordinary Saturday'],
      ['2026-01-03 00:00', true, 'Saturday in the 元旦 holiday'],
      ['2026-01-03 10:00', true, 'Saturday in the 元旦 holiday'],
      ['2026-01-03 23:59', true, 'Saturday in the 元旦 holiday'],
      ['2026-01-02 10:00', true, 'Friday in the 元旦 holiday'],
      ['2026-01-04 10:00', false, 'make-up working Sunday (调休上班)'],
      ['2026-01-04 19:00', true, 'make-up working Sunday evening'],
      ['2026-04-06 10:00', true, 'holiday Monday (清明)'],
      ['2026-04-07 10:00', false, 'the Tuesday after, a working day again'],
    ];
    for (const [t, expected, why] of cases) expect(open(CAR_PARK, t), `${t} ${why}`).toBe(expected);
  });

  it('weekly office with holidays closed: open in its hours, closed at lunch, at weekends and on a holiday Monday', () => {
    const cases: [string, boolean][] = [
      ['2026-03-10 10:00', true],
      ['2026-03-10 08:29', false],
      ['2026-03-10 08:30', true],
      ['2026-03-10 12:00', false], // the end of an interval is not included
      ['2026-03-10 13:00', false],
      ['2026-03-10 14:30', true],
      ['2026-03-10 18:00', false],
      ['2026-03-14 10:00', false], // Saturday: no weekly hours
      ['2026-04-06 10:00', false], // holiday Monday: closed although Monday has hours
      ['2026-04-07 10:00', true],
      ['2026-01-02 10:00', false], // holiday Friday
      ['2026-01-04 10:00', true], // make-up working Sunday (调休上班): an office works it, with Monday's hours
      ['2026-01-04 13:00', false], // … including Monday's lunch break
      ['2026-01-11 10:00', false], // an ordinary Sunday stays closed
    ];
    for (const [t, expected] of cases) expect(open(OFFICE, t), t).toBe(expected);
    // A place open on holidays ('weekly') keeps its Sunday hours on a make-up Sunday.
    expect(open({ ...OFFICE, holidays: 'weekly' }, '2026-01-04 10:00')).toBe(false);
  });

  it("weekly with holidays 'weekly' keeps its weekday hours on a holiday; 'sunday' uses Sunday's hours", () => {
    expect(open({ ...OFFICE, holidays: 'weekly' }, '2026-04-06 10:00')).toBe(true);
    const sunday: OpeningHours = {
      kind: 'weekly',
      week: [[['08:00', '18:00']], [], [], [], [], [], [['09:00', '12:00']]],
      holidays: 'sunday',
    };
    expect(open(sunday, '2026-04-06 10:00')).toBe(true); // holiday Monday follows Sunday: 09:00–12:00
    expect(open(sunday, '2026-04-06 14:00')).toBe(false); // …although Monday's own hours would be open
    expect(open(sunday, '2026-03-09 14:00')).toBe(true); // an ordinary Monday keeps its hours
  });

  it('overnight intervals run past midnight into the next day', () => {
    const nightly = daily(['22:00', '06:00']);
    expect(open(nightly, '2026-03-10 23:00')).toBe(true);
    expect(open(nightly, '2026-03-10 03:00')).toBe(true);
    expect(open(nightly, '2026-03-10 06:00')).toBe(false);
    expect(open(nightly, '2026-03-10 12:00')).toBe(false);
    expect(open(nightly, '2026-03-10 22:00')).toBe(true);

    // Friday night only: from Friday 22:00 to Saturday 02:00.
    const fridayNight: OpeningHours = { kind: 'weekly', week: [[], [], [], [], [['22:00', '02:00']], [], []], holidays: 'weekly' };
    expect(open(fridayNight, '2026-03-13 23:00'), 'Friday 23:00').toBe(true);
    expect(open(fridayNight, '2026-03-14 01:00'), 'Saturday 01:00, still Friday night').toBe(true);
    expect(open(fridayNight, '2026-03-14 02:00'), 'Saturday 02:00').toBe(false);
    expect(open(fridayNight, '2026-03-13 01:00'), 'Friday 01:00 belongs to Thursday night').toBe(false);
    expect(open(fridayNight, '2026-03-14 23:00'), 'Saturday 23:00').toBe(false);

    // A night session belongs to the day it starts: Monday night of a closed holiday stays closed after midnight.
    const evenings: OpeningHours = { ...daily(['18:00', '02:00']), holidays: 'closed' };
    expect(open(evenings, '2026-04-06 19:00'), 'holiday Monday evening').toBe(false);
    expect(open(evenings, '2026-04-07 01:00'), 'after midnight of the holiday Monday').toBe(false);
    expect(open(evenings, '2026-04-07 19:00'), 'working Tuesday evening').toBe(true);
    expect(open(evenings, '2026-04-08 01:00'), 'after midnight of the working Tuesday').toBe(true);
  });

  it('24:00 closes at midnight', () => {
    const late = daily(['06:00', '24:00']);
    expect(open(late, '2026-03-10 23:59')).toBe(true);
    expect(open(late, '2026-03-11 00:00')).toBe(false);
    expect(open(late, '2026-03-11 05:59')).toBe(false);
    expect(open(daily(['00:00', '24:00']), '2026-03-11 00:00')).toBe(true);
  });

  it('uses China time whatever the instant’s zone: 2026-03-10 01:59 UTC is 09:59 in 离石', () => {
    expect(isOpen(CAR_PARK, new Date('2026-03-09T23:59:00Z'), cal)).toBe(true); // 07:59 local
    expect(isOpen(CAR_PARK, new Date('2026-03-10T00:00:00Z'), cal)).toBe(false); // 08:00 local
  });
});

describe('describeHours', () => {
  it('names each kind in Chinese and English', () => {
    expect(describeHours({ kind: 'always' }).zh).toBe('24小时开放');
    expect(describeHours(CAR_PARK).zh).toContain('08:00');
    expect(describeHours(CAR_PARK).en).toMatch(/rest days/);
    expect(describeHours(OFFICE).zh).toBe(
      '周一 08:30-12:00,14:30-18:00；周二 08:30-12:00,14:30-18:00；周三 08:30-12:00,14:30-18:00；周四 08:30-12:00,14:30-18:00；周五 08:30-12:00,14:30-18:00',
    );
  });
});

describe('parseHoursText', () => {
  it('reads the sheet’s wordings', () => {
    const cases: [string, OpeningHours][] = [
      ['24小时', { kind: 'always' }],
      ['24小时开放', { kind: 'always' }],
      ['全天', { kind: 'always' }],
      ['关闭', { kind: 'closed' }],
      ['暂不对外开放', { kind: 'closed' }],
      ['错时 08:00-18:00', CAR_PARK],
      ['错时 8:00–18:00', CAR_PARK],
      ['每天 06:00-24:00', daily(['06:00', '24:00'])],
      ['06:00-22:00', daily(['06:00', '22:00'])],
      ['每天 22:00-06:00', daily(['22:00', '06:00'])],
      ['每天 06:30-20:00（节假日休息）', { ...daily(['06:30', '20:00']), holidays: 'closed' }],
      ['工作日 08:30-12:00,14:30-18:00', OFFICE],
      ['工作日 08:30～12:00，14:30～18:00', OFFICE],
      ['周六 09:00-11:30（节假日休息）', { kind: 'weekly', week: [[], [], [], [], [], [['09:00', '11:30']], []], holidays: 'closed' }],
      [
        '周一 08:00-12:00；周日 09:00-11:30',
        { kind: 'weekly', week: [[['08:00', '12:00']], [], [], [], [], [], [['09:00', '11:30']]], holidays: 'weekly' },
      ],
      [
        '周一至周五 08:00-18:00',
        {
          kind: 'weekly',
          week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [['08:00', '18:00']] : [])) as [string, string][][],
          holidays: 'weekly',
        },
      ],
      [
        '周一至周五 08:00-18:00；周六至周日 09:00-12:00',
        {
          kind: 'weekly',
          week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [['08:00', '18:00']] : [['09:00', '12:00']])) as [string, string][][],
          holidays: 'weekly',
        },
      ],
      ['周一 08:00-12:00；周二 休息', { kind: 'weekly', week: [[['08:00', '12:00']], [], [], [], [], [], []], holidays: 'weekly' }],
      [
        '周五 22:00-02:00；周日 10:00-16:00（节假日按周日）',
        { kind: 'weekly', week: [[], [], [], [], [['22:00', '02:00']], [], [['10:00', '16:00']]], holidays: 'sunday' },
      ],
    ];
    for (const [text, rule] of cases) expect(parseHoursText(text), text).toEqual(rule);
  });

  it('rejects what it cannot read instead of guessing', () => {
    for (const t of [
      '',
      '早八晚六',
      '每天 25:00-26:00',
      '每天 08:60-09:00',
      '周一 08:00-12:00；周二 随便',
      '周八 08:00-09:00',
      'sometimes',
      '工作日',
      '每天 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00,16:00-17:00',
    ])
      expect(parseHoursText(t), t).toBeNull();
  });

  it('every rule it returns is a valid opening rule', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = parseHoursText(s);
        return r === null || openingHoursSchema.safeParse(r).success;
      }),
    );
  });
});

describe('hoursToText → parseHoursText round trip (the export sheet imports back unchanged)', () => {
  it('writes the canonical wordings', () => {
    expect(hoursToText({ kind: 'always' })).toBe('24小时');
    expect(hoursToText({ kind: 'closed' })).toBe('关闭');
    expect(hoursToText(CAR_PARK)).toBe('错时 08:00-18:00');
    expect(hoursToText(OFFICE)).toBe('工作日 08:30-12:00,14:30-18:00');
    expect(hoursToText(daily(['06:00', '22:00']))).toBe('每天 06:00-22:00');
    expect(hoursToText({ ...daily(['06:00', '22:00']), holidays: 'closed' })).toBe('每天 06:00-22:00（节假日休息）');
  });

  const hhmm = fc
    .integer({ min: 0, max: 24 * 60 - 1 })
    .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  const end = fc.oneof(hhmm, fc.constant('24:00'));
  const day = fc.array(fc.tuple(hhmm, end), { maxLength: 4 });
  const rule: fc.Arbitrary<OpeningHours> = fc.oneof(
    fc.constant<OpeningHours>({ kind: 'always' }),
    fc.constant<OpeningHours>({ kind: 'closed' }),
    fc.tuple(hhmm, hhmm).map(([workStart, workEnd]): OpeningHours => ({ kind: 'off_work', workStart, workEnd })),
    fc
      .record({
        week: fc.array(day, { minLength: 7, maxLength: 7 }),
        holidays: fc.constantFrom('weekly' as const, 'sunday' as const, 'closed' as const),
      })
      .map((r): OpeningHours => ({ kind: 'weekly', ...r })),
    // the shapes the sheet has words for: every day alike, Monday–Friday alike
    fc
      .record({ d: day, holidays: fc.constantFrom('weekly' as const, 'sunday' as const, 'closed' as const) })
      .map(({ d, holidays }): OpeningHours => ({ kind: 'weekly', week: Array.from({ length: 7 }, () => d), holidays })),
    fc
      .record({ d: day, holidays: fc.constantFrom('weekly' as const, 'closed' as const) })
      .map(({ d, holidays }): OpeningHours => ({ kind: 'weekly', week: [d, d, d, d, d, [], []], holidays })),
  );
  /** Rules that can never be open are all the same rule: "closed". */
  const neverOpen = (h: OpeningHours) => h.kind === 'closed' || (h.kind === 'weekly' && h.week.every((d) => d.length === 0));

  it('parse(hoursToText(rule)) gives the rule back, for any rule', () => {
    fc.assert(
      fc.property(rule, (h) => {
        const text = hoursToText(h);
        const back = parseHoursText(text);
        if (neverOpen(h)) expect(back, text).toEqual({ kind: 'closed' });
        else expect(back, text).toEqual(h);
        expect(hoursToText(back as OpeningHours)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
