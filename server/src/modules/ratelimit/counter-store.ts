import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Counters per key and fixed window. `add` adds `cost` to the key's count in the window starting
 * at `windowStart` (a newer window starts again from `cost`) and answers the count after it, in
 * one atomic step, so concurrent callers never both see room that only one of them has.
 */
export interface CounterStore {
  add(key: string, windowStart: number, expiresAt: number, cost: number): Promise<number>;
  /** Forgets windows that ended before `now` (ms); answers how many were removed. */
  prune(now: number): Promise<number>;
}

/**
 * One process (the embedded SQLite deployment): a Map. A SQLite write per call would queue behind
 * the single writer and its group-committed intakes, and an embedded instance has no peers to share
 * counts with. Pruned by the sweep and, against floods of new addresses, whenever it grows large.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly counts = new Map<string, { windowStart: number; expiresAt: number; count: number }>();

  constructor(private readonly maxKeys = 200_000) {}

  async add(key: string, windowStart: number, expiresAt: number, cost: number): Promise<number> {
    const c = this.counts.get(key);
    if (c && c.windowStart >= windowStart) {
      c.count += cost;
      return c.count;
    }
    if (!c && this.counts.size >= this.maxKeys) await this.prune(windowStart);
    this.counts.set(key, { windowStart, expiresAt, count: cost });
    return cost;
  }

  async prune(now: number): Promise<number> {
    let n = 0;
    for (const [k, c] of this.counts)
      if (c.expiresAt <= now) {
        this.counts.delete(k);
        n++;
      }
    return n;
  }
}

/**
 * Several instances on PostgreSQL: one row per key in `rate_limits`, changed by a single upsert.
 * The row's window only moves forward: an instance whose clock lags adds to the current window
 * instead of resetting it.
 */
export class TableCounterStore implements CounterStore {
  constructor(private readonly db: Kysely<DB>) {}

  async add(key: string, windowStart: number, expiresAt: number, cost: number): Promise<number> {
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, window_start: windowStart, expires_at: expiresAt, count: cost })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`CASE WHEN excluded.window_start > rate_limits.window_start THEN excluded.count ELSE rate_limits.count + excluded.count END`,
          expires_at: sql`CASE WHEN excluded.window_start > rate_limits.window_start THEN excluded.expires_at ELSE rate_limits.expires_at END`,
          window_start: sql`CASE WHEN excluded.window_start > rate_limits.window_start THEN excluded.window_start ELSE rate_limits.window_start END`,
        }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async prune(now: number): Promise<number> {
    const r = await this.db.deleteFrom('rate_limits').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
