import { z } from 'zod';
import { attributeAnswersSchema } from '../categories/attributes.js';
import { KINDS } from './kinds.js';
import { type ACTIONS, STATUSES } from './lifecycle.js';

export { KINDS };
export const URGENCIES = ['urgent', 'normal', 'complex'] as const;
export const CHANNELS = ['web', 'proxy', 'patrol', 'liaison', 'open311'] as const;
export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;

export const MAX_DESCRIPTION = 4000;

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z.string().regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/);
const uploadIds = z.array(z.string().uuid()).max(9);

export const createRequestBody = z.strictObject({
  kind: z.enum(KINDS).default('problem'),
  categoryCode: z.string().min(1).max(40),
  urgency: z.enum(URGENCIES).default('normal'),
  title: text(80).optional(),
  /** 4,000 characters on every channel, as GeoReport v2 allows. */
  description: text(MAX_DESCRIPTION),
  channel: z.enum(CHANNELS).optional(),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  communityCode: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  address: text(200).optional(),
  anonymous: z.boolean().default(false),
  reporterName: text(40).optional(),
  reporterPhone: phone.optional(),
  photos: uploadIds.default([]),
  /** 公开位置: the reporter lets public feeds show the exact point (otherwise coarsened). */
  publicLocation: z.boolean().default(false),
  /** Answers to the category's service attributes, by attribute code. */
  attributes: attributeAnswersSchema.optional(),
});
export type CreateRequestInput = z.infer<typeof createRequestBody>;

const common = { note: text(1000).optional(), photos: uploadIds.optional(), version: z.number().int().positive().optional() };

export const actionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('dispatch'), handlerUnitId: z.string().min(1).max(40), ...common }),
  z.strictObject({ action: z.literal('sign'), ...common }),
  z.strictObject({ action: z.literal('contact'), ...common, note: text(1000) }),
  z.strictObject({ action: z.literal('resolve'), ...common, reply: text(2000) }),
  z.strictObject({
    action: z.literal('rate'),
    rating: z.enum(RATINGS),
    resolved: z.boolean(),
    comment: text(500).optional(),
    version: common.version,
  }),
  z.strictObject({ action: z.literal('close'), ...common }),
  z.strictObject({ action: z.literal('return'), ...common, reason: text(500) }),
  z.strictObject({ action: z.literal('request_extension'), ...common, days: z.number().int().min(1).max(30), reason: text(500) }),
  z.strictObject({ action: z.literal('approve_extension'), ...common }),
  z.strictObject({ action: z.literal('deny_extension'), ...common, reason: text(500) }),
  z.strictObject({ action: z.literal('supervise'), ...common, note: text(1000) }),
  z.strictObject({ action: z.literal('reopen'), ...common, reason: text(500) }),
  z.strictObject({ action: z.literal('reject'), ...common, reason: text(500) }),
  z.strictObject({ action: z.literal('merge'), ...common, targetId: z.string().min(1).max(60) }),
  z.strictObject({ action: z.literal('comment'), ...common, note: text(1000) }),
]);
export type ActionInput = z.infer<typeof actionBody>;
// Keep the schema and the state machine in step: an action of lifecycle.ts without a body
// shape here is a compile error.
type ActionsWithoutBody = Exclude<(typeof ACTIONS)[number], ActionInput['action']>;
export const EVERY_ACTION_HAS_A_BODY: [ActionsWithoutBody] extends [never] ? true : ActionsWithoutBody = true;

export const QUEUES = ['new', 'unassigned', 'overdue', 'supervised', 'mine', 'extension'] as const;

export const listQuery = z.strictObject({
  queue: z.enum(QUEUES).optional(),
  status: z.enum(STATUSES).optional(),
  categoryCode: z.string().max(40).optional(),
  kind: z.enum(KINDS).optional(),
  channel: z.enum(CHANNELS).optional(),
  unitId: z.string().max(40).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ListQuery = z.infer<typeof listQuery>;

export const idParams = z.strictObject({ id: z.string().min(1).max(60) });

/** The proof a resident gives: number + phone (or code), or the short-lived access token answered by POST /api/track. */
const trackProof = {
  number: z.string().trim().min(1).max(40).optional(),
  phone: z.string().trim().max(20).optional(),
  code: z.string().trim().max(20).optional(),
  access: z.string().trim().min(1).max(200).optional(),
};

export const trackBody = z.strictObject(trackProof);

export const trackActionBody = z.strictObject({
  ...trackProof,
  action: z.enum(['rate', 'reopen']),
  rating: z.enum(RATINGS).optional(),
  resolved: z.boolean().optional(),
  comment: text(500).optional(),
  reason: text(500).optional(),
});
