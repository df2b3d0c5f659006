/**
 * INSERTs on the hot path without building the query anew each time. Kysely builds, freezes and
 * compiles a query tree on every call — about 30 µs for a request's 50-column row, as much as
 * SQLite takes to write it. The SQL text of an INSERT depends only on the table, the columns and
 * the number of rows, so Kysely compiles each shape once (for this database's dialect) and later
 * calls send that text with the new values.
 *
 * Rows must be plain: every row the same columns, values strings, numbers or null. Anything else
 * goes through Kysely as usual.
 */
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { DB } from './schema.js';

type Table = keyof DB & string;

export class PreparedInserts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly db: Kysely<DB>) {}

  /** Inserts `rows` into `table` through `executor` (the transaction, when there is one). */
  async insert<T extends Table>(executor: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0] as object);
    const params = plainValues(rows as Record<string, unknown>[], columns);
    if (!params) {
      await executor
        .insertInto(table)
        .values(rows as never)
        .execute();
      return;
    }
    const shape = `${table}|${rows.length}|${columns.join(',')}`;
    let text = this.texts.get(shape);
    if (text === undefined) {
      text = this.compile(table, rows.length, columns, shape);
      this.texts.set(shape, text);
    }
    await executor.executeQuery(CompiledQuery.raw(text, params));
  }

  /**
   * Kysely's SQL for a shape, compiled from rows whose every value is a distinct marker, so that
   * the check below sees each value's position: the values must come column by column, row by row,
   * exactly as `plainValues` lays them out.
   */
  private compile(table: Table, rowCount: number, columns: string[], shape: string): string {
    const marker = (r: number, c: number) => `\u0000prepared-insert:${r}:${c}`;
    const markers = Array.from({ length: rowCount }, (_, r) => Object.fromEntries(columns.map((col, c) => [col, marker(r, c)])));
    const compiled = this.db
      .insertInto(table)
      .values(markers as never)
      .compile();
    const expected = markers.flatMap((_, r) => columns.map((_, c) => marker(r, c)));
    if (compiled.parameters.length !== expected.length || compiled.parameters.some((p, i) => p !== expected[i]))
      throw new Error(`PreparedInserts: Kysely orders the values of ${shape} differently`);
    return compiled.sql;
  }
}

/** The values in column order, or null if a row is not plain (other columns, undefined, objects). */
function plainValues(rows: Record<string, unknown>[], columns: string[]): unknown[] | null {
  const params: unknown[] = [];
  for (const row of rows) {
    let n = 0;
    for (const key in row) {
      if (Object.hasOwn(row, key)) n++;
    }
    if (n !== columns.length) return null;
    for (const c of columns) {
      const v = row[c];
      if (v === undefined || (v !== null && typeof v !== 'string' && typeof v !== 'number')) return null;
      params.push(v);
    }
  }
  return params;
}

const shared = new WeakMap<object, PreparedInserts>();

/** One PreparedInserts per database (keyed by its adapter), for the platform's hot writers (timeline, keys). */
export function preparedInsertsFor(db: Kysely<DB>): PreparedInserts {
  const key = db.getExecutor().adapter;
  let p = shared.get(key);
  if (!p) {
    p = new PreparedInserts(db);
    shared.set(key, p);
  }
  return p;
}
