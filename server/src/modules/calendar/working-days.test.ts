import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate, chinaMidnight } from '../../clock.js';
import { DATA_ROOT } from '../../services.js';
import { type DayKind, WorkingCalendar } from './working-days.js';

/** The shipped calendar files, as the baseline loads them. */
function shipped(): {
  calendar: WorkingCalendar;
  days: Map<string, DayKind>;
  files: Record<string, { provisional?: boolean; days: { date: string; kind: DayKind }[] }>;
} {
  const dir = path.join(DATA_ROOT, 'holidays');
  const days = new Map<string, DayKind>();
  const files: Record<string, { provisional?: boolean; days: { date: string; kind: DayKind }[] }> = {};
  for (const f of fs.readdirSync(dir).filter((x) => /^cn-\d{4}\.json$/.test(x))) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    files[f] = doc;
    for (const d of doc.days) days.set(d.date, d.kind);
  }
  return { calendar: new WorkingCalendar(days), days, files };
}

const { calendar: cal, days: overrides, files } = shipped();
/** A moment in China time, e.g. at('2025-09-26 10:00'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('the shipped calendar data', () => {
  it('has 2025, 2026 and 2027; make-up working days fall on weekends only', () => {
    expect(Object.keys(files).sort()).toEqual(['cn-2025.json', 'cn-2026.json', 'cn-2027.json']);
    const workdays = [...overrides].filter(([, k]) => k === 'workday').map(([d]) => d);
    expect(workdays.length).toBe(11); // 5 in 2025, 6 in 2026
    for (const d of workdays) expect([0, 6], d).toContain(weekday(d));
  });

  it('counts the official days of 2025 and 2026 (28 + 5, 33 + 6)', () => {
    const count = (year: string, kind: DayKind) => [...overrides].filter(([d, k]) => d.startsWith(year) && k === kind).length;
    expect([count('2025', 'holiday'), count('2025', 'workday')]).toEqual([28, 5]);
    expect([count('2026', 'holiday'), count('2026', 'workday')]).toEqual([33, 6]);
  });
});

describe('working days (China, with 调休)', () => {
  it('2025 National Day + Mid-Autumn: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 are working days', () => {
    //   Sep 2025                     Oct 2025
    //   Mo Tu We Th Fr Sa Su         Mo Tu We Th Fr Sa Su
    //   22 23 24 25 26 27 [28]              H1 H2 H3 H4 H5
    //   29 30                        H6 H7 H8  9 10 [11] 12
    //                                13 14 …
    //   [..] = make-up working day (调休上班), Hn = holiday
    expect(cal.isWorkingDay('2025-09-26')).toBe(true); // Friday
    expect(cal.isWorkingDay('2025-09-27')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up
    for (let d = 1; d <= 8; d++) expect(cal.isWorkingDay(`2025-10-0${d}`), `10-0${d}`).toBe(false);
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday, make-up
    expect(cal.isWorkingDay('2025-10-12')).toBe(false); // Sunday

    // Accepted Friday 09-26: 28(1) 29(2) 30(3) | 10-09(4) 10(5) 11(6) 13(7) → due at the end of 10-13.
    const due = cal.addWorkingDays(at('2025-09-26 10:00'), 7);
    expect(due.toISOString()).toBe('2025-10-13T16:00:00.000Z');
    expect(due.getTime()).toBe(chinaMidnight('2025-10-14').getTime());
    // One working day from the last day before the holiday jumps over all eight days.
    expect(chinaDate(cal.addWorkingDays(at('2025-09-30 17:30'), 1))).toBe('2025-10-10');
    // Accepted during the holiday: the first working day is 10-09.
    expect(cal.addWorkingDays(at('2025-10-03 09:00'), 1).getTime()).toBe(chinaMidnight('2025-10-10').getTime());
    expect(cal.addWorkingDays(at('2025-10-03 09:00'), 3).getTime()).toBe(chinaMidnight('2025-10-12').getTime()); // 9, 10, 11(Sat)
  });

  it('2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 are working days', () => {
    //   Feb 2026
    //   Mo Tu We Th Fr Sa Su
    //    9 10 11 12 13 [14] H15
    //   H16 H17 H18 H19 H20 H21 H22
    //   H23 24 25 26 27 [28] 1
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(cal.isWorkingDay(`2026-02-${d}`), `02-${d}`).toBe(false);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-03-01')).toBe(false);

    // Accepted Friday 02-13: 14(1, Sat) | 24(2) 25(3) → due at the end of 02-25.
    expect(cal.addWorkingDays(at('2026-02-13 16:00'), 3).getTime()).toBe(chinaMidnight('2026-02-26').getTime());
    // 7 working days from 02-13: 14, 24, 25, 26, 27, 28(Sat), 03-02 → end of 03-02.
    expect(cal.addWorkingDays(at('2026-02-13 16:00'), 7).getTime()).toBe(chinaMidnight('2026-03-03').getTime());
    // 15 working days (complex) from 02-12: 13, 14, 24, 25, 26, 27, 28, 03-02..06 (5), 03-09..11 (3) → end of 03-11.
    expect(chinaDate(new Date(cal.addWorkingDays(at('2026-02-12 09:00'), 15).getTime() - 1))).toBe('2026-03-11');
    expect(cal.workingDaysBetween(at('2026-02-13 09:00'), at('2026-02-24 09:00'))).toBe(2); // 14, 24
  });

  it('2026 New Year: 01-01..01-03 off, Sunday 01-04 is a working day', () => {
    //   Dec 2025 / Jan 2026
    //   Mo Tu We Th Fr Sa Su
    //   29 30 31 H1 H2 H3 [4]
    //    5 …
    expect(cal.addWorkingDays(at('2025-12-31 12:00'), 1).getTime()).toBe(chinaMidnight('2026-01-05').getTime());
    expect(cal.addWorkingDays(at('2025-12-31 12:00'), 2).getTime()).toBe(chinaMidnight('2026-01-06').getTime());
  });

  it('the day is the China date: 23:30 and 00:30 China time fall on different days', () => {
    // 2025-09-30 23:30 China = 15:30 UTC (still the 30th); 00:30 on 10-01 China = 16:30 UTC on 09-30.
    const before = new Date('2025-09-30T15:30:00Z');
    const after = new Date('2025-09-30T16:30:00Z');
    expect(chinaDate(before)).toBe('2025-09-30');
    expect(chinaDate(after)).toBe('2025-10-01');
    expect(cal.addWorkingDays(before, 1).getTime()).toBe(chinaMidnight('2025-10-10').getTime());
    expect(cal.addWorkingDays(after, 1).getTime()).toBe(chinaMidnight('2025-10-10').getTime());
    // Friday 23:30 China vs Saturday 00:30 China in an ordinary week: the same deadline (Monday's end).
    expect(cal.addWorkingDays(at('2026-03-13 23:30'), 1).getTime()).toBe(chinaMidnight('2026-03-17').getTime());
    expect(cal.addWorkingDays(at('2026-03-14 00:30'), 1).getTime()).toBe(chinaMidnight('2026-03-17').getTime());
  });

  it('hour limits run round the clock, holidays included', () => {
    const from = at('2025-10-01 10:00');
    expect(cal.deadline(from, { hours: 24 }).toISOString()).toBe(at('2025-10-02 10:00').toISOString());
    expect(cal.deadline(from, { workdays: 1 }).getTime()).toBe(chinaMidnight('2025-10-10').getTime());
  });

  it('2027 is provisional: the statutory days of the law, no 调休 until the notice is entered', () => {
    const y = files['cn-2027.json'];
    expect(y?.provisional).toBe(true);
    expect(y?.days.filter((d) => d.kind === 'holiday')).toHaveLength(13);
    expect(y?.days.filter((d) => d.kind === 'workday')).toHaveLength(0);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isWorkingDay('2027-02-05')).toBe(false); // 除夕 (腊月廿九: 腊月 has 29 days in 2027)
    expect(cal.isWorkingDay('2027-02-08')).toBe(false); // 初三, a Monday
    expect(cal.isWorkingDay('2027-10-04')).toBe(true); // Monday; the real notice will likely change it
  });

  it('for any start and any n: the deadline is a China midnight ending the n-th working day after the start day', () => {
    const start = Date.parse('2024-12-25T00:00:00Z');
    const end = Date.parse('2026-12-20T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 1, max: 20 }), (t, n) => {
        const from = new Date(t);
        const due = cal.addWorkingDays(from, n);
        expect(chinaMidnight(chinaDate(due)).getTime()).toBe(due.getTime());
        const lastDay = chinaDate(new Date(due.getTime() - 1));
        expect(cal.isWorkingDay(lastDay)).toBe(true);
        expect(cal.workingDaysBetween(from, new Date(due.getTime() - 1))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('an empty calendar is Monday to Friday', () => {
    const plain = new WorkingCalendar(new Map());
    expect(plain.isWorkingDay('2025-10-01')).toBe(true);
    expect(plain.isWorkingDay('2025-09-28')).toBe(false);
    expect(plain.addWorkingDays(at('2025-09-26 10:00'), 7).getTime()).toBe(chinaMidnight('2025-10-08').getTime());
  });
});
