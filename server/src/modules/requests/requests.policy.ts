/**
 * Who sees and acts on which requests. Every read of requests (list, count, detail, export,
 * search, measures) goes through `scopeFilter`; every action goes through `performersFor`.
 */
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { DB, RequestTable } from '../../db/schema.js';
import { type Actor, hasRole, type UnitScope } from '../auth/actor.js';
import type { Performer } from './lifecycle.js';

type RequestRow = Pick<
  Selectable<RequestTable>,
  | 'district_code'
  | 'street_code'
  | 'community_code'
  | 'grid_code'
  | 'handler_unit_id'
  | 'reporter_user_id'
  | 'created_by_user_id'
  | 'signed_at'
>;

export type Scope =
  | { all: true; district: string }
  | { street: string }
  | { community: string }
  | { grid: string; community: string }
  | { handler: string }
  | { user: string }
  | { none: true };

export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'system') return { all: true, district: '' };
  if (actor.kind !== 'user') return { none: true };
  const u = actor.unit;
  switch (actor.role) {
    case 'district_admin':
      return u ? { all: true, district: u.districtCode } : { none: true };
    case 'street_staff':
      return u?.streetCode ? { street: u.streetCode } : { none: true };
    case 'community_staff':
      return u?.communityCode ? { community: u.communityCode } : { none: true };
    case 'grid_worker':
      return u?.communityCode ? { grid: u.id, community: u.communityCode } : { none: true };
    case 'department_staff':
      return u ? { handler: u.id } : { none: true };
    default:
      // residents, volunteers and inspectors see what they filed themselves
      return { user: actor.userId };
  }
}

/** A where-clause limiting a requests query to the actor's scope. */
export function scopeFilter(actor: Actor) {
  const s = scopeOf(actor);
  return (eb: ExpressionBuilder<DB, 'requests'>) => {
    if ('all' in s) return s.district ? eb('requests.district_code', '=', s.district) : eb.lit(true);
    if ('street' in s) return eb('requests.street_code', '=', s.street);
    if ('grid' in s)
      return eb.or([
        eb('requests.grid_code', '=', s.grid),
        eb('requests.handler_unit_id', '=', s.grid),
        eb.and([eb('requests.community_code', '=', s.community), eb('requests.grid_code', 'is', null)]),
      ]);
    if ('community' in s) return eb('requests.community_code', '=', s.community);
    if ('handler' in s) return eb('requests.handler_unit_id', '=', s.handler);
    if ('user' in s) return eb.or([eb('requests.reporter_user_id', '=', s.user), eb('requests.created_by_user_id', '=', s.user)]);
    return eb.lit(false);
  };
}

/** The same rule as scopeFilter, for one row already in memory. */
export function inScope(actor: Actor, r: RequestRow): boolean {
  const s = scopeOf(actor);
  if ('all' in s) return !s.district || r.district_code === s.district;
  if ('street' in s) return r.street_code === s.street;
  if ('grid' in s)
    return r.grid_code === s.grid || r.handler_unit_id === s.grid || (r.community_code === s.community && r.grid_code === null);
  if ('community' in s) return r.community_code === s.community;
  if ('handler' in s) return r.handler_unit_id === s.handler;
  if ('user' in s) return r.reporter_user_id === s.user || r.created_by_user_id === s.user;
  return false;
}

/** The roles this actor holds towards this request; `provenReporter` = number + phone checked. */
export function performersFor(actor: Actor, r: RequestRow, handlerUnitPath: string | null, provenReporter = false): Set<Performer> {
  const out = new Set<Performer>();
  if (actor.kind === 'system') out.add('system');
  if (provenReporter) out.add('reporter');
  if (actor.kind !== 'user') return out;
  if (r.reporter_user_id && r.reporter_user_id === actor.userId) out.add('reporter');
  const visible = inScope(actor, r);
  if (visible && hasRole(actor, 'district_admin', 'street_staff', 'community_staff')) out.add('dispatcher');
  if (visible && hasRole(actor, 'district_admin', 'street_staff')) out.add('supervisor');
  if (actor.unit && r.handler_unit_id && isHandlerUnit(actor, actor.unit, r, handlerUnitPath)) out.add('handler');
  return out;
}

function isHandlerUnit(actor: Actor, unit: UnitScope, r: RequestRow, handlerPath: string | null): boolean {
  const handlerId = r.handler_unit_id;
  if (unit.id === handlerId) return hasRole(actor, 'grid_worker', 'community_staff', 'street_staff', 'department_staff', 'district_admin');
  // Community staff act for the grids of their community.
  if (hasRole(actor, 'community_staff') && handlerPath?.startsWith(unit.path) === true) return true;
  return isOpenCommunityRequest(actor, unit, r);
}

/**
 * A request dispatched to a community as a whole (no grid), not yet signed for: every grid
 * worker of that community may take it (docs/roles.md). Signing moves it to the signer's grid
 * (`signerTakes`), after which the others no longer act on it.
 */
function isOpenCommunityRequest(actor: Actor, unit: UnitScope, r: RequestRow): boolean {
  return (
    hasRole(actor, 'grid_worker') &&
    unit.kind === 'grid' &&
    r.grid_code === null &&
    r.signed_at === null &&
    r.handler_unit_id !== null &&
    r.handler_unit_id === unit.communityCode
  );
}

/**
 * The unit a sign hands the request to: a grid worker signing for their community's request
 * takes it into their own grid; anyone else signs where it already is (null = no change).
 */
export function signerTakes(actor: Actor, r: RequestRow): string | null {
  if (actor.kind !== 'user' || !actor.unit) return null;
  return isOpenCommunityRequest(actor, actor.unit, r) ? actor.unit.id : null;
}

/** Where may this dispatcher send work? Inside its own subtree; departments only from the command centre. */
export function canDispatchTo(actor: Actor, target: { path: string; kind: string }): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || !actor.unit) return false;
  if (actor.role === 'district_admin') return target.path.startsWith(actor.unit.path);
  if (target.kind === 'department' || target.kind === 'cobuild') return false;
  return hasRole(actor, 'street_staff', 'community_staff') && target.path.startsWith(actor.unit.path);
}

/** Handlers and dispatchers see the caller's phone unmasked (and each view is audited). */
export const mayUnmaskPhone = (p: ReadonlySet<Performer>): boolean => p.has('handler') || p.has('dispatcher');
