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
      const compiled = this.db
        .insertInto(table)
        .values(rows as never)
        .compile();
      // Kysely numbers the values column by column, row by row; check that once per shape.
      if (compiled.parameters.length !== params.length || compiled.parameters.some((p, i) => p !== params[i]))
        throw new Error(`PreparedInserts: parameter order differs from Kysely's for ${shape}`);
      text = compiled.sql;
      this.texts.set(shape, text);
    }
    await executor.executeQuery(CompiledQuery.raw(text, params));
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
