/**
 * One query layer over two databases: SQLite (better-sqlite3, WAL) embedded by default,
 * PostgreSQL when DATABASE_URL is a postgres:// URL.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

const require = createRequire(import.meta.url);

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
    // An idle client losing its connection (server restart, database dropped) must not crash
    // the process; the pool replaces it and the next query reconnects.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL idle client error: ${err.message}`);
    });
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
  // Temporary storage in memory rather than in temporary files: statement and savepoint journals
  // (every INSERT into a table with unique indexes inside a transaction keeps one; this halved the
  // cost of an intake's INSERT, bench/README.md), and also temporary b-trees for GROUP BY, DISTINCT
  // and sorts without an index. The largest of those is an export's sort, bounded by the rows it
  // exports (tens of MB for a district's year); the measures group ≤ 190 communities.
  sqlite.pragma('temp_store = MEMORY');
  const checkpointer = file === ':memory:' ? null : startCheckpointer(sqlite, file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every statement anew; the same few hundred statements run
 * all day, so keep them prepared (bounded, oldest dropped first).
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/**
 * WAL checkpoints copy the log back into the database file. Left to SQLite they run inside
 * whichever commit crosses the threshold — on the event loop, stalling that request and every
 * request behind it. A worker thread with its own connection checkpoints every second instead;
 * the serving connection only checkpoints itself if the log grows very large (a safety net).
 */
function startCheckpointer(sqlite: SQLite.Database, file: string) {
  sqlite.pragma('wal_autocheckpoint = 20000'); // ~80 MB of log before the serving connection steps in
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.pragma('busy_timeout = 1000');
     const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, 1000);
     parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); parentPort.postMessage('closed'); });`,
    { eval: true, workerData: { file, module: require.resolve('better-sqlite3') } },
  );
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('error', () => resolve());
        worker.postMessage('stop');
      }),
  };
}

/** Reachability check for /healthz. */
export async function ping(database: Database): Promise<void> {
  await sql`select 1`.execute(database.db);
}
