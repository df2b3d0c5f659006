import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * PostgreSQL's row triggers do not fire on TRUNCATE; refuse it on the append-only tables too.
 * (SQLite has no TRUNCATE; its DELETE trigger already covers "DELETE FROM t".)
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of ['audit_log', 'request_events'])
    await sql
      .raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION lx_append_only()`)
      .execute(db);
}
