/**
 * Sheets a programme defines (a register, a checklist, a campaign's returns) and their import with
 * a dry run: every bad cell is listed (row, column, message in Chinese and English), and nothing is
 * written until the whole sheet is clean; then every row is written in one transaction, or none.
 * The same definition gives the blank template to download.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { type Executor, inTransaction } from '../executor.js';
import type { Cell } from './cells.js';
import { parseCsv } from './csv-read.js';

export interface Column<T> {
  /** The header in the sheet (Chinese); `aliases` are accepted too (an English header, an older name). */
  header: string;
  aliases?: string[];
  required?: boolean;
  cell: Cell<T>;
  example?: string;
  note?: string;
}

export interface SheetDef<C extends Record<string, Column<any>>> {
  name: string;
  columns: C;
  /** Checks across the columns of one row (an end before its start); messages name a column key. */
  check?: (row: SheetRow<C>) => { column: keyof C & string; zh: string; en: string }[];
  maxRows?: number;
}

export type SheetRow<C extends Record<string, Column<any>>> = {
  [K in keyof C]: C[K] extends Column<infer T> ? (C[K]['required'] extends true ? T : T | null) : never;
};

export interface CellIssue {
  /** The sheet's row number (1 is the header). */
  row: number;
  /** The column's header as the sheet shows it. */
  column: string;
  message: string;
  messageEn: string;
}

export interface SheetReport {
  rows: number;
  valid: number;
  errors: CellIssue[];
  imported: number;
  dryRun: boolean;
}

export function defineSheet<C extends Record<string, Column<any>>>(def: SheetDef<C>): SheetDef<C> {
  return def;
}

const MAX_ROWS = 5000;
const clean = (h: string) => h.replace(/[\s*＊]+$/u, '').trim();

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // Excel dates carry no zone: the sheet's date is the UTC date
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if ('error' in v) return '';
  }
  return String(v).trim();
}

/** An uploaded .xlsx (first sheet) or .csv as a grid of cell texts; the first row is the header. */
export async function readGrid(buf: Buffer): Promise<string[][]> {
  if (buf.subarray(0, 2).toString('latin1') !== 'PK') return parseCsv(buf.toString('utf8')).map((r) => r.map((c) => c.trim()));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw errors.validation('file', 'file：不是有效的 Excel (.xlsx) 或 CSV 文件', 'file: not a valid Excel (.xlsx) or CSV file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw errors.validation('file', 'file：工作簿中没有工作表', 'file: the workbook has no sheet');
  const grid: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = cellText(c.value);
    });
    grid[n - 1] = Array.from(cells, (x) => x ?? '');
  });
  return Array.from(grid, (r) => r ?? []);
}

/** Checks every cell of a grid against the definition: the rows that are clean, and every issue. */
export function checkGrid<C extends Record<string, Column<any>>>(
  def: SheetDef<C>,
  grid: string[][],
): { rows: { row: number; value: SheetRow<C> }[]; errors: CellIssue[]; count: number } {
  const [head = [], ...body] = grid;
  const issues: CellIssue[] = [];
  const at = new Map<string, number>();
  for (const [key, col] of Object.entries(def.columns)) {
    const names = [col.header, ...(col.aliases ?? [])];
    const i = head.findIndex((h) => names.includes(clean(h)));
    if (i >= 0) at.set(key, i);
    else if (col.required)
      issues.push({ row: 1, column: col.header, message: `${col.header}：缺少此列`, messageEn: `${col.header}: column is missing` });
  }
  const data = body.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c !== ''));
  const max = def.maxRows ?? MAX_ROWS;
  if (data.length > max) throw errors.validation('file', `file：最多 ${max} 行`, `file: at most ${max} rows`);
  const rows: { row: number; value: SheetRow<C> }[] = [];
  for (const { row, cells } of data) {
    const value: Record<string, unknown> = {};
    let rowOk = true;
    for (const [key, col] of Object.entries(def.columns)) {
      const i = at.get(key);
      const t = i === undefined ? '' : (cells[i] ?? '');
      if (t === '') {
        if (col.required) {
          if (i !== undefined)
            issues.push({ row, column: col.header, message: `${col.header}：必填`, messageEn: `${col.header}: is required` });
          rowOk = false;
        }
        value[key] = null;
        continue;
      }
      const r = col.cell(t);
      if (r.ok) value[key] = r.value;
      else {
        issues.push({ row, column: col.header, message: `${col.header}：${r.zh}`, messageEn: `${col.header}: ${r.en}` });
        rowOk = false;
      }
    }
    if (!rowOk) continue;
    const cross = def.check?.(value as SheetRow<C>) ?? [];
    for (const x of cross) {
      const h = def.columns[x.column]!.header;
      issues.push({ row, column: h, message: `${h}：${x.zh}`, messageEn: `${h}: ${x.en}` });
    }
    if (cross.length === 0) rows.push({ row, value: value as SheetRow<C> });
  }
  return { rows, errors: issues, count: data.length };
}

/**
 * Imports an uploaded sheet. `validate` adds the programme's own checks that need the database
 * (a unit named in the sheet exists, a person is in the actor's area); `write` stores the clean
 * rows and records the import in audit_log, in the one transaction. A dry run, or any issue,
 * writes nothing.
 */
export async function importSheet<C extends Record<string, Column<any>>>(
  def: SheetDef<C>,
  buf: Buffer,
  opts: {
    db: Kysely<DB>;
    dryRun: boolean;
    validate?: (row: SheetRow<C>, rowNumber: number) => Promise<Omit<CellIssue, 'row'>[]>;
    write: (trx: Executor, rows: SheetRow<C>[]) => Promise<void>;
  },
): Promise<SheetReport> {
  const checked = checkGrid(def, await readGrid(buf));
  const issues = [...checked.errors];
  const ready: SheetRow<C>[] = [];
  for (const r of checked.rows) {
    const more = opts.validate ? await opts.validate(r.value, r.row) : [];
    issues.push(...more.map((x) => ({ ...x, row: r.row })));
    if (more.length === 0) ready.push(r.value);
  }
  issues.sort((a, b) => a.row - b.row);
  const report: SheetReport = { rows: checked.count, valid: ready.length, errors: issues, imported: 0, dryRun: opts.dryRun };
  if (opts.dryRun || issues.length > 0 || ready.length === 0) return report;
  await inTransaction(opts.db, undefined, (trx) => opts.write(trx, ready));
  return { ...report, imported: ready.length };
}

/** The blank template: the headers (required ones marked *) on the first sheet, and 填写说明 (required, example, note) on the second. */
export async function sheetTemplate(def: SheetDef<Record<string, Column<any>>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(def.name);
  const cols = Object.values(def.columns);
  const head = ws.addRow(cols.map((c) => (c.required ? `${c.header} *` : c.header)));
  head.font = { bold: true };
  cols.forEach((c, i) => {
    ws.getColumn(i + 1).width = Math.max(12, [...c.header].length * 2 + 4, [...(c.example ?? '')].length + 4);
    if (c.example) head.getCell(i + 1).note = `例：${c.example}${c.note ? `\n${c.note}` : ''}`;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列名', '必填', '示例', '说明']).font = { bold: true };
  for (const c of cols) help.addRow([c.header, c.required ? '是' : '否', c.example ?? '', c.note ?? '']);
  help.columns.forEach((c) => {
    c.width = 24;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
