/**
 * What the request engine answers: the one contract between the server and its clients. The
 * presenter's types are inferred from these schemas, the OpenAPI document publishes them, tests
 * check every answer against them, and the web app imports the inferred types (web/src/api/types.ts).
 */
import { z } from 'zod';
import { latLng, named, pageOf } from '../../http/responses.js';
import { KINDS } from './kinds.js';
import { ACTIONS, STATUSES } from './lifecycle.js';
import { CHANNELS, RATINGS, URGENCIES } from './requests.schema.js';

const at = z.string().nullable();
const attributeAnswers = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const requestView = z.strictObject({
  id: z.string(),
  number: z.string(),
  kind: z.enum(KINDS),
  categoryCode: z.string(),
  urgency: z.enum(URGENCIES),
  title: z.string(),
  description: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  statusName: named,
  version: z.number().int(),
  location: latLng.nullable(),
  address: z.string().nullable(),
  streetCode: z.string().nullable(),
  communityCode: z.string().nullable(),
  gridCode: z.string().nullable(),
  handlerUnitId: z.string().nullable(),
  anonymous: z.boolean(),
  reporter: z.strictObject({ name: z.string().nullable(), phone: z.string().nullable(), phoneMasked: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  deadlines: z.strictObject({ sign: at, contact: at, resolve: at }),
  overdue: z.boolean(),
  supervised: z.boolean(),
  extensionPending: z.boolean(),
  reopenCount: z.number().int(),
  reply: z.string().nullable(),
  rating: z.strictObject({ rating: z.enum(RATINGS), resolved: z.boolean(), comment: z.string().nullable(), at }).nullable(),
  mergedIntoId: z.string().nullable(),
  /** 公开位置: the reporter let public feeds show the exact point. */
  publicLocation: z.boolean(),
  /** Answers to the category's service attributes. */
  attributes: attributeAnswers.nullable(),
  times: z.strictObject({ dispatched: at, signed: at, contacted: at, resolved: at, closed: at }),
});
export type RequestView = z.infer<typeof requestView>;

/**
 * What kind of actor wrote an entry, so a client names it in its own language (群众 = `public`,
 * 诉求人 = `reporter`, 工作人员 = `staff`, 系统(自动派单) = `auto_dispatch`, 系统(超期督办) =
 * `overdue_sweep`); `name` stays the stored Chinese label or the person's name.
 */
export const ACTOR_KINDS = ['public', 'reporter', 'staff', 'auto_dispatch', 'overdue_sweep', 'system', 'open311'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const eventView = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  action: z.enum([...ACTIONS, 'create']),
  actionName: named,
  actor: z.strictObject({
    id: z.string().nullable(),
    role: z.string(),
    kind: z.enum(ACTOR_KINDS),
    unitId: z.string().nullable(),
    name: z.string(),
  }),
  from: z.enum(STATUSES).nullable(),
  to: z.enum(STATUSES).nullable(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type EventView = z.infer<typeof eventView>;

export const requestDetail = z.strictObject({ request: requestView, timeline: z.array(eventView), actions: z.array(z.enum(ACTIONS)) });
export type RequestDetail = z.infer<typeof requestDetail>;

/** POST /api/track: the request as its reporter sees it, and a 30-minute token for its photos and actions. */
export const trackedDetail = requestDetail.extend({
  access: z.strictObject({ token: z.string(), expiresAt: z.string() }),
  /** Texts about this request go to the reporter's mobile unless they turned them off; null: no mobile given. */
  sms: z.strictObject({ muted: z.boolean() }).nullable(),
});
export type TrackedDetail = z.infer<typeof trackedDetail>;

export const requestPage = pageOf(requestView);
export const createdRequest = requestView.extend({ trackCode: z.string().optional(), replayed: z.boolean() });
export type CreatedRequest = z.infer<typeof createdRequest>;

export const contactView = z.strictObject({ name: z.string().nullable(), phone: z.string().nullable() });
export const phoneViews = z.strictObject({
  items: z.array(
    z.strictObject({
      at: z.string(),
      userId: z.string().nullable(),
      name: z.string().nullable(),
      role: z.string().nullable(),
      unitId: z.string().nullable(),
    }),
  ),
});
export type PhoneView = z.infer<typeof phoneViews>['items'][number];

export const requestPoint = z.strictObject({
  id: z.string(),
  lat: z.number(),
  lng: z.number(),
  status: z.enum(STATUSES),
  categoryCode: z.string(),
});
export type RequestPoint = z.infer<typeof requestPoint>;
export const requestPoints = z.strictObject({ items: z.array(requestPoint), truncated: z.boolean() });
