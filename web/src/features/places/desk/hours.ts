import type { Interval, OpeningHours } from '../../../api/types';

/**
 * What the desk edits for opening hours: the rule's kind, one text per weekday
 * ("08:30-12:00, 14:30-18:00", empty = closed), the holiday policy, and the working hours of 错时.
 * Converted to the server's rule on save; text that does not read in full is an error, never a guess.
 */
export interface HoursDraft {
  kind: OpeningHours['kind'];
  days: string[];
  holidays: 'weekly' | 'sunday' | 'closed';
  workStart: string;
  workEnd: string;
}

const TIME = /^([01]?\d|2[0-3]):[0-5]\d$|^24:00$/;
const pad = (t: string) => t.padStart(5, '0');

export function draftOf(h: OpeningHours | undefined): HoursDraft {
  const base: HoursDraft = {
    kind: h?.kind ?? 'always',
    days: [
      '08:30-12:00, 14:30-18:00',
      '08:30-12:00, 14:30-18:00',
      '08:30-12:00, 14:30-18:00',
      '08:30-12:00, 14:30-18:00',
      '08:30-12:00, 14:30-18:00',
      '',
      '',
    ],
    holidays: 'closed',
    workStart: '08:00',
    workEnd: '18:00',
  };
  if (h?.kind === 'weekly') return { ...base, days: h.week.map((d) => d.map(([a, b]) => `${a}-${b}`).join(', ')), holidays: h.holidays };
  if (h?.kind === 'off_work') return { ...base, workStart: h.workStart, workEnd: h.workEnd };
  return base;
}

/** "08:30-12:00, 14:30-18:00" → intervals; null when any part does not read. */
export function parseDay(text: string): Interval[] | null {
  const parts = text
    .replace(/[–—~～至到]/g, '-')
    .replace(/：/g, ':')
    .split(/[,，;；、\s]+/)
    .filter(Boolean);
  const out: Interval[] = [];
  for (const p of parts) {
    const m = p.match(/^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/);
    if (!m || !TIME.test(m[1] as string) || !TIME.test(m[2] as string)) return null;
    out.push([pad(m[1] as string), pad(m[2] as string)]);
  }
  return out.length > 4 ? null : out;
}

export const validTime = (t: string) => TIME.test(t.trim());

/** The weekdays (0 = Monday) whose text does not read. */
export function badDays(d: HoursDraft): number[] {
  if (d.kind !== 'weekly') return [];
  return d.days.map((x, i) => (parseDay(x) ? -1 : i)).filter((i) => i >= 0);
}

export function hoursOf(d: HoursDraft): OpeningHours {
  switch (d.kind) {
    case 'always':
      return { kind: 'always' };
    case 'closed':
      return { kind: 'closed' };
    case 'off_work':
      return { kind: 'off_work', workStart: pad(d.workStart.trim()), workEnd: pad(d.workEnd.trim()) };
    case 'weekly':
      return { kind: 'weekly', week: d.days.map((x) => parseDay(x) ?? []), holidays: d.holidays };
  }
}
