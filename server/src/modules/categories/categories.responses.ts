import { z } from 'zod';
import { itemsOf } from '../../http/responses.js';
import { KINDS } from '../requests/kinds.js';
import { attributeSchema } from './attributes.js';
import { slaSchema } from './sla.js';

/** A category as clients see it: its time limits, its handler, the extra questions it asks. */
export const categoryView = z.strictObject({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kinds: z.array(z.enum(KINDS)),
  icon: z.string(),
  handler: z.enum(['grid', 'department']),
  departmentId: z.string().nullable(),
  sla: slaSchema,
  sort: z.number().int(),
  active: z.boolean(),
  /** GeoReport v2 service attributes: extra questions asked at intake. */
  attributes: z.array(attributeSchema),
});
export type CategoryView = z.infer<typeof categoryView>;
export const categoryList = itemsOf(categoryView);
