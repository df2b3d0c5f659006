import { chinaDate, chinaMidnight, DAY_MS, HOUR_MS } from '../../clock.js';

export type DayKind = 'holiday' | 'workday';

/** A time limit: calendar hours (urgent work runs round the clock) or working days. */
export type Limit = { hours: number } | { workdays: number };

/**
 * China's working-day calendar: Monday–Friday are working days, except official holidays;
 * Saturdays and Sundays are rest days, except make-up working days (调休上班).
 * `overrides` holds only the exceptions, keyed by local date (YYYY-MM-DD).
 */
export class WorkingCalendar {
  constructor(private readonly overrides: ReadonlyMap<string, DayKind>) {}

  /** An official holiday (not an ordinary weekend). */
  isHoliday(date: string): boolean {
    return this.overrides.get(date) === 'holiday';
  }

  isWorkingDay(date: string): boolean {
    const o = this.overrides.get(date);
    if (o) return o === 'workday';
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * End of the n-th working day after the local date of `from` (the day of acceptance does
   * not count): a request accepted on Friday 2025-09-26 with 7 working days is due at the end
   * of 2025-10-14, because 10-01..10-08 are the National Day holiday and 09-28 (Sunday) and
   * 10-11 (Saturday) are make-up working days:
   *
   *   Sep 26 Fri  accepted
   *   Sep 27 Sat  rest      Sep 28 Sun  WORK (1)   Sep 29 Mon (2)  Sep 30 Tue (3)
   *   Oct 01..08  holiday   Oct 09 Thu (4)   Oct 10 Fri (5)   Oct 11 Sat WORK (6)
   *   Oct 12 Sun  rest      Oct 13 Mon (7)  → due 2025-10-14 00:00 China time
   */
  addWorkingDays(from: Date, n: number): Date {
    let date = chinaDate(from);
    let counted = 0;
    for (let guard = 0; counted < n; guard++) {
      if (guard > 3660) throw new Error('working-day calendar has no working days');
      date = nextDate(date);
      if (this.isWorkingDay(date)) counted++;
    }
    return chinaMidnight(nextDate(date));
  }

  deadline(from: Date, limit: Limit): Date {
    if ('hours' in limit) return new Date(from.getTime() + limit.hours * HOUR_MS);
    return this.addWorkingDays(from, limit.workdays);
  }

  /** Working days between two instants' local dates (exclusive of the first), for reports. */
  workingDaysBetween(a: Date, b: Date): number {
    let date = chinaDate(a);
    const end = chinaDate(b);
    let n = 0;
    while (date < end) {
      date = nextDate(date);
      if (this.isWorkingDay(date)) n++;
    }
    return n;
  }
}

/** The calendar day after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
}
