import { z } from 'zod';
import { errors } from '../../errors.js';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';

const unitView = (u: Awaited<ReturnType<Services['org']['list']>>[number]) => ({
  id: u.id,
  parentId: u.parent_id,
  kind: u.kind,
  name: u.name,
  path: u.path,
  streetCode: u.street_code,
  communityCode: u.community_code,
  location: u.lat !== null && u.lng !== null ? { lat: u.lat, lng: u.lng } : null,
  demo: u.demo === 1,
});

export const orgRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/units',
    summary: 'The organisation tree: district, streets, communities, grids, departments, co-building units',
    tag: 'org',
    access: 'public',
    query: z.strictObject({ kind: z.enum(['city', 'district', 'street', 'community', 'grid', 'department', 'cobuild']).optional() }),
    handler: async ({ query }) => ({
      items: (await s.org.list()).filter((u) => !query.kind || u.kind === query.kind).map(unitView),
    }),
  }),
  route({
    method: 'GET',
    url: '/api/units/:id',
    summary: 'One unit',
    tag: 'org',
    access: 'public',
    params: z.strictObject({ id: z.string().min(1).max(40) }),
    handler: async ({ params }) => {
      const u = await s.org.get(params.id);
      if (!u) throw errors.notFound('单位', 'Unit');
      return unitView(u);
    },
  }),
  route({
    method: 'POST',
    url: '/api/units',
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
    handler: async ({ actor, body, reply }) => {
      if (body.kind === 'grid') {
        const parent = await s.org.require(body.parentId, 'parentId');
        if (parent.kind !== 'community')
          throw errors.validation('parentId', 'parentId：网格必须建在社区/村下', 'parentId: a grid belongs to a community');
      }
      if (body.location && !s.org.inDistrict(body.location))
        throw errors.validation('location', 'location：位置不在本区范围内', 'location: outside the district');
      const u = await s.db.transaction().execute(async (trx) => {
        const unit = await s.org.addUnit({ ...body, lat: body.location?.lat, lng: body.location?.lng }, trx);
        await s.audit.record(trx, actor, 'unit.created', 'unit', unit.id, body);
        return unit;
      });
      reply.code(201);
      return unitView(u);
    },
  }),
  route({
    method: 'GET',
    url: '/api/geo/outline',
    summary: 'The outlines of the districts in the tree (GeoJSON, WGS-84) from committed public data',
    tag: 'org',
    access: 'public',
    handler: async ({ reply }) => {
      reply.header('cache-control', 'public, max-age=86400').type('application/geo+json');
      return s.org.outlineGeoJson();
    },
  }),
];
