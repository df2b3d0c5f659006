/** What the auth and accounts routes answer (users.presenter.ts builds them). */
import { z } from 'zod';
import { itemsOf } from '../../http/responses.js';
import { ROLES } from './actor.js';

const UNIT_KINDS = ['city', 'district', 'street', 'community', 'grid', 'department', 'cobuild'] as const;

/** The unit a staff account belongs to and the area it covers. */
export const unitScopeView = z.strictObject({
  id: z.string(),
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  path: z.string(),
  districtCode: z.string(),
  /** The districts this unit's subtree covers: its own, or a city's districts. */
  districtCodes: z.array(z.string()),
  streetCode: z.string().nullable(),
  communityCode: z.string().nullable(),
});

/** The signed-in user as their own pages see them. */
export const sessionUser = z.strictObject({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  roleName: z.string(),
  unit: unitScopeView.nullable(),
  /** After a reset: the session may only change its password. */
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const loginAnswer = z.strictObject({ token: z.string(), expiresAt: z.string(), user: sessionUser.nullable() });
export const meAnswer = z.strictObject({ user: sessionUser.nullable() });
export const roleList = itemsOf(z.strictObject({ code: z.enum(ROLES), name: z.string(), staff: z.boolean() }));

export const apiKeyView = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, to recognise it; the key itself is shown once, at creation. */
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;
export const apiKeyList = itemsOf(apiKeyView);
export const apiKeyCreated = z.strictObject({ id: z.string(), key: z.string() });

export const auditList = itemsOf(
  z.strictObject({
    id: z.number().int(),
    at: z.string(),
    actor_id: z.string().nullable(),
    actor_role: z.string().nullable(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string().nullable(),
    /** JSON text as written. */
    detail: z.string().nullable(),
    ip: z.string().nullable(),
  }),
);

/** An account as the desk sees it: phone masked, no hash, no counters. */
export const accountView = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
export type AccountView = z.infer<typeof accountView>;
export const accountList = itemsOf(accountView);
export const userCreated = z.strictObject({ id: z.string() });
export const sessionsEnded = z.strictObject({ sessionsEnded: z.number().int() });
export const temporaryPassword = z.strictObject({ temporaryPassword: z.string() });
export const throttleCleared = z.strictObject({ cleared: z.number().int() });
