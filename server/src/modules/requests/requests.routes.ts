import { idempotencyKey } from '../../http/idempotency-key.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { REPORTER_PROOF_LIMIT } from '../ratelimit/limits.js';
import { contactView, createdRequest, phoneViews, requestDetail, requestPage, trackedDetail } from './requests.responses.js';
import { actionBody, createRequestBody, idParams, listQuery, trackActionBody, trackBody } from './requests.schema.js';

export { idempotencyKey } from '../../http/idempotency-key.js';

export const requestsRoutes = (s: RouteServices) => [
  route({
    method: 'POST',
    url: '/api/requests',
    created: 'unless-replayed',
    summary: 'File a request (resident self-service, staff entry for a caller, grid patrol, liaison station)',
    tag: 'requests',
    access: 'public',
    rateLimit: 'intake',
    body: createRequestBody,
    response: createdRequest,
    handler: async ({ actor, body, req, reply }) => {
      const r = await s.requests.create(actor, body, { idempotencyKey: idempotencyKey(req.headers['idempotency-key']) });
      reply.code(r.replayed ? 200 : 201);
      return { ...r.request, trackCode: r.trackCode, replayed: r.replayed };
    },
  }),
  route({
    method: 'GET',
    url: '/api/requests',
    summary: 'Requests in my scope, with queues, filters and search',
    tag: 'requests',
    access: 'authenticated',
    rateLimit: 'general',
    query: listQuery,
    response: requestPage,
    handler: async ({ actor, query }) => s.requests.list(actor, query),
  }),
  route({
    method: 'GET',
    url: '/api/requests/:id',
    summary: 'One request with its timeline and the actions I may take',
    tag: 'requests',
    access: 'authenticated',
    rateLimit: 'general',
    params: idParams,
    scoped: 'request',
    response: requestDetail,
    handler: async ({ actor, params }) => s.requests.get(actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/requests/:id/actions',
    summary: 'Move a request through its lifecycle (dispatch, sign, contact, resolve, rate, …)',
    tag: 'requests',
    access: 'authenticated',
    rateLimit: 'general',
    params: idParams,
    body: actionBody,
    scoped: 'request',
    response: requestDetail,
    handler: async ({ actor, params, body }) => s.requests.transition(actor, params.id, body),
  }),
  route({
    method: 'GET',
    url: '/api/requests/:id/contact',
    summary: 'The caller’s unmasked phone, for handlers (audited)',
    tag: 'requests',
    access: 'authenticated',
    rateLimit: 'general',
    params: idParams,
    scoped: 'request',
    response: contactView,
    handler: async ({ actor, params, req }) => s.requests.revealContact(actor, params.id, req.ip),
  }),
  route({
    method: 'GET',
    url: '/api/requests/:id/phone-views',
    summary: 'Who has seen the unmasked phone',
    tag: 'requests',
    access: 'authenticated',
    rateLimit: 'general',
    params: idParams,
    scoped: 'request',
    response: phoneViews,
    handler: async ({ actor, params }) => ({ items: await s.requests.phoneViews(actor, params.id) }),
  }),
  route({
    method: 'POST',
    url: '/api/track',
    summary:
      'Follow a request by number and phone (or the code given at filing), no account needed; answers a 30-minute access token for its photos',
    tag: 'requests',
    access: 'public',
    rateLimit: REPORTER_PROOF_LIMIT,
    body: trackBody,
    response: trackedDetail,
    handler: async ({ body }) => s.track.view(body),
  }),
  route({
    method: 'POST',
    url: '/api/track/actions',
    summary: 'Rate or reopen a request by number and phone (or code, or the access token)',
    tag: 'requests',
    access: 'public',
    rateLimit: REPORTER_PROOF_LIMIT,
    body: trackActionBody,
    response: trackedDetail,
    handler: async ({ body }) => {
      const { action, rating, resolved, comment, reason, ...proof } = body;
      const input = action === 'rate' ? actionBody.parse({ action, rating, resolved, comment }) : actionBody.parse({ action, reason });
      return s.track.act(proof, input);
    },
  }),
];
