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

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Local (China) date, minute of day and ISO weekday (1 = Monday) of an instant. */
function local(at: Date): { date: string; minute: number; weekday: number } {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  const weekday = shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay();
  return { date: chinaDate(at), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(), weekday };
}

function inInterval(minute: number, [from, to]: [string, string]): boolean {
  const a = minutes(from);
  const b = minutes(to);
  return a <= b ? minute >= a && minute < b : minute >= a || minute < b; // b < a: past midnight
}

export function isOpen(h: OpeningHours, at: Date, calendar: WorkingCalendar): boolean {
  const { date, minute, weekday } = local(at);
  switch (h.kind) {
    case 'always':
      return true;
    case 'closed':
      return false;
    case 'off_work':
      if (!calendar.isWorkingDay(date)) return true;
      return !inInterval(minute, [h.workStart, h.workEnd]);
    case 'weekly': {
      const holiday = calendar.isHoliday(date);
      if (holiday && h.holidays === 'closed') return false;
      const day = holiday && h.holidays === 'sunday' ? 7 : weekday;
      return (h.week[day - 1] ?? []).some((i) => inInterval(minute, i));
    }
  }
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
 * "每天 06:30-22:00", "工作日 08:30-12:00,14:30-18:00", or per day "周一 08:00-12:00；周六 09:00-11:30",
 * optionally ending in "（节假日休息）".
 */
export function parseHoursText(text: string): OpeningHours | null {
  let t = text.trim().replace(/[–—~至]/g, '-').replace(/：/g, ':');
  if (/^(24\s*小时(开放)?|全天|always)$/i.test(t)) return { kind: 'always' };
  if (/^(关闭|不开放|暂不对外开放|closed)$/i.test(t)) return { kind: 'closed' };
  const holidaysClosed = /[（(]节假日休息[)）]\s*$/.test(t);
  t = t.replace(/[（(]节假日休息[)）]\s*$/, '').trim();
  const pad = (x: string) => x.padStart(5, '0');
  const intervals = (seg: string): [string, string][] =>
    [...seg.matchAll(/(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})/g)].map((m) => [pad(m[1] as string), pad(m[2] as string)]);
  const valid = (ivs: [string, string][]) => ivs.every(([a, b]) => /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(a) && /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(b));
  const all = intervals(t);
  if (all.length === 0 || !valid(all)) return null;
  if (/^(错时|off)/i.test(t)) return { kind: 'off_work', workStart: all[0]![0], workEnd: all[0]![1] };
  if (/^(工作日|周一至周五|weekdays)/i.test(t)) return { kind: 'weekly', week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? all : [])), holidays: 'closed' };
  if (/^(每天|每日|daily)/i.test(t) || /^\d/.test(t)) return { kind: 'weekly', week: Array.from({ length: 7 }, () => all), holidays: holidaysClosed ? 'closed' : 'weekly' };
  const days = '一二三四五六日';
  const week: [string, string][][] = Array.from({ length: 7 }, () => []);
  for (const seg of t.split(/[；;]/).map((x) => x.trim()).filter(Boolean)) {
    const m = seg.match(/^周([一二三四五六日天])/);
    if (!m) return null;
    week[days.indexOf((m[1] as string).replace('天', '日'))] = intervals(seg);
  }
  return { kind: 'weekly', week, holidays: holidaysClosed ? 'closed' : 'weekly' };
}

/** The import sheet's wording for a rule, so that an exported sheet imports back unchanged. */
export function hoursToText(h: OpeningHours): string {
  if (h.kind === 'always') return '24小时';
  if (h.kind === 'closed') return '关闭';
  if (h.kind === 'off_work') return `错时 ${h.workStart}-${h.workEnd}`;
  const ivs = (d: [string, string][] | undefined) => (d ?? []).map(([a, b]) => `${a}-${b}`).join(',');
  const first = ivs(h.week[0]);
  const holidays = h.holidays === 'closed' ? '（节假日休息）' : '';
  if (first && h.week.every((d) => ivs(d) === first)) return `每天 ${first}${holidays}`;
  if (first && h.holidays === 'closed' && h.week.slice(0, 5).every((d) => ivs(d) === first) && h.week.slice(5).every((d) => d.length === 0))
    return `工作日 ${first}`;
  const names = '一二三四五六日';
  return `${h.week.map((d, i) => (d.length ? `周${names[i]} ${ivs(d)}` : '')).filter(Boolean).join('；')}${holidays}`;
}
