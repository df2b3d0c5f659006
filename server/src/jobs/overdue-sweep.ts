import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { DB } from '../db/schema.js';

const OPEN = ['accepted', 'dispatched', 'signed', 'in_progress'];

/**
 * Marks open requests past their resolve deadline as overdue and puts them under supervision
 * (督办). Safe with several instances: each row is flipped by a conditional UPDATE on its
 * version, so only the instance whose UPDATE changed the row writes the timeline entry; the
 * others find nothing left to do.
 */
export async function sweepOverdue(db: Kysely<DB>, clock: Clock, batch = 500): Promise<number> {
  const now = clock.now().toISOString();
  let escalated = 0;
  for (;;) {
    const due = await db
      .selectFrom('requests')
      .select(['id', 'status', 'version', 'supervised'])
      .where('status', 'in', OPEN)
      .where('overdue', '=', 0)
      .where('resolve_deadline', '<', now)
      .limit(batch)
      .execute();
    if (due.length === 0) return escalated;
    for (const r of due) {
      const won = await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('requests')
          .set({ overdue: 1, supervised: 1, version: r.version + 1, updated_at: now })
          .where('id', '=', r.id)
          .where('version', '=', r.version)
          .where('overdue', '=', 0)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await trx
          .insertInto('request_events')
          .values({
            request_id: r.id,
            at: now,
            actor_id: null,
            actor_role: 'system',
            actor_unit_id: null,
            actor_name: '系统(超期督办)',
            action: 'supervise',
            from_status: r.status,
            to_status: r.status,
            note: '已超过办理时限，自动督办',
            photos: null,
            data: JSON.stringify({ reason: 'overdue' }),
          })
          .execute();
        return true;
      });
      if (won) escalated++;
    }
    if (due.length < batch) return escalated;
  }
}

/** Runs the sweep every `seconds`; returns a stop function. */
export function scheduleSweep(db: Kysely<DB>, clock: Clock, seconds: number, log: (e: unknown) => void): () => void {
  if (seconds <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOverdue(db, clock)
      .catch(log)
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
