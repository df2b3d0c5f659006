import { z } from 'zod';
import { WISH_STATUSES } from './wish.lifecycle.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z.string().regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/);
const version = z.number().int().positive().optional();
const community = z.string().regex(/^\d{12}$/);

/** A wish as the person (web, phone, with or without an account) or staff (代录) enter it. */
export const createWishBody = z.strictObject({
  communityCode: community,
  groupCode: z.string().min(1).max(30),
  /** What is wished for, as the board may show it ("一台收音机"). */
  title: text(40),
  /** The person's own words; never on the board. */
  story: text(500).optional(),
  valueYuan: z.number().int().min(1).max(100000),
  recipientName: text(20),
  recipientAge: z.number().int().min(0).max(120).optional(),
  recipientPhone: phone.optional(),
  /** 身份证号: only its hash is kept, as the household key. */
  idNumber: z
    .string()
    .regex(/^\d{17}[\dXx]$/)
    .optional(),
  /** 户籍户号 (register household number): a household key when there is no ID number or phone; only its hash is kept. */
  householdNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{4,30}$/)
    .optional(),
  /** The recipient agrees that the claimer may call them directly (else a community worker is the contact). */
  phoneConsent: z.boolean().default(false),
  /** The recipient agrees that a delivery photo may be published. */
  photoConsent: z.boolean().default(false),
  /** Staff only: the aid drive (e.g. a festival's wish drive) the wish belongs to; open and in the staff's scope. */
  driveId: z.string().min(1).max(60).optional(),
});
export type CreateWishInput = z.infer<typeof createWishBody>;

export const claimBody = z.strictObject({ asUnit: z.string().min(1).max(40).optional() }).optional();

export const wishActionBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('publish'),
    /** What the board shows; default "王**，78岁，想要一台收音机". No phone numbers. */
    boardText: text(80).optional(),
    contactName: text(20).optional(),
    contactPhone: phone.optional(),
    note: text(500).optional(),
    version,
  }),
  z.strictObject({ action: z.literal('decline'), reason: text(500), version }),
  z.strictObject({ action: z.literal('withdraw'), reason: text(500), version }),
  z.strictObject({
    action: z.literal('fulfil'),
    photos: z.array(z.string().uuid()).min(1).max(9),
    /** The time the claimer spent, as they report it (the service record). */
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }),
    note: text(500).optional(),
    version,
  }),
  z.strictObject({ action: z.literal('confirm'), byPhone: z.boolean().default(false), note: text(500).optional(), version }),
  /** The community confirms the claimer's service record after the recipient confirmed the wish. */
  z.strictObject({ action: z.literal('verify'), note: text(500).optional(), version }),
  z.strictObject({ action: z.literal('convert'), categoryCode: z.string().min(1).max(40), note: text(500).optional(), version }),
  z.strictObject({ action: z.literal('cancel'), reason: text(500), version }),
]);
export type WishActionInput = z.infer<typeof wishActionBody>;
/** What the workflow's effects receive: the body actions plus the doors of their own. */
export type WishStepInput =
  | WishActionInput
  | { action: 'claim'; asUnit?: string; claimDays: number; openClaimsCap: number }
  | { action: 'remind' }
  | { action: 'release' };

export const boardQuery = z.strictObject({
  communityCode: community.optional(),
  /** Only the wishes of one aid drive (a festival's wish drive). */
  drive: z.string().min(1).max(60).optional(),
  groupCode: z.string().max(30).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type BoardQuery = z.infer<typeof boardQuery>;

export const listWishesQuery = z.strictObject({
  status: z.enum(WISH_STATUSES).optional(),
  communityCode: community.optional(),
  groupCode: z.string().max(30).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListWishesQuery = z.infer<typeof listWishesQuery>;

export const idParams = z.strictObject({ id: z.string().min(1).max(60) });

const group = z.object({ code: z.string().regex(/^[a-z_]{2,30}$/), zh: text(20), en: text(40) });
/** What the district configures (settings key `wishes.config`). */
export const wishConfigBody = z.strictObject({
  groups: z
    .array(group)
    .min(1)
    .max(20)
    .refine((gs) => new Set(gs.map((g) => g.code)).size === gs.length, { message: '类别代码不能重复 (group codes must differ)' }),
  valueCapYuan: z.number().int().min(1).max(100000),
  claimDays: z.number().int().min(1).max(60),
  graceDays: z.number().int().min(1).max(30),
  householdYearlyCap: z.number().int().min(1).max(50),
  /** Claims one person may hold undelivered at once: a festival's wishes are not all taken by a few. */
  openClaimsPerPerson: z.number().int().min(1).max(100).default(3),
});
export type WishConfig = z.infer<typeof wishConfigBody>;

// ---- answers -------------------------------------------------------------------------------

export const boardItemView = z.object({
  id: z.string(),
  number: z.string(),
  text: z.string(),
  groupCode: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  status: z.enum(['published', 'claimed', 'fulfilled', 'confirmed']),
  valueYuan: z.number(),
  /** Delivery photos of a confirmed wish whose recipient agreed to publish them (GET /api/uploads/{id}). */
  photos: z.array(z.string()),
  /** The co-building unit that lit it (a person claiming for themselves is not named). */
  litBy: z.string().nullable(),
});
export const boardView = z.object({
  items: z.array(boardItemView),
  total: z.number(),
  lit: z.number(),
  groups: z.array(group),
  communities: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type BoardItemView = z.infer<typeof boardItemView>;
export type BoardView = z.infer<typeof boardView>;

const label = z.object({ zh: z.string(), en: z.string() });
export const wishView = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(WISH_STATUSES),
  statusName: label,
  version: z.number(),
  communityCode: z.string(),
  groupCode: z.string(),
  title: z.string(),
  story: z.string().nullable(),
  valueYuan: z.number(),
  boardText: z.string(),
  recipientName: z.string(),
  recipientAge: z.number().nullable(),
  recipientPhone: z.string().nullable(),
  phoneConsent: z.boolean(),
  photoConsent: z.boolean(),
  channel: z.enum(['self', 'proxy']),
  claimerName: z.string().nullable(),
  claimerUnitId: z.string().nullable(),
  claimedAt: z.string().nullable(),
  claimDueAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** Confirmed by the recipient, the claimer's service time still awaits the community (verify). Staff only; else false. */
  timePending: z.boolean(),
  declineReason: z.string().nullable(),
  requestId: z.string().nullable(),
  /** The aid drive the wish belongs to, or null. */
  driveId: z.string().nullable(),
  createdAt: z.string(),
});
export type WishView = z.infer<typeof wishView>;

export const wishDetailView = z.object({
  wish: wishView,
  actions: z.array(z.string()),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), actionName: label, note: z.string().nullable(), by: z.string() })),
  photos: z.array(z.string()),
});
export type WishDetailView = z.infer<typeof wishDetailView>;
export const wishListView = z.object({ items: z.array(wishView), total: z.number() });
export const contactView = z.object({ name: z.string(), phone: z.string(), kind: z.enum(['worker', 'recipient']) });
