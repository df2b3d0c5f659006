/**
 * One query layer over two databases: SQLite (better-sqlite3, WAL) embedded by default,
 * PostgreSQL when DATABASE_URL is a postgres:// URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Human-readable location (file path or URL without password). */
  location: string;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (count(*), sum of integers) as strings; parse them once, here,
// so that every repository sees numbers on both dialects.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openDatabase(opts: { url?: string; dataDir: string; poolSize?: number }): Database {
  const url = opts.url ?? '';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      location: url.replace(/\/\/[^@]*@/, '//***@'),
      close: () => db.destroy(),
    };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : path.join(opts.dataDir, 'lianxin.db');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode keeps every committed transaction across a process crash;
  // only an OS crash or power loss can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/** Reachability check for /healthz. */
export async function ping(database: Database): Promise<void> {
  await sql`select 1`.execute(database.db);
}
