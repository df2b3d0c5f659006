/** The one source of "now". Tests use a FixedClock; nothing else reads Date.now() for domain time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FixedClock implements Clock {
  private t: number;
  constructor(start: string | Date | number) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: string | Date | number): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // China has one time zone and no daylight saving.

/** Local date in China (YYYY-MM-DD) of an instant. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Local month in China (YYYY-MM) of an instant. */
export function chinaMonth(d: Date): string {
  return chinaDate(d).slice(0, 7);
}

/** The instant of local midnight (00:00 China time) starting the given local date. */
export function chinaMidnight(date: string): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - SHANGHAI_OFFSET_MS);
}

export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;
