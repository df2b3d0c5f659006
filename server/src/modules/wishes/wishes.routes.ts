import { z } from 'zod';
import { idempotencyKey } from '../../http/idempotency-key.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import {
  boardQuery,
  boardView,
  claimBody,
  contactView,
  createWishBody,
  idParams,
  listWishesQuery,
  wishActionBody,
  wishConfigBody,
  wishDetailView,
  wishListView,
  wishView,
} from './wishes.schema.js';

const DESK = ['district_admin', 'street_staff', 'community_staff', 'grid_worker'] as const;
const statsView = z.object({
  fulfilled: z.number(),
  byUnit: z.array(z.object({ key: z.string(), name: z.string(), count: z.number() })),
  byCommunity: z.array(z.object({ key: z.string(), name: z.string(), count: z.number() })),
  /** Per aid drive (key: the drive's id; name: its title). */
  byDrive: z.array(z.object({ key: z.string(), name: z.string(), count: z.number() })),
  byMonth: z.array(z.object({ key: z.string(), name: z.string(), count: z.number() })),
});

export const wishesRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/wishes/board',
    summary: 'The public wish board: what each community chose to show, by community and group; how many are lit',
    tag: 'wishes',
    access: 'public',
    rateLimit: 'feed',
    query: boardQuery,
    response: boardView,
    handler: async ({ query }) => s.wishes.board(query),
  }),
  route({
    method: 'POST',
    url: '/api/wishes',
    created: 'unless-replayed',
    summary: 'Post a wish (the person, with or without an account) or enter it for them (community staff, 代录)',
    tag: 'wishes',
    access: 'public',
    rateLimit: 'intake',
    body: createWishBody,
    response: z.object({ wish: wishView, replayed: z.boolean() }),
    handler: async ({ actor, body, req, reply }) => {
      const r = await s.wishes.create(actor, body, { idempotencyKey: idempotencyKey(req.headers['idempotency-key']) });
      reply.code(r.replayed ? 200 : 201);
      return r;
    },
  }),
  route({
    method: 'GET',
    url: '/api/wishes',
    summary: 'Wishes in my area (the community desk)',
    tag: 'wishes',
    access: DESK,
    query: listWishesQuery,
    response: wishListView,
    handler: async ({ actor, query }) => s.wishes.list(actor, query),
  }),
  route({
    method: 'GET',
    url: '/api/wishes/mine',
    summary: '我的心愿: the wishes I posted',
    tag: 'wishes',
    access: 'authenticated',
    rateLimit: 'general',
    response: wishListView,
    handler: async ({ actor }) => s.wishes.mine(actor),
  }),
  route({
    method: 'GET',
    url: '/api/wishes/claims',
    summary: '我的认领: the wishes I claimed',
    tag: 'wishes',
    access: 'authenticated',
    rateLimit: 'general',
    response: wishListView,
    handler: async ({ actor }) => s.wishes.claims(actor),
  }),
  route({
    method: 'GET',
    url: '/api/wishes/stats',
    summary: 'Fulfilled wishes by co-building unit, community and month (my area)',
    tag: 'wishes',
    access: DESK,
    response: statsView,
    handler: async ({ actor }) => s.wishesLedger.stats(actor),
  }),
  route({
    method: 'GET',
    url: '/api/wishes/ledger.xlsx',
    summary: 'The ledger (台账) of every wish in my area, as Excel (phones masked)',
    tag: 'wishes',
    access: DESK,
    file: true,
    handler: async ({ actor, reply }) => {
      const body = await s.wishesLedger.xlsx(actor);
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('微心愿台账.xlsx')}`);
      return reply.send(body);
    },
  }),
  route({
    method: 'GET',
    url: '/api/wishes/config',
    summary: "The district's wish settings: groups, value cap, claim days, yearly cap per household",
    tag: 'wishes',
    access: 'public',
    rateLimit: 'general',
    response: wishConfigBody,
    handler: async () => s.wishes.config(),
  }),
  route({
    method: 'PUT',
    url: '/api/wishes/config',
    summary: "Set the district's wish settings",
    tag: 'wishes',
    access: ['district_admin'],
    body: wishConfigBody,
    response: wishConfigBody,
    handler: async ({ actor, body }) => s.wishes.setConfig(actor, body),
  }),
  route({
    method: 'GET',
    url: '/api/wishes/:id',
    summary: 'One wish with its timeline and the steps I may take',
    tag: 'wishes',
    access: 'authenticated',
    rateLimit: 'general',
    scoped: 'wish',
    params: idParams,
    response: wishDetailView,
    handler: async ({ actor, params }) => s.wishes.get(actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/wishes/:id/claim',
    summary: 'Claim a wish (for myself, or for a unit I belong to: asUnit); one claimer wins, the others get 409',
    tag: 'wishes',
    access: 'authenticated',
    rateLimit: 'general',
    scoped: 'wish',
    params: idParams,
    body: claimBody,
    response: wishDetailView,
    // No asUnit in the body: the unit this session acts for, if one was chosen (PUT /api/memberships/acting).
    handler: async ({ actor, params, body, req }) =>
      s.wishes.claim(actor, params.id, body?.asUnit ?? (await s.memberships.remembered(actor, req.sessionToken))),
  }),
  route({
    method: 'POST',
    url: '/api/wishes/:id/actions',
    summary: 'A step of the wish: publish, decline, withdraw, fulfil, confirm, convert, cancel',
    tag: 'wishes',
    access: 'authenticated',
    rateLimit: 'general',
    scoped: 'wish',
    params: idParams,
    body: wishActionBody,
    response: wishDetailView,
    handler: async ({ actor, params, body }) => s.wishes.act(actor, params.id, body),
  }),
  route({
    method: 'GET',
    url: '/api/wishes/:id/contact',
    summary: 'The delivery contact, for the claimer (a community worker, or the recipient if they agreed); audited',
    tag: 'wishes',
    access: 'authenticated',
    rateLimit: 'general',
    scoped: 'wish',
    params: idParams,
    response: contactView,
    handler: async ({ actor, params, req }) => s.wishes.contact(actor, params.id, req.ip),
  }),
];
