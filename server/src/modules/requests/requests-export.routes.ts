import { z } from 'zod';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';
import { listQuery } from './requests.schema.js';

const filters = listQuery.omit({ page: true, pageSize: true });
const MAX_POINTS = 5_000;

/** What the dispatch board's filters show, as a spreadsheet (phones masked) and as map points. */
export const requestsExportRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/requests/export',
    summary: 'The filtered list of requests as Excel or CSV (phones masked)',
    tag: 'requests',
    access: ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'],
    query: filters.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    handler: async ({ actor, query, reply }) => {
      const { format, ...filters } = query;
      const file = await s.requestsExport.export(actor, filters, format);
      reply.type(file.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      return reply.send(file.body);
    },
  }),
  route({
    method: 'GET',
    url: '/api/requests/points',
    summary: 'Locations of the filtered requests (for the heat map), at most 5,000',
    tag: 'requests',
    access: ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'],
    query: filters,
    handler: async ({ actor, query }) => {
      const items: { id: string; lat: number; lng: number; status: string; categoryCode: string }[] = [];
      for await (const r of s.requests.repo.iterate(actor, query, s.clock.now().toISOString())) {
        if (r.lat === null || r.lng === null) continue;
        items.push({ id: r.id, lat: r.lat, lng: r.lng, status: r.status, categoryCode: r.category_code });
        if (items.length >= MAX_POINTS) break;
      }
      return { items, truncated: items.length >= MAX_POINTS };
    },
  }),
];
