import { z } from 'zod';
import { route } from '../../http/route.js';
import { CONTENT_TYPES } from '../../platform/documents/documents.service.js';
import type { RouteServices } from '../../services.js';
import { ledgerXlsx } from './ledger.js';
import { orderActionBody, orderDetail, orderList, orderListQuery, ratesQuery, ratesResult } from './rectification.schemas.js';

const STAFF = ['district_admin', 'inspector', 'street_staff', 'community_staff', 'department_staff'] as const;
const TAG = 'rectification';
const idParams = z.strictObject({ id: z.string().uuid() });

export const rectificationRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/rectification/orders',
    summary: 'Rectification orders in my area (a unit: those to it)',
    tag: TAG,
    access: STAFF,
    query: orderListQuery,
    response: orderList,
    handler: async ({ actor, query }) => s.rectification.list(actor, query),
  }),
  route({
    method: 'GET',
    url: '/api/rectification/orders/ledger.xlsx',
    summary: 'The rectification ledger (整改台账) as Excel',
    tag: TAG,
    access: STAFF,
    rateLimit: 'feed',
    query: z.strictObject({ roundId: z.string().uuid().optional() }),
    file: true,
    handler: async ({ actor, query, reply }) => {
      const rows = await s.rectification.ledgerRows(actor, query.roundId);
      await s.audit.log(actor, 'rectification.ledger', 'rectification_order', null, { rows: rows.length });
      reply
        .type(CONTENT_TYPES.xlsx)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('整改台账.xlsx')}`)
        .header('cache-control', 'no-store');
      return reply.send(await ledgerXlsx(rows, s.clock.now()));
    },
  }),
  route({
    method: 'GET',
    url: '/api/rectification/orders/:id',
    scoped: 'rectification',
    summary: 'One order: before and after photos, timeline, what I may do',
    tag: TAG,
    access: STAFF,
    params: idParams,
    response: orderDetail,
    handler: async ({ actor, params }) => s.rectification.get(actor, params.id),
  }),
  route({
    method: 'POST',
    url: '/api/rectification/orders/:id/actions',
    scoped: 'rectification',
    summary: 'Answer (unit), pass or send back (re-checker), escalate, withdraw',
    tag: TAG,
    access: STAFF,
    params: idParams,
    body: orderActionBody,
    response: orderDetail,
    handler: async ({ actor, params, body }) => s.rectification.act(actor, params.id, body),
  }),
  route({
    method: 'GET',
    url: '/api/rectification/rates',
    summary: 'Open, overdue and reworked orders per unit; 结案率, 按期结案率, 返工率',
    tag: TAG,
    access: STAFF,
    query: ratesQuery,
    response: ratesResult,
    handler: async ({ actor, query }) => s.rectification.rates(actor, query),
  }),
];
