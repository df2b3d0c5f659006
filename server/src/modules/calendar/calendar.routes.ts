import { z } from 'zod';
import { okAnswer } from '../../http/responses.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { calendarYear, yearStatus } from './calendar.responses.js';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: '不是有效日期',
    params: { en: 'not a valid date' },
  });

const yearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

export const calendarRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/calendar/:year',
    summary: 'Holidays and make-up working days (调休) of a year',
    tag: 'calendar',
    access: 'public',
    rateLimit: 'general',
    params: yearParams,
    response: calendarYear,
    handler: async ({ params }) => ({
      year: params.year,
      ...(await s.calendar.status(params.year)),
      days: (await s.calendar.year(params.year)).map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    }),
  }),
  route({
    method: 'PUT',
    url: '/api/calendar/:year/confirmation',
    summary: "Say a year's days now follow the State Council's notice (after entering its 调休 by hand)",
    tag: 'calendar',
    access: ['district_admin'],
    params: yearParams,
    body: z.strictObject({ source: z.string().trim().min(4).max(200) }),
    response: yearStatus,
    handler: async ({ actor, params, body }) => s.calendar.confirmYear(actor, params.year, body.source),
  }),
  route({
    method: 'PUT',
    url: '/api/calendar/days/:date',
    summary: 'Set a holiday or make-up working day (command centre extends the calendar each year)',
    tag: 'calendar',
    access: ['district_admin'],
    params: z.strictObject({ date }),
    body: z.strictObject({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(40) }),
    response: okAnswer,
    handler: async ({ actor, params, body }) => {
      await s.calendar.setDay(actor, { date: params.date, kind: body.kind, name: body.name });
      return { ok: true };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/calendar/days/:date',
    summary: 'Remove a calendar entry',
    tag: 'calendar',
    access: ['district_admin'],
    params: z.strictObject({ date }),
    response: okAnswer,
    handler: async ({ actor, params }) => {
      await s.calendar.removeDay(actor, params.date);
      return { ok: true };
    },
  }),
];
