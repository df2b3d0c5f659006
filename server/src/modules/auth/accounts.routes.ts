import { z } from 'zod';
import { okAnswer } from '../../http/responses.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { ACCOUNT_MANAGERS } from './accounts.policy.js';
import { ROLES } from './actor.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy.js';
import { accountList, sessionsEnded, temporaryPassword, throttleCleared, userCreated } from './users.responses.js';

const newPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const userBody = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,40}$/),
  displayName: z.string().trim().min(1).max(40),
  password: newPassword,
  role: z.enum(ROLES),
  unitId: z.string().max(40).nullable().optional(),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/)
    .nullable()
    .optional(),
});
const idParams = z.strictObject({ id: z.string().uuid() });
const listQuery = z.strictObject({
  q: z.string().trim().max(40).optional(),
  role: z.enum(ROLES).optional(),
  unitId: z.string().max(40).optional(),
  status: z.enum(['active', 'disabled', 'locked', 'must_change']).optional(),
});

/** A lifecycle action on one account: POST /api/users/:id/<action>, same door for each. */
function action<B>(
  name: string,
  summary: string,
  response: z.ZodType,
  run: (s: RouteServices, ctx: { actor: import('./actor.js').Actor; id: string; body: B }) => Promise<unknown>,
  body?: z.ZodType<B>,
) {
  return (s: RouteServices) =>
    route({
      method: 'POST',
      url: `/api/users/:id/${name}`,
      summary,
      tag: 'admin',
      access: ACCOUNT_MANAGERS,
      params: idParams,
      response,
      ...(body ? { body } : {}),
      handler: async ({ actor, params, body: b }) => run(s, { actor, id: params.id, body: b as B }),
    });
}

const ACTIONS = [
  action('disable', 'Disable an account (its sessions end)', sessionsEnded, (s, c) => s.accounts.setDisabled(c.actor, c.id, true)),
  action('enable', 'Enable an account', sessionsEnded, (s, c) => s.accounts.setDisabled(c.actor, c.id, false)),
  action('reset-password', 'Reset the password: a temporary one, shown once; changed at next sign-in', temporaryPassword, (s, c) =>
    s.accounts.resetPassword(c.actor, c.id),
  ),
  action('unlock', 'Clear the account’s sign-in throttling', throttleCleared, (s, c) => s.accounts.unlock(c.actor, c.id)),
  action('end-sessions', 'End every session of the account', sessionsEnded, (s, c) => s.accounts.endSessions(c.actor, c.id)),
  action(
    'move',
    'Move staff to another unit (role ↔ unit kind rules; their sessions end)',
    sessionsEnded,
    (s, c) => s.accounts.move(c.actor, c.id, c.body.unitId),
    z.strictObject({ unitId: z.string().trim().min(1).max(40) }),
  ),
];

/** Accounts: the list, creation and lifecycle (docs/roles.md), and a user's own password. */
export const accountsRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/users',
    summary: 'Accounts in my scope (filters: q, role, unitId, status)',
    tag: 'admin',
    access: ACCOUNT_MANAGERS,
    query: listQuery,
    response: accountList,
    handler: async ({ actor, query }) => ({ items: await s.accounts.list(actor, query) }),
  }),
  route({
    method: 'POST',
    url: '/api/users',
    created: 'always',
    summary: 'Create an account (command centre)',
    tag: 'admin',
    access: ['district_admin'],
    body: userBody,
    response: userCreated,
    handler: async ({ actor, body, reply }) => {
      const r = await s.auth.createUser(actor, body);
      return r;
    },
  }),
  ...ACTIONS.map((a) => a(s)),
  route({
    method: 'POST',
    url: '/api/auth/password',
    summary: 'Change my own password (needs the current one); other sessions end',
    tag: 'auth',
    access: 'authenticated',
    // the current password could be guessed with a stolen session: a wrong one costs like a failed sign-in
    rateLimit: { name: 'login', failureCost: 3, failureOn: (e) => e.details.field === 'currentPassword' },
    whilePasswordChangeRequired: true,
    body: z.strictObject({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword }),
    response: okAnswer,
    handler: async ({ actor, body, req }) => {
      await s.accounts.changeOwnPassword(actor, req.sessionToken, body, req.ip);
      return { ok: true };
    },
  }),
];
