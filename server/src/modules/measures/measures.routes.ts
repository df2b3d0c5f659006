import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { rankingView, trendView, weightsView } from './measures.responses.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const STAFF = ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'] as const;

export const measuresRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/measures/ranking',
    summary: '三率 and composite per street or community for a month, ranked',
    tag: 'measures',
    access: STAFF,
    query: z.strictObject({ month: month.optional(), level: z.enum(['street', 'community']).default('street') }),
    response: rankingView,
    handler: async ({ actor, query }) => s.measures.ranking(actor, query.level, query.month),
  }),
  route({
    method: 'GET',
    url: '/api/measures/trend',
    summary: 'Monthly measures of a unit (or my whole scope) over the last months',
    tag: 'measures',
    access: STAFF,
    query: z.strictObject({ unitId: z.string().max(40).optional(), months: z.coerce.number().int().min(1).max(36).default(12) }),
    response: trendView,
    handler: async ({ actor, query }) => s.measures.recentTrend(actor, query.unitId, query.months),
  }),
  route({
    method: 'GET',
    url: '/api/measures/export',
    summary: 'The ranking as CSV or Excel',
    tag: 'measures',
    access: STAFF,
    query: z.strictObject({
      month: month.optional(),
      level: z.enum(['street', 'community']).default('street'),
      format: z.enum(['csv', 'xlsx']).default('xlsx'),
    }),
    file: true,
    handler: async ({ actor, query, reply }) => {
      const f = await s.measures.exportRanking(actor, query.level, query.month, query.format);
      reply.type(f.type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
      return reply.send(f.body);
    },
  }),
  route({
    method: 'GET',
    url: '/api/measures/weights',
    summary: 'Weights of the composite score',
    tag: 'measures',
    access: STAFF,
    response: weightsView,
    handler: async () => s.measures.weights(),
  }),
  route({
    method: 'PUT',
    url: '/api/measures/weights',
    summary: 'Set the weights of the composite score (command centre)',
    tag: 'measures',
    access: ['district_admin'],
    body: z.strictObject({
      response: z.number().min(0).max(1),
      resolution: z.number().min(0).max(1),
      satisfaction: z.number().min(0).max(1),
    }),
    response: weightsView,
    handler: async ({ actor, body }) => s.measures.setWeights(actor, body),
  }),
];
