/** How accounts, the signed-in user and API keys are shown: phones masked, no hashes, no counters. */
import { maskPhone } from '../requests/requests.presenter.js';
import { type Actor, ROLE_NAMES, type Role } from './actor.js';
import type { AccountRow } from './auth.repository.js';
import type { AccountView, ApiKeyView, SessionUser } from './users.responses.js';

export function presentAccount(u: AccountRow, lockedUntil: string | null): AccountView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phone: maskPhone(u.phone),
    role: u.role as Role,
    unitId: u.unit_id,
    unitName: u.unit_name,
    disabled: u.disabled === 1,
    lockedUntil,
    mustChangePassword: u.must_change_password === 1,
  };
}
export type PresentedAccount = AccountView;

/** The signed-in user; null for a caller without an account. */
export function presentSessionUser(actor: Actor): SessionUser | null {
  if (actor.kind !== 'user') return null;
  return {
    id: actor.userId,
    name: actor.name,
    role: actor.role,
    roleName: ROLE_NAMES[actor.role],
    unit: actor.unit ? { ...actor.unit, districtCodes: [...actor.unit.districtCodes] } : null,
    mustChangePassword: actor.mustChangePassword === true,
  };
}

export const presentApiKey = (k: {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.created_at,
  revokedAt: k.revoked_at,
});
