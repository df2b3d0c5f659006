import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { REPORTER_PROOF_LIMIT } from '../ratelimit/limits.js';
import { trackedDetail } from '../requests/requests.responses.js';
import { trackBody } from '../requests/requests.schema.js';
import { inboxView, noticePreferences, unreadCount } from './notices.responses.js';

const lang = z.enum(['zh', 'en']).default('zh');

export const noticesRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/notices',
    summary: "The caller's inbox: what happened to the work they filed or handle, newest first, in their language",
    tag: 'notices',
    access: 'authenticated',
    rateLimit: 'general',
    query: z.strictObject({ lang, page: z.coerce.number().int().min(1).max(1000).default(1) }),
    response: inboxView,
    handler: async ({ actor, query }) => s.notices.inbox(actor, query.lang, query.page),
  }),
  route({
    method: 'GET',
    url: '/api/notices/unread',
    summary: 'How many notices the caller has not read (the bell)',
    tag: 'notices',
    access: 'authenticated',
    rateLimit: 'general',
    response: unreadCount,
    handler: async ({ actor }) => ({ unread: await s.notices.unread(actor) }),
  }),
  route({
    method: 'POST',
    url: '/api/notices/:id/read',
    summary: 'Mark one of the caller’s notices read',
    tag: 'notices',
    access: 'authenticated',
    rateLimit: 'general',
    params: z.strictObject({ id: z.string().uuid() }),
    response: unreadCount,
    handler: async ({ actor, params }) => s.notices.markRead(actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/notices/read-all',
    summary: 'Mark all the caller’s notices read',
    tag: 'notices',
    access: 'authenticated',
    rateLimit: 'general',
    response: unreadCount,
    handler: async ({ actor }) => s.notices.markRead(actor),
  }),
  route({
    method: 'GET',
    url: '/api/notices/preferences',
    summary: 'Whether the caller has turned notices off',
    tag: 'notices',
    access: 'authenticated',
    rateLimit: 'general',
    response: noticePreferences,
    handler: async ({ actor }) => s.notices.preferences(actor),
  }),
  route({
    method: 'PUT',
    url: '/api/notices/preferences',
    summary: 'Turn the caller’s notices off or on',
    tag: 'notices',
    access: 'authenticated',
    rateLimit: 'general',
    body: z.strictObject({ muted: z.boolean() }),
    response: noticePreferences,
    handler: async ({ actor, body }) => s.notices.setMuted(actor, body.muted),
  }),
  route({
    method: 'POST',
    url: '/api/notices/sms-preferences',
    summary:
      'A resident without an account turns texts about their requests off or on, proven as on the tracking page (number and phone or code, or its access token); answers the tracking view',
    tag: 'notices',
    access: 'public',
    rateLimit: REPORTER_PROOF_LIMIT,
    body: trackBody.extend({ muted: z.boolean() }),
    response: trackedDetail,
    handler: async ({ body }) => {
      const { muted, ...proof } = body;
      return s.track.setSms(proof, muted);
    },
  }),
];
