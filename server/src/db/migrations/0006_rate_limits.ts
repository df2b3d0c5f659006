import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Rate-limit counters shared by every instance: one row per key, its current window and count
 * (modules/ratelimit/counter-store.ts). Created on both databases so the schema is one; the
 * embedded SQLite deployment counts in memory and leaves it empty.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_expires').on('rate_limits').column('expires_at').execute();
}
