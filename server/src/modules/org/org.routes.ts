import { z } from 'zod';
import { errors } from '../../errors.js';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { presentUnit } from './org.presenter.js';
import { UNIT_KINDS, unitList, unitView } from './org.responses.js';

export const orgRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/units',
    summary: 'The organisation tree: district, streets, communities, grids, departments, co-building units',
    tag: 'org',
    access: 'public',
    rateLimit: 'general',
    query: z.strictObject({ kind: z.enum(UNIT_KINDS).optional() }),
    response: unitList,
    handler: async ({ query }) => ({
      items: (await s.org.list()).filter((u) => !query.kind || u.kind === query.kind).map(presentUnit),
    }),
  }),
  route({
    method: 'GET',
    url: '/api/units/:id',
    summary: 'One unit',
    tag: 'org',
    access: 'public',
    rateLimit: 'general',
    params: z.strictObject({ id: z.string().min(1).max(40) }),
    response: unitView,
    handler: async ({ params }) => {
      const u = await s.org.get(params.id);
      if (!u) throw errors.notFound('单位', 'Unit');
      return presentUnit(u);
    },
  }),
  route({
    method: 'POST',
    url: '/api/units',
    created: 'always',
    summary: 'Add a grid, department or co-building unit (command centre)',
    tag: 'org',
    access: ['district_admin'],
    body: z.strictObject({
      id: z.string().regex(/^[A-Za-z0-9-]{2,40}$/),
      parentId: z.string().min(1).max(40),
      kind: z.enum(['grid', 'department', 'cobuild']),
      name: z.string().trim().min(1).max(60),
      location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
    }),
    response: unitView,
    handler: async ({ actor, body, reply }) => {
      const unit = await s.org.createUnit(actor, body);
      return presentUnit(unit);
    },
  }),
  route({
    method: 'GET',
    url: '/api/geo/outline',
    summary: 'The outlines of the districts in the tree (GeoJSON, WGS-84) from committed public data',
    tag: 'org',
    access: 'public',
    rateLimit: 'general',
    file: true,
    handler: async ({ reply }) => {
      reply.header('cache-control', 'public, max-age=86400').type('application/geo+json');
      return s.org.outlineGeoJson();
    },
  }),
];
