import { type Role, STAFF_ROLES } from '../auth/actor.js';
import { parseAnswers } from '../categories/attributes.js';
import type { Kind } from './kinds.js';
import { ACTION_NAMES, type Action, STATUS_NAMES, type Status } from './lifecycle.js';
import type { EventRow, RequestRow } from './requests.repository.js';
import type { ActorKind, EventView, RequestView } from './requests.responses.js';
import type { CHANNELS, RATINGS, URGENCIES } from './requests.schema.js';

export type { ActorKind, EventView, RequestView };

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

/** The public shape of a request; phone numbers are masked unless `unmask` (a handler who asked, and was audited). */
export function presentRequest(r: RequestRow, opts: { unmask?: boolean; forPublic?: boolean } = {}): RequestView {
  const hideWho = r.anonymous === 1 || opts.forPublic;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind as Kind,
    categoryCode: r.category_code,
    urgency: r.urgency as (typeof URGENCIES)[number],
    title: r.title,
    description: r.description,
    channel: r.channel as (typeof CHANNELS)[number],
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
    rating: r.rating
      ? { rating: r.rating as (typeof RATINGS)[number], resolved: r.rating_resolved === 1, comment: r.rating_comment, at: r.rated_at }
      : null,
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

export function presentEvent(e: EventRow, opts: { forPublic?: boolean } = {}): EventView {
  return {
    id: Number(e.id),
    at: e.at,
    action: e.action as Action | 'create',
    actionName: ACTION_NAMES[e.action as Action | 'create'] ?? { zh: e.action, en: e.action },
    actor: {
      id: opts.forPublic ? null : e.actor_id,
      role: e.actor_role,
      kind: actorKind(e),
      unitId: e.actor_unit_id,
      // residents see the unit and role, not the staff member's name (nor the reporter's full name)
      name: opts.forPublic ? publicActorName(e) : e.actor_name,
    },
    from: e.from_status as Status | null,
    to: e.to_status as Status | null,
    note: e.note,
    photos: e.photos ? (JSON.parse(e.photos) as string[]) : [],
    data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
  };
}

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
