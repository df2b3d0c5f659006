/**
 * Who sees and acts on which requests. Every read of requests (list, count, detail, export,
 * search, measures) goes through `scopeFilter`; every action goes through `performersFor`. The
 * scope rule itself is the platform's (platform/scope.ts), over the request's place columns.
 */
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { DB, RequestTable } from '../../db/schema.js';
import { rowInScope, type ScopeColumns, scopeWhere } from '../../platform/scope.js';
import { type Actor, hasRole, type UnitScope } from '../auth/actor.js';
import type { Performer } from './lifecycle.js';

export { type Scope, scopeOf } from '../../platform/scope.js';

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

/** The request's place columns, and the accounts that filed it. */
export const REQUEST_SCOPE: ScopeColumns = {
  district: 'requests.district_code',
  street: 'requests.street_code',
  community: 'requests.community_code',
  grid: 'requests.grid_code',
  handler: 'requests.handler_unit_id',
  owners: ['requests.reporter_user_id', 'requests.created_by_user_id'],
};

/** A where-clause limiting a requests query to the actor's scope. */
export function scopeFilter(actor: Actor) {
  const where = scopeWhere(REQUEST_SCOPE, actor);
  return (eb: ExpressionBuilder<DB, 'requests'>) => where(eb);
}

/** The same rule as scopeFilter, for one row already in memory. */
export function inScope(actor: Actor, r: RequestRow): boolean {
  return rowInScope(REQUEST_SCOPE, actor, r);
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
