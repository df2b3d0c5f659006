/**
 * 工作时: the clock city-management time limits run on. It moves only during office hours
 * (China time) on working days of the holiday calendar; a limit of 4 working hours given on
 * Friday at 16:00 with office hours 08:30-12:00 and 14:30-18:00 runs 2 hours on Friday and ends
 * on Monday at 10:30 (Saturday and Sunday do not count).
 */
import { chinaDate, chinaMidnight, HOUR_MS } from '../../clock.js';
import { nextDate, type WorkingCalendar } from './working-days.js';

/** Office periods of one working day, as minutes after local midnight: [[510, 720], [870, 1080]]. */
export type OfficeHours = readonly (readonly [number, number])[];

export const DEFAULT_OFFICE_HOURS = '08:30-12:00,14:30-18:00';

/** "08:30-12:00,14:30-18:00" → periods; throws on a malformed or overlapping list (a configuration error). */
export function parseOfficeHours(text: string): OfficeHours {
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) throw new Error(`office hours: cannot read "${part}" (expected HH:MM-HH:MM)`);
    const a = Number(m[1]) * 60 + Number(m[2]);
    const b = Number(m[3]) * 60 + Number(m[4]);
    if (b <= a || b > 24 * 60 || a < (out.at(-1)?.[1] ?? 0)) throw new Error(`office hours: "${part}" is not after the previous period`);
    out.push([a, b]);
  }
  return out;
}

export type RectificationLimit = { value: number; unit: 'hours' | 'working_days' | 'working_hours' };

/** The instant `hours` working hours after `from`. */
export function addWorkingHours(cal: WorkingCalendar, office: OfficeHours, from: Date, hours: number): Date {
  let left = hours * 60;
  let date = chinaDate(from);
  let minute = (from.getTime() - chinaMidnight(date).getTime()) / 60000;
  for (let guard = 0; guard < 3660; guard++) {
    if (cal.isWorkingDay(date)) {
      for (const [a, b] of office) {
        const start = Math.max(a, minute);
        if (start >= b) continue;
        if (start + left <= b) return new Date(chinaMidnight(date).getTime() + (start + left) * 60000);
        left -= b - start;
      }
    }
    date = nextDate(date);
    minute = 0;
  }
  throw new Error('working-hour calendar has no working hours');
}

export function rectificationDeadline(cal: WorkingCalendar, office: OfficeHours, from: Date, limit: RectificationLimit): Date {
  if (limit.unit === 'hours') return new Date(from.getTime() + limit.value * HOUR_MS);
  if (limit.unit === 'working_days') return cal.addWorkingDays(from, limit.value);
  return addWorkingHours(cal, office, from, limit.value);
}
