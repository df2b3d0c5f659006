import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { toCsv } from '../../http/csv.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { CategoriesService } from '../categories/categories.service.js';
import type { OrgService } from '../org/org.service.js';
import { zhLabel } from './labels.js';
import type { Status } from './lifecycle.js';
import { maskPhone } from './requests.presenter.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { RequestPoint } from './requests.responses.js';
import type { ListQuery } from './requests.schema.js';

export const MAX_EXPORT_ROWS = 50_000;
export const MAX_POINTS = 5_000;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
export const EXCEL_DATE_FORMAT = 'yyyy-mm-dd hh:mm';

type Cell = string | number | Date | null;
type Filters = Omit<ListQuery, 'page' | 'pageSize'>;

const HEADER = [
  '编号',
  '类型',
  '类别',
  '紧急程度',
  '标题',
  '内容',
  '渠道',
  '状态',
  '街道',
  '社区',
  '网格',
  '承办单位',
  '诉求人电话',
  '受理时间',
  '办结时限',
  '办结时间',
  '超期',
  '督办',
  '回复',
  '评价',
] as const;
/** The columns holding instants (受理时间, 办结时限, 办结时间). */
const DATE_COLUMNS = [HEADER.indexOf('受理时间'), HEADER.indexOf('办结时限'), HEADER.indexOf('办结时间')];

/**
 * Excel has no time zones: a date cell holds wall-clock time. The instant is shifted to China
 * time (UTC+8, no daylight saving) so the cell reads as a clock in 离石 would.
 */
export const excelChinaTime = (iso: string | null): Date | null => (iso ? new Date(new Date(iso).getTime() + CHINA_OFFSET_MS) : null);
const chinaText = (iso: string | null) => excelChinaTime(iso)?.toISOString().slice(0, 16).replace('T', ' ') ?? '';

/** The dispatch board's filtered list as a spreadsheet: Chinese labels, China time, phones masked; each export audited. */
export class RequestsExportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly repo: RequestsRepository,
    private readonly categories: CategoriesService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  /** Where the filtered requests are, for the heat map: at most MAX_POINTS, in the actor's scope. */
  async points(actor: Actor, filters: Filters): Promise<{ items: RequestPoint[]; truncated: boolean }> {
    const items: RequestPoint[] = [];
    for await (const r of this.repo.iterate(actor, filters, this.clock.now().toISOString())) {
      if (r.lat === null || r.lng === null) continue;
      items.push({ id: r.id, lat: r.lat, lng: r.lng, status: r.status as Status, categoryCode: r.category_code });
      if (items.length >= MAX_POINTS) break;
    }
    return { items, truncated: items.length >= MAX_POINTS };
  }

  async export(actor: Actor, filters: Filters, format: 'xlsx' | 'csv'): Promise<{ fileName: string; mime: string; body: Buffer }> {
    const rows = await this.rows(actor, filters);
    await this.audit.record(this.db, actor, 'requests.exported', 'request', null, { filters, rows: rows.length, format });
    const name = `诉求清单-${this.clock.now().toISOString().slice(0, 10)}`;
    if (format === 'csv') {
      const text = rows.map((r) => r.map((c, i) => (DATE_COLUMNS.includes(i) ? chinaText(c as string | null) : c)));
      return { fileName: `${name}.csv`, mime: 'text/csv; charset=utf-8', body: toCsv([[...HEADER], ...text]) };
    }
    return {
      fileName: `${name}.xlsx`,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await this.workbook(rows),
    };
  }

  /** One row per request, dates still as ISO instants (each format writes them its way). */
  private async rows(actor: Actor, filters: Filters): Promise<Cell[][]> {
    const cats = new Map((await this.categories.list(true)).map((c) => [c.code, c.name]));
    const units = new Map((await this.org.list()).map((u) => [u.id, u.name]));
    const unit = (id: string | null) => (id ? (units.get(id) ?? '') : '');
    const out: Cell[][] = [];
    for await (const r of this.repo.iterate(actor, filters, this.clock.now().toISOString())) {
      out.push(this.row(r, cats, unit));
      if (out.length >= MAX_EXPORT_ROWS) break;
    }
    return out;
  }

  private row(r: RequestRow, cats: Map<string, string>, unit: (id: string | null) => string): Cell[] {
    return [
      r.number,
      zhLabel.kind(r.kind),
      cats.get(r.category_code) ?? r.category_code,
      zhLabel.urgency(r.urgency),
      r.title,
      r.description,
      zhLabel.channel(r.channel),
      zhLabel.status(r.status),
      unit(r.street_code),
      unit(r.community_code),
      unit(r.grid_code),
      unit(r.handler_unit_id),
      maskPhone(r.reporter_phone) ?? '',
      r.created_at,
      r.resolve_deadline,
      r.resolved_at,
      r.overdue ? '是' : '否',
      r.supervised ? '是' : '否',
      r.reply ?? '',
      zhLabel.rating(r.rating),
    ];
  }

  private async workbook(rows: Cell[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('诉求');
    ws.addRow([...HEADER]).font = { bold: true };
    for (const row of rows) ws.addRow(row.map((c, i) => (DATE_COLUMNS.includes(i) ? excelChinaTime(c as string | null) : c)));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.columns.forEach((c, i) => {
      c.width = DATE_COLUMNS.includes(i) ? 18 : 16;
      if (DATE_COLUMNS.includes(i)) c.numFmt = EXCEL_DATE_FORMAT;
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
