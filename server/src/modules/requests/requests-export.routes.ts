import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { requestPoints } from './requests.responses.js';
import { listQuery } from './requests.schema.js';

const filters = listQuery.omit({ page: true, pageSize: true });

/** What the dispatch board's filters show, as a spreadsheet (phones masked) and as map points. */
export const requestsExportRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/requests/export',
    summary: 'The filtered list of requests as Excel or CSV (phones masked)',
    tag: 'requests',
    access: ['district_admin', 'street_staff', 'community_staff', 'department_staff', 'grid_worker'],
    query: filters.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    file: true,
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
    response: requestPoints,
    handler: async ({ actor, query }) => s.requestsExport.points(actor, query),
  }),
];
