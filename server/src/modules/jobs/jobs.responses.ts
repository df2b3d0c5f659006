import { z } from 'zod';

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

/** A background job as the command centre sees it (payloads stay on the server). */
export const jobView = z.strictObject({
  id: z.string(),
  kind: z.string(),
  key: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  runAt: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  updatedAt: z.string(),
});
export type JobView = z.infer<typeof jobView>;
export const jobList = z.strictObject({ items: z.array(jobView), counts: z.record(z.string(), z.number()) });
