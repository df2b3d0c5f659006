/**
 * The rectification API contract (整改): an order to a responsible unit with a deadline, answered
 * with after-photos, re-checked and closed or sent back. Shared by inspections (a failed
 * checklist item) and the campaigns' hazards (source type names the origin).
 */
import { z } from 'zod';

export const ORDER_STATUSES = ['open', 'answered', 'closed', 'withdrawn'] as const;
export const ORDER_ACTIONS = ['answer', 'pass', 'send_back', 'escalate', 'withdraw'] as const;

const id = z.string().uuid();
const text = (max: number) => z.string().trim().min(1).max(max);
const uploadIds = z.array(z.string().uuid()).max(9);
const version = z.number().int().positive();

export const orderActionBody = z.discriminatedUnion('action', [
  /** The unit: what was done, with after-photos (at least one). */
  z.strictObject({ action: z.literal('answer'), note: text(1000), photos: uploadIds.min(1), version }),
  /** The re-checker: the after-photos match the fix; closes the order. */
  z.strictObject({ action: z.literal('pass'), note: z.string().trim().max(1000).optional(), photos: uploadIds.optional(), version }),
  /** The re-checker: not fixed; back to the unit, counted as rework. */
  z.strictObject({ action: z.literal('send_back'), reason: text(500), photos: uploadIds.optional(), version }),
  /** Staff above the unit: press an order (overdue or not); the overdue job does it once by itself. */
  z.strictObject({ action: z.literal('escalate'), note: text(500), version }),
  z.strictObject({ action: z.literal('withdraw'), reason: text(500), version }),
]);
export type OrderActionInput = z.infer<typeof orderActionBody>;
type ActionsWithoutBody = Exclude<(typeof ORDER_ACTIONS)[number], OrderActionInput['action']>;
export const EVERY_ORDER_ACTION_HAS_A_BODY: [ActionsWithoutBody] extends [never] ? true : ActionsWithoutBody = true;

export const orderListQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  overdue: z.enum(['1', '0']).optional(),
  unitId: z.string().max(40).optional(),
  sourceType: z.string().max(40).optional(),
  roundId: id.optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const label = z.object({ zh: z.string(), en: z.string() });
export const order = z.object({
  id,
  /** 'inspection' (a failed checklist item), 'similar' (举一反三 check), 'hazard' (campaigns). */
  sourceType: z.string(),
  sourceId: z.string(),
  roundId: z.string().nullable(),
  title: z.string(),
  itemCode: z.string().nullable(),
  pointId: z.string().nullable(),
  pointName: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  districtCode: z.string(),
  streetCode: z.string(),
  communityCode: z.string(),
  status: z.enum(ORDER_STATUSES),
  statusName: label,
  deadlineAt: z.string(),
  overdue: z.boolean(),
  reworkCount: z.number(),
  recurring: z.boolean(),
  escalatedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Closed by the deadline. */
  closedOnTime: z.boolean().nullable(),
  inspectorId: z.string().nullable(),
  recheck: z.enum(['any', 'same', 'other']),
  version: z.number(),
  createdAt: z.string(),
});
export const orderList = z.object({ items: z.array(order), total: z.number() });
export const timelineEntry = z.object({
  at: z.string(),
  action: z.string(),
  actionName: label,
  from: z.string().nullable(),
  to: z.string().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
});
export const orderDetail = order.extend({
  /** The inspector's photos of the failure. */
  beforePhotos: z.array(z.string()),
  /** The unit's latest answer photos. */
  afterPhotos: z.array(z.string()),
  timeline: z.array(timelineEntry),
  actions: z.array(z.enum(ORDER_ACTIONS)),
});

export const unitRates = z.object({
  unitId: z.string(),
  unitName: z.string(),
  total: z.number(),
  open: z.number(),
  overdue: z.number(),
  reworked: z.number(),
  closed: z.number(),
  /** 结案率, 按期结案率, 返工率: shares of all orders (0..1), null without orders. */
  closeRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  reworkRate: z.number().nullable(),
});
export const ratesQuery = z.strictObject({ roundId: id.optional(), sourceType: z.string().max(40).optional() });
export const ratesResult = z.object({ units: z.array(unitRates), total: unitRates.omit({ unitId: true, unitName: true }) });
