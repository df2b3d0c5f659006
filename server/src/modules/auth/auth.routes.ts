import { z } from 'zod';
import { errors } from '../../errors.js';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';
import { ROLE_NAMES, ROLES, STAFF_ROLES } from './actor.js';

export const SESSION_COOKIE = 'lx_session';

const loginBody = z.strictObject({ username: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });
const userBody = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,40}$/),
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(8).max(200),
  role: z.enum(ROLES),
  unitId: z.string().max(40).nullable().optional(),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/)
    .nullable()
    .optional(),
});

export const authRoutes = (s: Services) => [
  route({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in; sets the session cookie and returns a bearer token',
    tag: 'auth',
    access: 'public',
    body: loginBody,
    handler: async ({ body, req, reply }) => {
      const { token, actor, expiresAt } = await s.auth.login(body.username, body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', expires: new Date(expiresAt) });
      return { token, expiresAt, user: describeActor(actor) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out',
    tag: 'auth',
    access: 'authenticated',
    handler: async ({ req, reply, actor }) => {
      const token = req.sessionToken;
      if (token) await s.auth.logout(token, actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in user, role and scope; `user: null` for a caller who presents no session',
    tag: 'auth',
    access: 'public',
    handler: async ({ actor, req, reply }) => {
      // Anonymous pages ask too: no session is an answer, not an error. A session presented
      // that is no longer valid (ended, idle, revoked) is still 401, and its cookie is cleared.
      if (actor.kind === 'public' && (req.headers.authorization || req.cookies[SESSION_COOKIE])) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        throw errors.unauthenticated();
      }
      return { user: describeActor(actor) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/roles',
    summary: 'Roles and their names',
    tag: 'auth',
    access: 'public',
    handler: async () => ({ items: ROLES.map((r) => ({ code: r, name: ROLE_NAMES[r], staff: STAFF_ROLES.includes(r) })) }),
  }),
  route({
    method: 'GET',
    url: '/api/users',
    summary: 'Accounts in my scope',
    tag: 'admin',
    access: ['district_admin', 'street_staff', 'community_staff'],
    handler: async ({ actor }) => {
      if (actor.kind !== 'user' || !actor.unit) throw errors.forbidden();
      const rows = await s.auth.repo.listUsers(actor.unit.path);
      return {
        items: rows.map((u) => ({
          id: u.id,
          username: u.username,
          displayName: u.display_name,
          phone: u.phone ? `${u.phone.slice(0, 3)}****${u.phone.slice(-4)}` : null,
          role: u.role,
          unitId: u.unit_id,
          unitName: u.unit_name,
          disabled: u.disabled === 1,
          lockedUntil: u.locked_until,
        })),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/api/users',
    summary: 'Create an account (command centre)',
    tag: 'admin',
    access: ['district_admin'],
    body: userBody,
    handler: async ({ actor, body, reply }) => {
      const r = await s.auth.createUser(actor, body);
      reply.code(201);
      return r;
    },
  }),
  route({
    method: 'GET',
    url: '/api/apikeys',
    summary: 'Open311 API keys',
    tag: 'admin',
    access: ['district_admin'],
    handler: async () => ({ items: await s.auth.listApiKeys() }),
  }),
  route({
    method: 'POST',
    url: '/api/apikeys',
    summary: 'Create an Open311 API key (shown once)',
    tag: 'admin',
    access: ['district_admin'],
    body: z.strictObject({ name: z.string().trim().min(1).max(60) }),
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.auth.createApiKey(actor, body.name);
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/apikeys/:id',
    summary: 'Revoke an API key',
    tag: 'admin',
    access: ['district_admin'],
    params: z.strictObject({ id: z.string().uuid() }),
    handler: async ({ actor, params }) => {
      await s.auth.revokeApiKey(actor, params.id);
      return { ok: true };
    },
  }),
  route({
    method: 'GET',
    url: '/api/audit',
    summary: 'Audit log (command centre)',
    tag: 'admin',
    access: ['district_admin'],
    query: z.strictObject({
      entityType: z.string().max(40).optional(),
      entityId: z.string().max(60).optional(),
      action: z.string().max(60).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    handler: async ({ query }) => ({ items: await s.audit.list(s.db, query) }),
  }),
];

function describeActor(actor: import('./actor.js').Actor) {
  if (actor.kind !== 'user') return null;
  return { id: actor.userId, name: actor.name, role: actor.role, roleName: ROLE_NAMES[actor.role], unit: actor.unit };
}
