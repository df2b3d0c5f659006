import { z } from 'zod';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';

const lang = z.enum(['zh', 'en']).default('zh');

export const noticesRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/notices',
    summary: "The caller's inbox: what happened to the work they filed or handle, newest first, in their language",
    tag: 'notices',
    access: 'authenticated',
    query: z.strictObject({ lang, page: z.coerce.number().int().min(1).max(1000).default(1) }),
    handler: async ({ actor, query }) => s.notices.inbox(actor, query.lang, query.page),
  }),
  route({
    method: 'GET',
    url: '/api/notices/unread',
    summary: 'How many notices the caller has not read (the bell)',
    tag: 'notices',
    access: 'authenticated',
    handler: async ({ actor }) => ({ unread: await s.notices.unread(actor) }),
  }),
  route({
    method: 'POST',
    url: '/api/notices/:id/read',
    summary: 'Mark one of the caller’s notices read',
    tag: 'notices',
    access: 'authenticated',
    params: z.strictObject({ id: z.string().uuid() }),
    handler: async ({ actor, params }) => s.notices.markRead(actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/notices/read-all',
    summary: 'Mark all the caller’s notices read',
    tag: 'notices',
    access: 'authenticated',
    handler: async ({ actor }) => s.notices.markRead(actor),
  }),
  route({
    method: 'GET',
    url: '/api/notices/preferences',
    summary: 'Whether the caller has turned notices off',
    tag: 'notices',
    access: 'authenticated',
    handler: async ({ actor }) => s.notices.preferences(actor),
  }),
  route({
    method: 'PUT',
    url: '/api/notices/preferences',
    summary: 'Turn the caller’s notices off or on',
    tag: 'notices',
    access: 'authenticated',
    body: z.strictObject({ muted: z.boolean() }),
    handler: async ({ actor, body }) => s.notices.setMuted(actor, body.muted),
  }),
  route({
    method: 'POST',
    url: '/api/notices/sms-preferences',
    summary: 'A resident without an account turns SMS about their requests off or on (proven by a request number and the phone)',
    tag: 'notices',
    access: 'public',
    body: z.strictObject({ number: z.string().trim().min(1).max(40), phone: z.string().trim().min(7).max(20), muted: z.boolean() }),
    handler: async ({ body }) => {
      await s.requests.proveReporter(body.number, body.phone);
      return s.notices.setPhoneMuted(body.phone, body.muted);
    },
  }),
];
