import { z } from 'zod';
import { itemsOf, latLng } from '../../http/responses.js';

export const UNIT_KINDS = ['city', 'district', 'street', 'community', 'grid', 'department', 'cobuild'] as const;

export const unitView = z.strictObject({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  path: z.string(),
  streetCode: z.string().nullable(),
  communityCode: z.string().nullable(),
  location: latLng.nullable(),
  demo: z.boolean(),
});
export type UnitView = z.infer<typeof unitView>;
export const unitList = itemsOf(unitView);
