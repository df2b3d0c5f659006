import { z } from 'zod';

const limit = z.union([
  z.strictObject({
    hours: z
      .number()
      .positive()
      .max(24 * 90),
  }),
  z.strictObject({ workdays: z.number().int().positive().max(90) }),
]);
const level = z.strictObject({ sign: limit, contact: limit, resolve: limit });

/** Time limits of a category per urgency: sign for, contact the resident, resolve. */
export const slaSchema = z.strictObject({ urgent: level, normal: level, complex: level });
export type Sla = z.infer<typeof slaSchema>;

/** The brief's defaults: urgent contact ≤ 2 h; general sign/contact ≤ 24 h, resolve ≤ 7 working days; complex ≤ 15. */
export const DEFAULT_SLA: Sla = {
  urgent: { sign: { hours: 1 }, contact: { hours: 2 }, resolve: { hours: 24 } },
  normal: { sign: { hours: 24 }, contact: { hours: 24 }, resolve: { workdays: 7 } },
  complex: { sign: { hours: 24 }, contact: { hours: 24 }, resolve: { workdays: 15 } },
};
