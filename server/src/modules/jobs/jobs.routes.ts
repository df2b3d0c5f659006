import { z } from 'zod';
import { route } from '../../http/route.js';
import type { Services } from '../../services.js';

export const jobsRoutes = (s: Services) => [
  route({
    method: 'GET',
    url: '/api/jobs',
    summary: 'Background jobs (reminders, sweeps, timers): pending, running and failed ones with their last error (command centre)',
    tag: 'jobs',
    access: ['district_admin'],
    query: z.strictObject({ status: z.enum(['pending', 'running', 'done', 'failed']).optional() }),
    handler: async ({ query }) => s.jobs.list(query.status),
  }),
  route({
    method: 'POST',
    url: '/api/jobs/:id/retry',
    summary: 'Try a failed job again now (audited)',
    tag: 'jobs',
    access: ['district_admin'],
    params: z.strictObject({ id: z.string().uuid() }),
    handler: async ({ actor, params }) => s.jobs.retry(actor, params.id),
  }),
];
