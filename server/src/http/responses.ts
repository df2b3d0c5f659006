import { z } from 'zod';

/**
 * Response shapes shared by every module. A module's own answers are declared in
 * `<feature>.responses.ts` beside its presenter; `route({ response })` publishes them in the
 * OpenAPI document, and in tests every answer is checked against them (http/route.ts).
 */
export const okAnswer = z.strictObject({ ok: z.literal(true) });
export const named = z.strictObject({ zh: z.string(), en: z.string() });
export const latLng = z.strictObject({ lat: z.number(), lng: z.number() });
export const itemsOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
