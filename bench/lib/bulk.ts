/**
 * Bulk loading of generated requests, straight into the table (no service, no timeline): many
 * rows per INSERT, many INSERTs per transaction. The requests table's secondary indexes are
 * dropped for the load and re-created afterwards from their own definitions, read back from the
 * database's catalogue, so the indexes measured are exactly the ones the migrations made.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { GeneratedRow } from './generate.js';

export type RowSource = (i: number) => GeneratedRow;

/** Integer and float columns of requests (for PostgreSQL's typed arrays); the rest are text. */
const INT_COLUMNS = new Set([
  'version',
  'anonymous',
  'overdue',
  'supervised',
  'extension_pending',
  'reopen_count',
  'contacted_in_time',
  'resolved_on_time',
  'handling_seconds',
  'rating_resolved',
]);
const FLOAT_COLUMNS = new Set(['lat', 'lng']);

export async function loadSqlite(
  file: string,
  columns: string[],
  n: number,
  row: RowSource,
  progress: (done: number) => void,
): Promise<void> {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    // This connection only loads; the server's durability settings are not involved.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000');
    db.pragma('temp_store = MEMORY');
    const indexes = db
      .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'requests' and sql is not null")
      .all() as { name: string; sql: string }[];
    for (const ix of indexes) db.exec(`drop index ${ix.name}`);
    const perInsert = Math.max(1, Math.floor(30000 / columns.length));
    const sqlFor = (k: number) =>
      `insert into requests (${columns.join(', ')}) values ${Array.from({ length: k }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
    const full = db.prepare(sqlFor(perInsert));
    const perTx = perInsert * 100;
    for (let start = 0; start < n; start += perTx) {
      const end = Math.min(n, start + perTx);
      db.transaction(() => {
        for (let i = start; i < end; i += perInsert) {
          const k = Math.min(perInsert, end - i);
          const params: unknown[] = [];
          for (let j = 0; j < k; j++) {
            const r = row(i + j) as unknown as Record<string, unknown>;
            for (const c of columns) params.push(r[c]);
          }
          (k === perInsert ? full : db.prepare(sqlFor(k))).run(params);
        }
      })();
      progress(end);
    }
    for (const ix of indexes) db.exec(ix.sql);
    db.exec('analyze');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export async function loadPostgres(
  url: string,
  columns: string[],
  n: number,
  row: RowSource,
  progress: (done: number) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set synchronous_commit = off');
    // No foreign-key triggers during the load (the caller checked every reference beforehand).
    await client.query('set session_replication_role = replica');
    await client.query("set maintenance_work_mem = '512MB'");
    // Plain indexes only; the primary key and the unique constraints stay (they are constraints).
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i
        where i.tablename = 'requests' and i.schemaname = current_schema()
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    );
    for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
    const types = columns.map((c) => (INT_COLUMNS.has(c) ? 'int[]' : FLOAT_COLUMNS.has(c) ? 'float8[]' : 'text[]'));
    const sql = `insert into requests (${columns.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')})`;
    const perInsert = 5000;
    const perTx = perInsert * 10;
    const build = (from: number, to: number) => {
      const arrays: unknown[][] = columns.map(() => new Array(to - from));
      for (let i = from; i < to; i++) {
        const r = row(i) as unknown as Record<string, unknown>;
        for (let c = 0; c < columns.length; c++) (arrays[c] as unknown[])[i - from] = r[columns[c] as string];
      }
      return arrays;
    };
    for (let start = 0; start < n; start += perTx) {
      const end = Math.min(n, start + perTx);
      await client.query('begin');
      // Generate the next batch while the database inserts the previous one.
      let pending: Promise<unknown> | null = null;
      for (let i = start; i < end; i += perInsert) {
        const arrays = build(i, Math.min(end, i + perInsert));
        await pending;
        pending = client.query(sql, arrays);
      }
      await pending;
      await client.query('commit');
      progress(end);
    }
    for (const ix of indexes) await client.query(ix.indexdef);
    await client.query('set session_replication_role = origin');
    // Index-only scans need the visibility map; the planner needs statistics.
    await client.query('vacuum (analyze) requests');
  } finally {
    await client.end();
  }
}
