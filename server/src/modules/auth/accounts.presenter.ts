import type { AccountRow } from './auth.repository.js';

/** An account as the desk sees it: phone masked, no hash, no counters. */
export function presentAccount(u: AccountRow, lockedUntil: string | null) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phone: u.phone ? `${u.phone.slice(0, 3)}****${u.phone.slice(-4)}` : null,
    role: u.role,
    unitId: u.unit_id,
    unitName: u.unit_name,
    disabled: u.disabled === 1,
    lockedUntil,
    mustChangePassword: u.must_change_password === 1,
  };
}
export type PresentedAccount = ReturnType<typeof presentAccount>;
