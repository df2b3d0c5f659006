import { z } from 'zod';
import { KINDS } from '../requests/requests.schema.js';
import { attributesSchema } from './attributes.js';
import { slaSchema } from './sla.js';

export const categoryCodeParams = z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

export const categoryBody = z.strictObject({
  name: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(60),
  kinds: z.array(z.enum(KINDS)).min(1),
  icon: z.string().trim().min(1).max(40).default('question'),
  handler: z.enum(['grid', 'department']),
  departmentId: z.string().max(40).nullable().default(null),
  sla: slaSchema,
  sort: z.number().int().min(0).max(9999).default(100),
  active: z.boolean().default(true),
  /** GeoReport v2 service attributes: extra questions asked at intake (see attributes.ts). */
  attributes: attributesSchema.default([]),
});
export type CategoryInput = z.infer<typeof categoryBody>;
