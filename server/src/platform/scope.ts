/**
 * One scope mechanism for every table that carries the standard place columns (district, street,
 * community, grid, handling unit, and the people who filed it). Who sees what is decided once,
 * here, from the actor's unit; each module's policy file names its table's columns and narrows
 * by role (requests.policy.ts, places.policy.ts). docs/roles.md is the prose of this rule.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../modules/auth/actor.js';

export type Scope =
  /** The command centre of a district, or of a city whose districts are listed. */
  | { all: true; districts: readonly string[] | null }
  | { street: string }
  | { community: string }
  | { grid: string; community: string }
  | { handler: string }
  | { user: string }
  | { none: true };

/** The columns of one scoped table; a column the table lacks is left out. */
export interface ScopeColumns {
  district: string;
  street: string;
  community: string;
  /** Grid workers see their grid's items and the community-level items (no grid) of their community. */
  grid?: string;
  /** The unit handling or managing the item (departments see what is theirs). */
  handler?: string;
  /** The accounts that filed the item: residents see their own. */
  owners?: readonly string[];
}

export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'system') return { all: true, districts: null };
  if (actor.kind !== 'user') return { none: true };
  const u = actor.unit;
  switch (actor.role) {
    case 'district_admin':
      return u ? { all: true, districts: u.districtCodes } : { none: true };
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

type AnyEb = ExpressionBuilder<any, any>;

/** A where-clause limiting a query of the table with `cols` to the actor's scope. */
export function scopeWhere(cols: ScopeColumns, actor: Actor) {
  const s = scopeOf(actor);
  return (eb: AnyEb): Expression<SqlBool> => {
    const ref = (c: string) => sql.ref(c);
    if ('all' in s) return s.districts ? eb(ref(cols.district), 'in', s.districts.length ? [...s.districts] : ['']) : sql<SqlBool>`1 = 1`;
    if ('street' in s) return eb(ref(cols.street), '=', s.street);
    if ('grid' in s) {
      const either: Expression<SqlBool>[] = [];
      if (cols.grid) {
        either.push(eb(ref(cols.grid), '=', s.grid));
        either.push(eb.and([eb(ref(cols.community), '=', s.community), eb(ref(cols.grid), 'is', null)]));
      }
      if (cols.handler) either.push(eb(ref(cols.handler), '=', s.grid));
      return either.length ? eb.or(either) : sql<SqlBool>`1 = 0`;
    }
    if ('community' in s) return eb(ref(cols.community), '=', s.community);
    if ('handler' in s) return cols.handler ? eb(ref(cols.handler), '=', s.handler) : sql<SqlBool>`1 = 0`;
    if ('user' in s) return cols.owners?.length ? eb.or(cols.owners.map((c) => eb(ref(c), '=', s.user))) : sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`1 = 0`;
  };
}

/** The same rule as scopeWhere, for one row already in memory (columns named without their table). */
export function rowInScope(cols: ScopeColumns, actor: Actor, row: Record<string, unknown>): boolean {
  const s = scopeOf(actor);
  const col = (c: string) => row[c.includes('.') ? c.slice(c.indexOf('.') + 1) : c];
  if ('all' in s) return !s.districts || s.districts.includes(col(cols.district) as string);
  if ('street' in s) return col(cols.street) === s.street;
  if ('grid' in s)
    return (
      (!!cols.grid && (col(cols.grid) === s.grid || (col(cols.community) === s.community && col(cols.grid) === null))) ||
      (!!cols.handler && col(cols.handler) === s.grid)
    );
  if ('community' in s) return col(cols.community) === s.community;
  if ('handler' in s) return !!cols.handler && col(cols.handler) === s.handler;
  if ('user' in s) return !!cols.owners?.some((c) => col(c) === s.user);
  return false;
}
