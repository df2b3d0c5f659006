import { z } from 'zod';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';
import { categoryBody, categoryCodeParams } from './categories.schema.js';

export const categoriesRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/categories',
    summary: 'Categories with their time limits and default handler',
    tag: 'categories',
    access: 'public',
    rateLimit: 'general',
    query: z.strictObject({ all: z.enum(['0', '1']).optional() }),
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
    handler: async ({ actor, params, body }) => s.categories.save(actor, params.code, body),
  }),
];
