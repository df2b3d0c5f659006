/**
 * Who sees and moves a wish. Staff see the wishes of their area (the one scope rule,
 * platform/scope.ts); the poster sees theirs, the claimer what they claimed. Anyone signed in may
 * claim a published wish but their own. The board is public and shows only board_text.
 */
import type { Selectable } from 'kysely';
import type { WishTable } from '../../db/schema.js';
import { rowInScope, type ScopeColumns } from '../../platform/scope.js';
import { type Actor, hasRole, isStaff } from '../auth/actor.js';
import type { WishPerformer } from './wish.lifecycle.js';

export type WishRow = Selectable<WishTable>;

export const WISH_SCOPE: ScopeColumns = {
  district: 'wishes.district_code',
  street: 'wishes.street_code',
  community: 'wishes.community_code',
  grid: 'wishes.grid_code',
  owners: ['wishes.poster_user_id', 'wishes.claimer_user_id'],
};

/** Staff who check, publish and confirm: the community's own, its street's, the district's. */
const CHECKING_ROLES = ['community_staff', 'grid_worker', 'street_staff', 'district_admin'] as const;

export const staffCovers = (actor: Actor, w: WishRow): boolean =>
  isStaff(actor) && hasRole(actor, ...CHECKING_ROLES) && rowInScope(WISH_SCOPE, actor, w);

export const mayRead = (actor: Actor, w: WishRow): boolean =>
  staffCovers(actor, w) || (actor.kind === 'user' && (w.poster_user_id === actor.userId || w.claimer_user_id === actor.userId));

export function performersFor(actor: Actor, w: WishRow): Set<WishPerformer> {
  const p = new Set<WishPerformer>();
  if (actor.kind === 'system') p.add('system');
  if (actor.kind !== 'user') return p;
  if (staffCovers(actor, w)) p.add('community');
  if (w.poster_user_id === actor.userId) p.add('poster');
  if (w.claimer_user_id === actor.userId) p.add('claimer');
  // Anyone signed in may claim, but not a wish they posted or one entered in their own household's name.
  else if (w.poster_user_id !== actor.userId && !hasRole(actor, 'inspector')) p.add('claimant');
  return p;
}
