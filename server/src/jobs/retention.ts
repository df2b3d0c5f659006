import type { Kysely } from 'kysely';
import { type Clock, DAY_MS } from '../clock.js';
import type { DB } from '../db/schema.js';

/**
 * How long bookkeeping rows are kept. None of them is a record of the work itself (that is the
 * timeline and the audit log, kept for good):
 * - a finished one-off job: its outcome shows on the desk's 后台任务 tab for a month;
 * - a sent or failed SMS: the text names a request and the phone is personal data, so it goes
 *   after 90 days (a complaint about a text is raised well within that);
 * - an idempotency key: a phone's outbox replays within days; 30 days is far beyond any replay.
 * Periodic jobs are never pruned (they are the schedule itself), nor failed jobs (they wait for
 * someone to retry them), nor queued SMS.
 */
export const RETENTION_DAYS = { doneJobs: 30, sms: 90, idempotencyKeys: 30 } as const;

export interface Pruned {
  jobs: number;
  sms: number;
  idempotencyKeys: number;
}

/** Deletes bookkeeping rows past their retention (above). Safe with several instances: plain conditional deletes. */
export async function pruneBookkeeping(db: Kysely<DB>, clock: Clock): Promise<Pruned> {
  const before = (days: number) => new Date(clock.now().getTime() - days * DAY_MS).toISOString();
  const jobs = await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('updated_at', '<', before(RETENTION_DAYS.doneJobs))
    .executeTakeFirst();
  const sms = await db
    .deleteFrom('sms_outbox')
    .where('status', 'in', ['sent', 'failed'])
    .where('created_at', '<', before(RETENTION_DAYS.sms))
    .executeTakeFirst();
  const keys = await db.deleteFrom('idempotency').where('created_at', '<', before(RETENTION_DAYS.idempotencyKeys)).executeTakeFirst();
  return { jobs: Number(jobs.numDeletedRows), sms: Number(sms.numDeletedRows), idempotencyKeys: Number(keys.numDeletedRows) };
}
