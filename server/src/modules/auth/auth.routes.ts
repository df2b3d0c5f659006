import { z } from 'zod';
import { errors } from '../../errors.js';
import { okAnswer } from '../../http/responses.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { ROLE_NAMES, ROLES, STAFF_ROLES } from './actor.js';
import { presentSessionUser } from './users.presenter.js';
import { apiKeyCreated, apiKeyList, auditList, loginAnswer, meAnswer, roleList } from './users.responses.js';

export const SESSION_COOKIE = 'lx_session';

const loginBody = z.strictObject({ username: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });
export const authRoutes = (s: RouteServices) => [
  route({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in; sets the session cookie and returns a bearer token',
    tag: 'auth',
    access: 'public',
    rateLimit: { name: 'login', failureCost: 3 },
    whilePasswordChangeRequired: true, // signing in as someone else
    body: loginBody,
    response: loginAnswer,
    handler: async ({ body, req, reply }) => {
      // Counted before the password is checked; refused attempts answer 429 with Retry-After.
      const { token, actor, expiresAt } = await s.auth.login(body.username, body.password, req.ip);
      // Secure when the caller reached us over HTTPS (directly, or via a trusted proxy's X-Forwarded-Proto).
      const secure = req.protocol === 'https';
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: new Date(expiresAt) });
      return { token, expiresAt, user: presentSessionUser(actor) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out',
    tag: 'auth',
    access: 'authenticated',
    rateLimit: 'general',
    whilePasswordChangeRequired: true,
    response: okAnswer,
    handler: async ({ req, reply, actor }) => {
      const token = req.sessionToken;
      if (token) await s.auth.logout(token, actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https' });
      return { ok: true };
    },
  }),
  route({
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in user, role and scope; `user: null` for a caller who presents no session',
    tag: 'auth',
    access: 'public',
    rateLimit: 'general',
    whilePasswordChangeRequired: true,
    response: meAnswer,
    handler: async ({ actor, req, reply }) => {
      // Anonymous pages ask too: no session is an answer, not an error. A session presented
      // that is no longer valid (ended, idle, revoked) is still 401, and its cookie is cleared.
      if (actor.kind === 'public' && (req.headers.authorization || req.cookies[SESSION_COOKIE])) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        throw errors.unauthenticated();
      }
      return { user: presentSessionUser(actor) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/roles',
    summary: 'Roles and their names',
    tag: 'auth',
    access: 'public',
    rateLimit: 'general',
    response: roleList,
    handler: async () => ({ items: ROLES.map((r) => ({ code: r, name: ROLE_NAMES[r], staff: STAFF_ROLES.includes(r) })) }),
  }),
  route({
    method: 'GET',
    url: '/api/apikeys',
    summary: 'Open311 API keys',
    tag: 'admin',
    access: ['district_admin'],
    response: apiKeyList,
    handler: async () => ({ items: await s.auth.listApiKeys() }),
  }),
  route({
    method: 'POST',
    url: '/api/apikeys',
    created: 'always',
    summary: 'Create an Open311 API key (shown once)',
    tag: 'admin',
    access: ['district_admin'],
    body: z.strictObject({ name: z.string().trim().min(1).max(60) }),
    response: apiKeyCreated,
    handler: async ({ actor, body, reply }) => {
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
    response: okAnswer,
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
    response: auditList,
    handler: async ({ query }) => ({ items: await s.audit.list(query) }),
  }),
];
