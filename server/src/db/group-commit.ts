/**
 * Group commit for writes that arrive together.
 *
 * SQLite has one writer: every transaction of this process runs on the one connection, one
 * after another, and each COMMIT writes every page it dirtied to the WAL (a request row dirties
 * one page in each of its indexes). Intakes that arrive in the same turn of the event loop are
 * therefore written in ONE transaction, each inside its own SAVEPOINT: an intake that fails rolls
 * back its own savepoint only, and nobody is answered before the transaction holding their write
 * has committed. Pages shared by the batch (the counter, the end of the number index, the last
 * timeline page) are written once per batch instead of once per request. bench/README.md has the
 * figures.
 *
 * PostgreSQL has many writers: each unit of work gets its own transaction on a pooled connection,
 * running in parallel, exactly as `db.transaction().execute(work)`.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Dialect } from './database.js';
import type { DB } from './schema.js';

export interface WriteQueue {
  /** Runs `work` in a transaction; resolves once that transaction has committed. */
  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /**
   * True when units of work share a transaction (SQLite). A unit may then write to rows every
   * unit writes (a counter) without serialising anyone: the batch holds the only write lock anyway.
   */
  readonly grouped: boolean;
}

export function writeQueue(db: Kysely<DB>, dialect: Dialect, maxBatch = 256): WriteQueue {
  if (dialect === 'postgres') return { grouped: false, run: (work) => db.transaction().execute(work) };
  return new GroupCommit(db, maxBatch);
}

interface Pending {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

class GroupCommit implements WriteQueue {
  readonly grouped = true;
  private pending: Pending[] = [];
  private scheduled = false;
  /** Why the current batch's transaction could not go on, if a unit's failure ended it. */
  private aborted: unknown = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxBatch: number,
  ) {}

  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** After the current turn's I/O callbacks, so that everything that arrived with this one joins it. */
  private schedule(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.maxBatch);
    const outcomes: Outcome[] = [];
    this.aborted = null;
    try {
      await this.db.transaction().execute(async (trx) => {
        if (batch.length === 1) {
          // Alone: no savepoint needed, a failure rolls the whole transaction back.
          outcomes.push({ ok: true, value: await (batch[0] as Pending).work(trx) });
          return;
        }
        for (const item of batch) outcomes.push(await this.isolated(trx, item));
      });
      batch.forEach((item, i) => {
        const o = outcomes[i] as Outcome;
        if (o.ok) item.resolve(o.value);
        else item.reject(o.error);
      });
    } catch (err) {
      // The transaction itself failed (COMMIT refused, the database aborted it, or the lone unit
      // failed): nothing of the batch was written, and every unit says why.
      const cause = this.aborted ?? err;
      for (const item of batch) item.reject(cause);
    } finally {
      this.scheduled = false;
      this.schedule();
    }
  }

  private async isolated(trx: Transaction<DB>, item: Pending): Promise<Outcome> {
    await sql`savepoint lx_unit`.execute(trx);
    try {
      const value = await item.work(trx);
      await sql`release savepoint lx_unit`.execute(trx);
      return { ok: true, value };
    } catch (error) {
      try {
        await sql`rollback to savepoint lx_unit`.execute(trx);
        await sql`release savepoint lx_unit`.execute(trx);
      } catch {
        // SQLite already rolled the whole transaction back (disk full, I/O error): the batch is
        // lost; report the error that caused it rather than "no such savepoint".
        this.aborted = error;
        throw error;
      }
      return { ok: false, error };
    }
  }
}
