import { z } from 'zod';
import { route } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { jobList, jobView } from './jobs.responses.js';

export const jobsRoutes = (s: RouteServices) => [
  route({
    method: 'GET',
    url: '/api/jobs',
    summary: 'Background jobs (reminders, sweeps, timers): pending, running and failed ones with their last error (command centre)',
    tag: 'jobs',
    access: ['district_admin'],
    query: z.strictObject({ status: z.enum(['pending', 'running', 'done', 'failed']).optional() }),
    response: jobList,
    handler: async ({ query }) => s.jobs.list(query.status),
  }),
  route({
    method: 'POST',
    url: '/api/jobs/:id/retry',
    summary: 'Try a failed job again now (audited)',
    tag: 'jobs',
    access: ['district_admin'],
    params: z.strictObject({ id: z.string().uuid() }),
    response: jobView,
    handler: async ({ actor, params }) => s.jobs.retry(actor, params.id),
  }),
];
