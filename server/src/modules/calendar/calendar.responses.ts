import { z } from 'zod';

/**
 * Where a year's calendar comes from. official: the shipped file transcribes the State
 * Council's notice. provisional: the shipped file holds only the statutory days, so 调休 are
 * missing until an admin enters them. confirmed: an admin entered the notice and said so.
 * missing: nothing shipped.
 */
export const yearStatus = z.strictObject({
  status: z.enum(['official', 'provisional', 'confirmed', 'missing']),
  source: z.string().nullable(),
  confirmedAt: z.string().optional(),
});
export type YearStatus = z.infer<typeof yearStatus>;

export const calendarDay = z.strictObject({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() });
export const calendarYear = yearStatus.extend({ year: z.number().int(), days: z.array(calendarDay) });
export type CalendarYearView = z.infer<typeof calendarYear>;
