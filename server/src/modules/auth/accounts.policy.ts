import { errors } from '../../errors.js';
import type { Actor, Role } from './actor.js';

/**
 * Who manages which account (docs/roles.md, "Accounts"): the command centre (and the operator's
 * CLI) every account; street and community staff the accounts attached to a unit inside their
 * own subtree. Nobody runs the lifecycle actions on their own account: they change their password.
 */
export const ACCOUNT_MANAGERS = ['district_admin', 'street_staff', 'community_staff'] as const satisfies readonly Role[];

export interface AccountTarget {
  id: string;
  unitPath: string | null;
}

/** The unit-path prefix an actor's account list is limited to; null means every account. */
export function accountScope(actor: Actor): string | null {
  if (actor.kind === 'system') return null;
  if (actor.kind !== 'user' || !(ACCOUNT_MANAGERS as readonly Role[]).includes(actor.role)) throw errors.forbidden('账号管理');
  if (actor.role === 'district_admin') return null;
  if (!actor.unit) throw errors.forbidden('账号管理');
  return actor.unit.path;
}

export function assertManages(actor: Actor, target: AccountTarget): void {
  const scope = accountScope(actor);
  if (actor.kind === 'user' && actor.userId === target.id) throw errors.forbidden('对自己的账号执行此操作（请使用“修改密码”）');
  if (scope !== null && !(target.unitPath ?? '').startsWith(scope)) throw errors.forbidden('管理本辖区之外的账号');
}

/** A unit an account is moved to must be inside the actor's subtree too. */
export function assertUnitInScope(actor: Actor, unitPath: string): void {
  const scope = accountScope(actor);
  if (scope !== null && !unitPath.startsWith(scope)) throw errors.forbidden('把账号调到本辖区之外');
}
