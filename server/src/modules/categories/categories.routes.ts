import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { categoryList, categoryView } from './categories.responses.js';
import { categoryBody, categoryCodeParams } from './categories.schema.js';

export const categoriesRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/categories',
    summary: 'Categories with their time limits and default handler',
    tag: 'categories',
    access: 'public',
    rateLimit: 'general',
    query: z.strictObject({ all: z.enum(['0', '1']).optional() }),
    response: categoryList,
    handler: async ({ query, actor }) => ({
      items: await s.categories.list(query.all === '1' && actor.kind === 'user' && actor.role === 'district_admin'),
    }),
  }),
  route({
    method: 'PUT',
    url: '/api/categories/:code',
    summary: 'Create or edit a category (command centre)',
    tag: 'categories',
    access: ['district_admin'],
    params: categoryCodeParams,
    body: categoryBody,
    response: categoryView,
    handler: async ({ actor, params, body }) => s.categories.save(actor, params.code, body),
  }),
];
