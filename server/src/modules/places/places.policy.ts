/**
 * Who manages which places (便民地图). The scope rule is the platform's (platform/scope.ts) over
 * the place's columns; the managing unit plays the part a request's handler plays.
 */
import type { Selectable } from 'kysely';
import type { PlaceTable } from '../../db/schema.js';
import { rowInScope, type ScopeColumns } from '../../platform/scope.js';
import { type Actor, hasRole } from '../auth/actor.js';

export const PLACE_SCOPE: ScopeColumns = {
  district: 'places.district_code',
  street: 'places.street_code',
  community: 'places.community_code',
  handler: 'places.managing_unit_id',
};

export type PlaceScopeRow = Pick<Selectable<PlaceTable>, 'district_code' | 'street_code' | 'community_code' | 'managing_unit_id'>;

/** Residents and the public see public places; the desk's management lists show the places it manages, public or not. */
export function mayViewPlace(actor: Actor | null, p: PlaceScopeRow & { public: number }, manage: boolean): boolean {
  if (manage) return !!actor && canManagePlace(actor, p);
  return p.public === 1;
}

/**
 * The command centre manages every place of its districts, street and community staff those in
 * their street or community, a department the places it manages. Grid workers, residents,
 * volunteers and inspectors manage none.
 */
export function canManagePlace(actor: Actor, p: PlaceScopeRow): boolean {
  if (actor.kind === 'system') return true; // the command line and the seeds
  if (!hasRole(actor, 'district_admin', 'street_staff', 'community_staff', 'department_staff')) return false;
  return rowInScope(PLACE_SCOPE, actor, p);
}
