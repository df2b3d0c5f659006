/** Input and answer shapes of the drives' routes: the single source for validation and the OpenAPI document. */
import { z } from 'zod';
import { CONFIRM_METHODS, DELIVERY_STATUSES } from './delivery.lifecycle.js';
import { DRIVE_STATUSES } from './drive.lifecycle.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const mobile = z.string().regex(/^1[3-9]\d{9}$/);
const phone = z.string().regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/);
/** 18-digit resident ID (the last may be X). */
const idNumber = z.string().regex(/^\d{17}[\dXx]$/);
const qty = z.number().int().min(1).max(100_000);
const version = z.number().int().positive();

export const driveIdParams = z.strictObject({ id: z.string().uuid() });
export const driveChildParams = z.strictObject({ id: z.string().uuid(), childId: z.string().uuid() });

export const itemBody = z.strictObject({
  name: text(40),
  contents: text(400).optional(),
  valueYuan: z.number().int().min(1).max(100_000).optional(),
  unitLabel: text(6).default('份'),
});
export type ItemInput = z.infer<typeof itemBody>;

export const createDriveBody = z.strictObject({
  title: text(60),
  description: text(1000).optional(),
  organiserUnitId: z.string().min(1).max(40),
  /** Shown as the organiser when it is not the unit's own name (区妇联 through the district). */
  organiserName: text(40).optional(),
  targetCount: z.number().int().min(1).max(100_000),
  targetUnit: z.enum(['recipients', 'packs']).default('recipients'),
  items: z.array(itemBody).min(1).max(20),
});
export type CreateDriveInput = z.infer<typeof createDriveBody>;

export const driveListQuery = z.strictObject({
  status: z.enum(DRIVE_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const driveActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), version, note: text(500).optional() }),
  z.strictObject({ action: z.literal('close'), version, note: text(500).optional() }),
  z.strictObject({ action: z.literal('reopen'), version, note: text(500).optional() }),
]);
export type DriveActionInput = z.infer<typeof driveActionBody>;

export const pledgeBody = z.strictObject({
  itemId: z.string().uuid(),
  donorKind: z.enum(['unit', 'person']),
  donorName: text(60),
  donorPhone: phone.optional(),
  quantity: qty,
  note: text(500).optional(),
});
export type PledgeInput = z.infer<typeof pledgeBody>;

export const receiptBody = z.strictObject({
  itemId: z.string().uuid(),
  /** Stock received against a pledge counts towards it; without one it is an unpledged gift. */
  pledgeId: z.string().uuid().optional(),
  quantity: qty,
  note: text(500).optional(),
});
export type ReceiptInput = z.infer<typeof receiptBody>;

export const recipientBody = z.strictObject({
  name: text(40),
  phone: mobile.optional(),
  idNumber: idNumber.optional(),
  communityCode: z.string().regex(/^\d{12}$/),
  reason: text(200),
  /** The entitlement: which item (required when the drive has several) and how many (default 1). */
  itemId: z.string().uuid().optional(),
  quantity: z.number().int().min(1).max(10).default(1),
});
export type RecipientInput = z.infer<typeof recipientBody>;

const confirmation = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('photo'), photos: z.array(z.string().uuid()).min(1).max(3) }),
  z.strictObject({ method: z.literal('code'), code: z.string().regex(/^\d{6}$/) }),
  /** The delivery waits for a staff call-back (回音卡) to be confirmed. */
  z.strictObject({ method: z.literal('callback') }),
]);

export const deliveryBody = z.strictObject({
  recipientId: z.string().uuid(),
  /** Optional echoes of the recipient's entitlement: a different item or quantity is refused. */
  itemId: z.string().uuid().optional(),
  quantity: z.number().int().min(1).max(10).optional(),
  confirmation,
  note: text(500).optional(),
});
export type DeliveryInput = z.infer<typeof deliveryBody>;

