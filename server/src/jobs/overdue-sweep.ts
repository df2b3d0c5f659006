import { type Kysely, SqliteAdapter } from 'kysely';
import type { Clock } from '../clock.js';
import type { DB } from '../db/schema.js';
import { kindsWhere } from '../modules/requests/kinds.js';
import { OPEN_STATUSES } from '../modules/requests/lifecycle.js';
import { REQUEST_ENTITY } from '../modules/requests/request.workflow.js';
import { appendTimeline } from '../platform/timeline.js';

const OPEN = [...OPEN_STATUSES];

/**
 * A periodic job (modules/jobs, registered in services.ts). Marks open requests past their resolve deadline as overdue and puts them under supervision
 * (督办) — requests of the kinds whose policy says the sweep touches them (kinds.ts). Safe with several instances: each row is flipped by an UPDATE conditional on what
 * makes it overdue (still open, not yet flagged, deadline passed), so only the instance whose
 * UPDATE changed the row writes the timeline entry; the others find nothing left to do. The
 * condition is not the version read before: a handler acting on the request in between must not
 * make the sweep skip it until the next run.
 */
/** Called in each escalation's transaction: the request module tells the handler (its workflow's `tell.supervise`). */
export type OnEscalated = (trx: Kysely<DB>, requestId: string) => Promise<void>;

export async function sweepOverdue(db: Kysely<DB>, clock: Clock, batch = 500, onEscalated?: OnEscalated): Promise<number> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return sweep(db, clock, batch, onEscalated);
  // SQLite has one writer at a time and better-sqlite3 waits for a lock synchronously: two
  // instances in one process (tests, embedding) whose write transactions interleave at an
  // await would block the event loop until busy_timeout and fail with SQLITE_BUSY. Sweeps on
  // SQLite therefore take turns inside a process; across processes the busy timeout and the
  // conditional UPDATE below keep them safe.
  const turn = sqliteTurn.then(() => sweep(db, clock, batch, onEscalated));
  sqliteTurn = turn.catch(() => undefined);
  return turn;
}

let sqliteTurn: Promise<unknown> = Promise.resolve();

async function sweep(db: Kysely<DB>, clock: Clock, batch: number, onEscalated?: OnEscalated): Promise<number> {
  const now = clock.now().toISOString();
  const kinds = kindsWhere('overdueSweep');
  let escalated = 0;
  for (;;) {
    const due = await db
      .selectFrom('requests')
      .select(['id'])
      .where('status', 'in', OPEN)
      .where('overdue', '=', 0)
      .where('resolve_deadline', '<', now)
      .where('kind', 'in', kinds)
      .limit(batch)
      .execute();
    if (due.length === 0) return escalated;
    for (const r of due) {
      const won = await db.transaction().execute(async (trx) => {
        const flipped = await trx
          .updateTable('requests')
          .set((eb) => ({ overdue: 1, supervised: 1, version: eb('version', '+', 1), updated_at: now }))
          .where('id', '=', r.id)
          .where('status', 'in', OPEN)
          .where('overdue', '=', 0)
          .where('resolve_deadline', '<', now)
          .returning('status')
          .executeTakeFirst();
        if (!flipped) return false;
        await appendTimeline(trx, [
          {
            entity: { type: REQUEST_ENTITY, id: r.id },
            at: now,
            actor: { kind: 'system', job: 'overdue' },
            action: 'supervise',
            from: flipped.status,
            to: flipped.status,
            note: '已超过办理时限，自动督办',
            data: { reason: 'overdue' },
          },
        ]);
        await onEscalated?.(trx, r.id);
        return true;
      });
      if (won) escalated++;
    }
    if (due.length < batch) return escalated;
  }
}
