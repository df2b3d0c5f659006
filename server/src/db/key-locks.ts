/**
 * Serialises a count-then-write on a key (a household, a claimer) inside the caller's transaction.
 * PostgreSQL: a transaction-scoped advisory lock per key (released at commit), taken in a fixed
 * order so two keys never deadlock. SQLite has one writer: the caller's write transaction already
 * serialises, and a second instance's late write fails busy (SQLITE_BUSY_SNAPSHOT) instead of
 * passing a stale count.
 */
import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../platform/executor.js';

/** A signed 64-bit number from the key's hash (pg_advisory_xact_lock takes a bigint). */
const lockId = (key: string) => createHash('sha256').update(key).digest().readBigInt64BE(0).toString();

export async function lockKeys(trx: Executor, keys: readonly string[]): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const id of [...new Set(keys.map(lockId))].sort()) await sql`select pg_advisory_xact_lock(${sql.raw(id)}::bigint)`.execute(trx);
}
