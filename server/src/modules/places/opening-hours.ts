import { z } from 'zod';
import { chinaDate } from '../../clock.js';
import type { WorkingCalendar } from '../calendar/working-days.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const interval = z.tuple([time, time]);

/**
 * When a place is open to the public.
 * - always: round the clock (most 爱心驿站, 灭烟点);
 * - weekly: intervals per weekday (Mon..Sun); on official holidays either the weekly hours,
 *   Sunday's hours, or closed;
 * - off_work: open to the public outside working hours on working days and all day on rest
 *   days — 错时开放 car parks and 机关 toilets. "Working day" follows the official calendar, so a
 *   make-up Saturday (调休上班) counts as working and a holiday Monday as rest;
 * - closed: not open to the public.
 */
export const openingHoursSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('always') }),
  z.strictObject({
    kind: z.literal('weekly'),
    week: z.array(z.array(interval).max(4)).length(7),
    holidays: z.enum(['weekly', 'sunday', 'closed']).default('weekly'),
  }),
  z.strictObject({ kind: z.literal('off_work'), workStart: time, workEnd: time }),
  z.strictObject({ kind: z.literal('closed') }),
]);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

/** Minutes since midnight of "HH:MM" (validated by the schema), without allocating. */
const minutes = (t: string) =>
  ((t.charCodeAt(0) - 48) * 10 + t.charCodeAt(1) - 48) * 60 + (t.charCodeAt(3) - 48) * 10 + t.charCodeAt(4) - 48;

interface Moment {
  t: number;
  calendar: WorkingCalendar;
  minute: number;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  working: boolean;
  holiday: boolean;
  yesterdayHoliday: boolean;
}

/**
 * What the rules need to know of an instant: local (China) minute of day and weekday, and the
 * calendar's word on today and yesterday. One search asks this for the same instant hundreds of
 * times, so the last answer is kept.
 */
let last: Moment | null = null;
function moment(at: Date, calendar: WorkingCalendar): Moment {
  const t = at.getTime();
  if (last && last.t === t && last.calendar === calendar) return last;
  const shifted = new Date(t + 8 * 3600_000);
  const date = chinaDate(at);
  last = {
    t,
    calendar,
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay(),
    working: calendar.isWorkingDay(date),
    holiday: calendar.isHoliday(date),
    yesterdayHoliday: calendar.isHoliday(chinaDate(new Date(t - 86_400_000))),
  };
  return last;
}

export function isOpen(h: OpeningHours, at: Date, calendar: WorkingCalendar): boolean {
  switch (h.kind) {
    case 'always':
      return true;
    case 'closed':
      return false;
    case 'off_work': {
      const m = moment(at, calendar);
      if (!m.working) return true;
      const a = minutes(h.workStart);
      const b = minutes(h.workEnd);
      const atWork = a <= b ? m.minute >= a && m.minute < b : m.minute >= a || m.minute < b;
      return !atWork;
    }
    case 'weekly': {
      const m = moment(at, calendar);
      // An interval that ends past midnight (22:00–02:00) belongs to the day it starts on:
      // today's part runs to midnight, the rest is the early morning of the next day.
      const today = weekDay(h, m.holiday, m.weekday, m.working);
      for (let i = 0; i < today.length; i++) {
        const iv = today[i] as [string, string];
        const a = minutes(iv[0]);
        const b = minutes(iv[1]);
        if (a <= b ? m.minute >= a && m.minute < b : m.minute >= a) return true;
      }
      const yesterday = weekDay(h, m.yesterdayHoliday, m.weekday === 1 ? 7 : m.weekday - 1);
      for (let i = 0; i < yesterday.length; i++) {
        const iv = yesterday[i] as [string, string];
        const b = minutes(iv[1]);
        if (minutes(iv[0]) > b && m.minute < b) return true;
      }
      return false;
    }
  }
}

/** The intervals of a day of a weekly rule: its weekday's, Sunday's on a holiday, or none. */
/**
 * The intervals that apply on a day. Places that follow the official calendar (holidays
 * 'closed': offices, service centres) also work its make-up days: a 调休 Saturday or Sunday
 * takes Monday's hours.
 */
function weekDay(h: Extract<OpeningHours, { kind: 'weekly' }>, holiday: boolean, weekday: number, working = false): [string, string][] {
  if (holiday && h.holidays === 'closed') return [];
  if (working && weekday >= 6 && h.holidays === 'closed') return h.week[0] ?? [];
  return h.week[(holiday && h.holidays === 'sunday' ? 7 : weekday) - 1] ?? [];
}