export const deliveryActionBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('confirm'),
    version,
    confirmation: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('photo'), photos: z.array(z.string().uuid()).min(1).max(3) }),
      z.strictObject({ method: z.literal('code'), code: z.string().regex(/^\d{6}$/) }),
      /** Who answered and what they said, as the staff member heard it on the phone. */
      z.strictObject({ method: z.literal('callback'), note: text(500) }),
    ]),
  }),
  z.strictObject({ action: z.literal('dispute'), version, note: text(500) }),
  /** Wrongly recorded or never arrived: the stock goes back and the household may be served again. */
  z.strictObject({ action: z.literal('void'), version, reason: text(500) }),
]);
export type DeliveryActionInput = z.infer<typeof deliveryActionBody>;

export const statsQuery = z.strictObject({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});

// ---- answers ---------------------------------------------------------------------------------

const label = z.object({ zh: z.string(), en: z.string() });

export const itemView = z.object({
  id: z.string(),
  name: z.string(),
  contents: z.string().nullable(),
  valueYuan: z.number().nullable(),
  unitLabel: z.string(),
  pledged: z.number(),
  received: z.number(),
  /** Parcels of this item in deliveries that count (not disputed, not voided). */
  delivered: z.number(),
  confirmed: z.number(),
  disputed: z.number(),
  stock: z.number(),
});

/** In the target's unit: households when it counts recipients, parcels when it counts packs; disputed and voided left out. */
export const progressView = z.object({
  target: z.number(),
  targetUnit: z.enum(['recipients', 'packs']),
  delivered: z.number(),
  confirmed: z.number(),
  disputed: z.number(),
  recipients: z.number(),
});

export const driveSummaryView = z.object({
  id: z.string(),
  title: z.string(),
  organiserName: z.string(),
  organiserUnitId: z.string(),
  status: z.enum(DRIVE_STATUSES),
  statusName: label,
  version: z.number(),
  demo: z.boolean(),
  createdAt: z.string(),
  progress: progressView,
});

export const pledgeView = z.object({
  id: z.string(),
  itemId: z.string(),
  donorKind: z.enum(['unit', 'person']),
  donorName: z.string(),
  donorPhone: z.string().nullable(),
  quantity: z.number(),
  received: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const receiptView = z.object({
  id: z.string(),
  itemId: z.string(),
  pledgeId: z.string().nullable(),
  quantity: z.number(),
  note: z.string().nullable(),
  receivedAt: z.string(),
});

export const timelineView = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
});

export const driveView = driveSummaryView.extend({
  description: z.string().nullable(),
  items: z.array(itemView),
  pledges: z.array(pledgeView),
  receipts: z.array(receiptView),
  actions: z.array(z.string()),
  timeline: z.array(timelineView),
});

export const deliveryView = z.object({
  id: z.string(),
  recipientId: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  status: z.enum(DELIVERY_STATUSES),
  statusName: label,
  version: z.number(),
  confirmMethod: z.enum(CONFIRM_METHODS).nullable(),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  deliveredByName: z.string(),
  deliveredAt: z.string(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
  actions: z.array(z.string()),
});

export const recipientView = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  communityCode: z.string(),
  communityName: z.string(),
  reason: z.string(),
  /** The entitlement: what one delivery to this recipient takes. */
  itemId: z.string(),
  quantity: z.number(),
  hasCode: z.boolean(),
  delivery: deliveryView.nullable(),
});

export const recipientListView = z.object({ items: z.array(recipientView), total: z.number() });
export const contactView = z.object({ name: z.string(), phone: z.string().nullable(), idNumber: z.string().nullable() });
export const driveListView = z.object({ items: z.array(driveSummaryView), total: z.number() });
export const statsView = z.object({
  items: z.array(z.object({ driveId: z.string(), title: z.string(), month: z.string(), delivered: z.number(), confirmed: z.number() })),
});
export const publicSummaryView = z.object({
  title: z.string(),
  organiserName: z.string(),
  status: z.enum(DRIVE_STATUSES),
  target: z.number(),
  targetUnit: z.enum(['recipients', 'packs']),
  delivered: z.number(),
});
