/**
 * Who sees which rounds, points and 举一反三 checks. Inspectors are scoped by the unit they are
 * attached to (a district or city inspects everything in it, a street its street); the inspected
 * units (street, community, department staff) see a round only if one of its points is theirs —
 * and an unannounced round (四不两直) only once it has started. docs/inspections.md says it in prose.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { rowInScope, type ScopeColumns, scopeOf, scopeWhere } from '../../platform/scope.js';
import { type Actor, hasRole } from '../auth/actor.js';

export const POINT_SCOPE: ScopeColumns = {
  district: 'inspection_points.district_code',
  street: 'inspection_points.street_code',
  community: 'inspection_points.community_code',
  handler: 'inspection_points.unit_id',
};

export const CHECK_SCOPE: ScopeColumns = {
  district: 'similar_checks.district_code',
  street: 'similar_checks.street_code',
  community: 'similar_checks.community_code',
  handler: 'similar_checks.unit_id',
};

/** An inspector sees the area of the unit it is attached to, as the staff of that unit would. */
export function areaActor(actor: Actor): Actor {
  if (actor.kind !== 'user' || actor.role !== 'inspector' || !actor.unit) return actor;
  const kind = actor.unit.kind;
  const role =
    kind === 'city' || kind === 'district'
      ? 'district_admin'
      : kind === 'street'
        ? 'street_staff'
        : kind === 'community'
          ? 'community_staff'
          : 'department_staff';
  return { ...actor, role };
}

/** Inspectors and the command centre plan and walk rounds; the rest are the inspected. */
export const isInspectorSide = (actor: Actor): boolean => actor.kind === 'system' || hasRole(actor, 'district_admin', 'inspector');

type Eb = ExpressionBuilder<DB, 'inspection_rounds'>;

/** The rounds an actor may see (lists and single reads alike). */
export function roundVisible(actor: Actor) {
  const area = areaActor(actor);
  const scope = scopeOf(area);
  return (eb: Eb): Expression<SqlBool> => {
    if (actor.kind === 'system') return sql<SqlBool>`1 = 1`;
    const hasPoint = eb.exists(
      eb
        .selectFrom('inspection_round_points as rp')
        .innerJoin('inspection_points', 'inspection_points.id', 'rp.point_id')
        .select(sql`1`.as('x'))
        .whereRef('rp.round_id', '=', 'inspection_rounds.id')
        .where(scopeWhere(POINT_SCOPE, area) as never),
    );
    const started = eb.or([eb('inspection_rounds.mode', '=', 'planned'), eb('inspection_rounds.status', '!=', 'planned')]);
    if (isInspectorSide(actor)) {
      if ('all' in scope)
        return scope.districts
          ? eb('inspection_rounds.district_code', 'in', scope.districts.length ? [...scope.districts] : [''])
          : sql<SqlBool>`1 = 1`;
      // Its own rounds, whatever their state; others' only once started (or planned), through a point of its area.
      const mine = actor.kind === 'user' ? [eb('inspection_rounds.created_by', '=', actor.userId)] : [];
      const street = 'street' in scope ? [eb('inspection_rounds.street_code', '=', scope.street)] : [];
      return eb.or([...mine, ...street, eb.and([hasPoint, started])]);
    }
    if ('none' in scope || 'user' in scope) return sql<SqlBool>`1 = 0`;
    return eb.and([hasPoint, started]);
  };
}

/**
 * Whether the actor runs the round (start, finish, enter findings): the system, its creator, or an
 * inspector whose area covers the round's own street or district — never through one of its points.
 */
export function runsRound(actor: Actor, round: { created_by: string | null; district_code: string; street_code: string | null }): boolean {
  if (actor.kind === 'system') return true;
  if (!isInspectorSide(actor) || actor.kind !== 'user') return false;
  if (round.created_by === actor.userId) return true;
  const scope = scopeOf(areaActor(actor));
  if ('all' in scope) return !scope.districts || scope.districts.includes(round.district_code);
  return 'street' in scope && round.street_code === scope.street;
}

export const pointInScope = (actor: Actor, row: Record<string, unknown>) => rowInScope(POINT_SCOPE, areaActor(actor), row);
export const checkInScope = (actor: Actor, row: Record<string, unknown>) => rowInScope(CHECK_SCOPE, areaActor(actor), row);

/**
 * Within a round it may see, which points (and their findings and photos) the actor sees: all of
 * them if it runs the round or is the command centre; otherwise only those in its own area — the
 * inspected community does not read the next street's findings.
 */
export const seesRoundPoint = (
  actor: Actor,
  round: { created_by: string | null; district_code: string; street_code: string | null },
  point: Record<string, unknown>,
): boolean => runsRound(actor, round) || pointInScope(actor, point);