/** Short text for lists and exports: "24小时", "错时开放（工作日 08:00–18:00 以外）", "周一至周五 08:00–18:00". */
export function describeHours(h: OpeningHours): { zh: string; en: string } {
  switch (h.kind) {
    case 'always':
      return { zh: '24小时开放', en: 'Open 24 hours' };
    case 'closed':
      return { zh: '暂不对外开放', en: 'Not open to the public' };
    case 'off_work':
      return {
        zh: `错时开放：工作日 ${h.workStart} 前和 ${h.workEnd} 后，节假日全天`,
        en: `Off-hours: working days before ${h.workStart} and after ${h.workEnd}; all day on rest days`,
      };
    case 'weekly': {
      const names = ['一', '二', '三', '四', '五', '六', '日'];
      const parts = h.week.map((d, i) => (d.length ? `周${names[i]} ${d.map(([a, b]) => `${a}-${b}`).join(',')}` : null)).filter(Boolean);
      return { zh: parts.join('；') || '暂无开放时间', en: parts.length ? 'Weekly hours' : 'No opening hours' };
    }
  }
}

/**
 * Parses the hours column of an import sheet: "24小时", "关闭", "错时 08:00-18:00",
 * "每天 06:30-22:00", "工作日 08:30-12:00,14:30-18:00", or per day or range of days
 * "周一至周五 08:00-12:00；周六 09:00-11:30；周日 休息", optionally ending in "（节假日休息）" or
 * "（节假日按周日）". Anything it cannot read in full gives null (never a guess).
 */
export function parseHoursText(text: string): OpeningHours | null {
  let t = text
    .trim()
    .replace(/[–—~～至到]/g, '-')
    .replace(/：/g, ':');
  if (/^(24\s*小时(开放)?|全天|always)$/i.test(t)) return { kind: 'always' };
  if (/^(关闭|不开放|暂不对外开放|closed)$/i.test(t)) return { kind: 'closed' };
  const suffix = t.match(/[（(]节假日(休息|按周日)[)）]\s*$/);
  const holidays: 'weekly' | 'sunday' | 'closed' = suffix ? (suffix[1] === '休息' ? 'closed' : 'sunday') : 'weekly';
  if (suffix) t = t.slice(0, suffix.index).trim();
  const pad = (x: string) => x.padStart(5, '0');
  const intervals = (seg: string): [string, string][] =>
    [...seg.matchAll(/(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})/g)].map((m) => [pad(m[1] as string), pad(m[2] as string)]);
  const checked = (h: OpeningHours): OpeningHours | null => {
    const r = openingHoursSchema.safeParse(h);
    return r.success ? r.data : null;
  };
  const all = intervals(t);
  if (/^(错时|off)/i.test(t)) return all.length === 1 ? checked({ kind: 'off_work', workStart: all[0]![0], workEnd: all[0]![1] }) : null;
  if (/^(工作日|weekdays)/i.test(t))
    return all.length
      ? checked({ kind: 'weekly', week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? all : [])), holidays: suffix ? holidays : 'closed' })
      : null;
  if (/^(每天|每日|daily)/i.test(t) || /^\d/.test(t))
    return all.length ? checked({ kind: 'weekly', week: Array.from({ length: 7 }, () => all), holidays }) : null;
  const days = '一二三四五六日';
  const week: [string, string][][] = Array.from({ length: 7 }, () => []);
  const segments = t
    .split(/[；;]/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (!segments.length) return null;
  for (const seg of segments) {
    const m = seg.match(/^(?:周|星期)([一二三四五六日天])(?:\s*-\s*(?:周|星期)?([一二三四五六日天]))?\s*(.*)$/);
    if (!m) return null;
    const from = days.indexOf((m[1] as string).replace('天', '日'));
    const to = m[2] ? days.indexOf(m[2].replace('天', '日')) : from;
    const rest = (m[3] as string).trim();
    const ivs = intervals(rest);
    if (!ivs.length && !/^(休息|关闭|不开放)$/.test(rest)) return null;
    if (to < from) return null;
    for (let d = from; d <= to; d++) week[d] = ivs;
  }
  return checked({ kind: 'weekly', week, holidays });
}

/** The import sheet's wording for a rule, so that an exported sheet imports back unchanged. */
export function hoursToText(h: OpeningHours): string {
  if (h.kind === 'always') return '24小时';
  if (h.kind === 'closed') return '关闭';
  if (h.kind === 'off_work') return `错时 ${h.workStart}-${h.workEnd}`;
  const ivs = (d: [string, string][] | undefined) => (d ?? []).map(([a, b]) => `${a}-${b}`).join(',');
  if (h.week.every((d) => d.length === 0)) return '关闭'; // never open; '' would read back as the default, 24小时
  const first = ivs(h.week[0]);
  const holidays = h.holidays === 'closed' ? '（节假日休息）' : h.holidays === 'sunday' ? '（节假日按周日）' : '';
  if (first && h.week.every((d) => ivs(d) === first)) return `每天 ${first}${holidays}`;
  if (first && h.holidays === 'closed' && h.week.slice(0, 5).every((d) => ivs(d) === first) && h.week.slice(5).every((d) => d.length === 0))
    return `工作日 ${first}`;
  const names = '一二三四五六日';
  return `${h.week
    .map((d, i) => (d.length ? `周${names[i]} ${ivs(d)}` : ''))
    .filter(Boolean)
    .join('；')}${holidays}`;
}
