import { errors } from '../../errors.js';
import type { Actor, Role } from './actor.js';

/**
 * Who manages which account (docs/roles.md, "Accounts"): a command centre the accounts of its
 * district (or city) and the accounts without a unit (residents); street and community staff the
 * accounts attached to a unit inside their own subtree; the operator's CLI every account. Nobody
 * runs the lifecycle actions on their own account: they change their password.
 */
export const ACCOUNT_MANAGERS = ['district_admin', 'street_staff', 'community_staff'] as const satisfies readonly Role[];

export interface AccountTarget {
  id: string;
  unitPath: string | null;
}

/** Accounts attached to a unit under `path` (and, when `unitless`, those without a unit); null: every account. */
export type AccountScope = { path: string; unitless: boolean } | null;

export function accountScope(actor: Actor): AccountScope {
  if (actor.kind === 'system') return null;
  if (actor.kind !== 'user' || !(ACCOUNT_MANAGERS as readonly Role[]).includes(actor.role) || !actor.unit)
    throw errors.forbidden('账号管理');
  return { path: actor.unit.path, unitless: actor.role === 'district_admin' };
}

export function assertManages(actor: Actor, target: AccountTarget): void {
  const scope = accountScope(actor);
  if (actor.kind === 'user' && actor.userId === target.id) throw errors.forbidden('对自己的账号执行此操作（请使用“修改密码”）');
  if (scope === null) return;
  const inside = target.unitPath === null ? scope.unitless : target.unitPath.startsWith(scope.path);
  if (!inside) throw errors.forbidden('管理本辖区之外的账号');
}

/** A unit an account is moved to must be inside the actor's subtree too. */
export function assertUnitInScope(actor: Actor, unitPath: string): void {
  const scope = accountScope(actor);
  if (scope !== null && !unitPath.startsWith(scope.path)) throw errors.forbidden('把账号调到本辖区之外');
}
