import { type Role, STAFF_ROLES } from '../auth/actor.js';
import { type AttributeAnswers, parseAnswers } from '../categories/attributes.js';
import { ACTION_NAMES, type Action, STATUS_NAMES, type Status } from './lifecycle.js';
import type { EventRow, RequestRow } from './requests.repository.js';

/** 13812345678 → 138****5678; landlines keep area code and last 4 digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return null;
  return `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}`;
}

export interface RequestView {
  id: string;
  number: string;
  kind: string;
  categoryCode: string;
  urgency: string;
  title: string;
  description: string;
  channel: string;
  status: Status;
  statusName: { zh: string; en: string };
  version: number;
  location: { lat: number; lng: number } | null;
  address: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  handlerUnitId: string | null;
  anonymous: boolean;
  reporter: { name: string | null; phone: string | null; phoneMasked: boolean };
  createdAt: string;
  updatedAt: string;
  deadlines: { sign: string | null; contact: string | null; resolve: string | null };
  overdue: boolean;
  supervised: boolean;
  extensionPending: boolean;
  reopenCount: number;
  reply: string | null;
  rating: { rating: string; resolved: boolean; comment: string | null; at: string | null } | null;
  mergedIntoId: string | null;
  /** 公开位置: the reporter let public feeds show the exact point. */
  publicLocation: boolean;
  /** Answers to the category's service attributes. */
  attributes: AttributeAnswers | null;
  times: { dispatched: string | null; signed: string | null; contacted: string | null; resolved: string | null; closed: string | null };
}

/** The public shape of a request; phone numbers are masked unless `unmask` (a handler who asked, and was audited). */
export function presentRequest(r: RequestRow, opts: { unmask?: boolean; forPublic?: boolean } = {}): RequestView {
  const hideWho = r.anonymous === 1 || opts.forPublic;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    categoryCode: r.category_code,
    urgency: r.urgency,
    title: r.title,
    description: r.description,
    channel: r.channel,
    status: r.status as Status,
    statusName: STATUS_NAMES[r.status as Status],
    version: r.version,
    location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
    address: r.address,
    streetCode: r.street_code,
    communityCode: r.community_code,
    gridCode: r.grid_code,
    handlerUnitId: r.handler_unit_id,
    anonymous: r.anonymous === 1,
    reporter: {
      name: hideWho ? (r.anonymous === 1 ? '匿名' : maskName(r.reporter_name)) : r.reporter_name,
      phone: opts.unmask ? r.reporter_phone : maskPhone(r.reporter_phone),
      phoneMasked: !opts.unmask,
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deadlines: { sign: r.sign_deadline, contact: r.contact_deadline, resolve: r.resolve_deadline },
    overdue: r.overdue === 1,
    supervised: r.supervised === 1,
    extensionPending: r.extension_pending === 1,
    reopenCount: r.reopen_count,
    reply: r.reply,
    rating: r.rating ? { rating: r.rating, resolved: r.rating_resolved === 1, comment: r.rating_comment, at: r.rated_at } : null,
    mergedIntoId: r.merged_into_id,
    publicLocation: r.public_location === 1,
    attributes: parseAnswers(r.attributes),
    times: {
      dispatched: r.dispatched_at,
      signed: r.signed_at,
      contacted: r.contacted_at,
      resolved: r.resolved_at,
      closed: r.closed_at,
    },
  };
}

export interface EventView {
  id: number;
  at: string;
  action: string;
  actionName: { zh: string; en: string };
  actor: { id: string | null; role: string; kind: ActorKind; unitId: string | null; name: string };
  from: string | null;
  to: string | null;
  note: string | null;
  photos: string[];
  data: Record<string, unknown> | null;
}

export function presentEvent(e: EventRow, opts: { forPublic?: boolean } = {}): EventView {
  return {
    id: Number(e.id),
    at: e.at,
    action: e.action,
    actionName: ACTION_NAMES[e.action as Action | 'create'] ?? { zh: e.action, en: e.action },
    actor: {
      id: opts.forPublic ? null : e.actor_id,
      role: e.actor_role,
      kind: actorKind(e),
      unitId: e.actor_unit_id,
      // residents see the unit and role, not the staff member's name (nor the reporter's full name)
      name: opts.forPublic ? publicActorName(e) : e.actor_name,
    },
    from: e.from_status,
    to: e.to_status,
    note: e.note,
    photos: e.photos ? (JSON.parse(e.photos) as string[]) : [],
    data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
  };
}

/**
 * What kind of actor wrote an entry, so a client names it in its own language (群众 = `public`,
 * 诉求人 = `reporter`, 工作人员 = `staff`, 系统(自动派单) = `auto_dispatch`, 系统(超期督办) =
 * `overdue_sweep`); `name` stays the stored Chinese label or the person's name.
 */
export type ActorKind = 'public' | 'reporter' | 'staff' | 'auto_dispatch' | 'overdue_sweep' | 'system' | 'open311';

function actorKind(e: EventRow): ActorKind {
  if (STAFF_ROLES.includes(e.actor_role as Role)) return 'staff';
  if (['reporter', 'resident', 'volunteer'].includes(e.actor_role)) return 'reporter';
  if (e.actor_role === 'public' || e.actor_role === 'open311') return e.actor_role;
  if (e.actor_role === 'system' && e.action === 'dispatch') return 'auto_dispatch';
  if (e.actor_role === 'system' && e.action === 'supervise') return 'overdue_sweep';
  return 'system';
}

/** Who did it, as a member of the public may see it: staff as "工作人员", the reporter as "诉求人". */
function publicActorName(e: EventRow): string {
  if (STAFF_ROLES.includes(e.actor_role as Role)) return '工作人员';
  if (['reporter', 'resident', 'volunteer'].includes(e.actor_role)) return '诉求人';
  return e.actor_name; // 群众, 系统(…), an Open311 client's name
}
