import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Where a step runs: the database itself, or a transaction a caller opened so that steps of
 * several modules commit together or not at all (a place report created and dispatched; a
 * finding becoming an order). Services take one wherever a step may be part of a larger one.
 */
export type Executor = Kysely<DB>;

/** Runs `fn` in the caller's transaction when there is one, else in a new one. */
export function inTransaction<T>(db: Kysely<DB>, outer: Executor | undefined, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (outer?.isTransaction) return fn(outer);
  return db.transaction().execute(fn);
}
