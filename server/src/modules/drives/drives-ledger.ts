/**
 * A drive's ledger (台账) as a workbook — its packs and stock, donors and pledges, recipients and
 * deliveries (phones and ID numbers masked, China time) — and the counts of deliveries per drive
 * and month. Each export is audited.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { z } from 'zod';
import { chinaMidnight, chinaMonth } from '../../clock.js';
import { scopeWhere } from '../../platform/scope.js';
import type { Actor } from '../auth/actor.js';
import { maskPhone } from '../requests/requests.presenter.js';
import { EXCEL_DATE_FORMAT, excelChinaTime } from '../requests/requests-export.service.js';
import { deliveryMachine, METHOD_NAMES } from './delivery.lifecycle.js';
import { DRIVE_ENTITY } from './drive.workflow.js';
import { DRIVE_SCOPE } from './drives.policy.js';
import { maskIdNumber } from './drives.presenter.js';
import type { statsView } from './drives.schema.js';
import type { DrivesService } from './drives.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: (string | number | Date | null)[][], dateCols: number[] = []) {
  const ws = wb.addWorksheet(name);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.columns.forEach((c, i) => {
    c.width = dateCols.includes(i) ? 18 : 16;
    if (dateCols.includes(i)) c.numFmt = EXCEL_DATE_FORMAT;
  });
}

export async function driveLedger(
  s: DrivesService,
  actor: Actor,
  driveId: string,
): Promise<{ fileName: string; mime: string; body: Buffer }> {
  const d = await s.load(actor, driveId);
  const items = await s.repo.items([d.id]);
  const itemName = new Map(items.map((i) => [i.id, i.name]));
  const pledges = await s.repo.pledges(d.id);
  const recipients = await s.repo.recipients(d.id);
  const deliveries = new Map((await s.repo.deliveries(d.id)).map((x) => [x.recipient_id, x]));
  const units = new Map((await s.org.list()).map((u) => [u.id, u.name]));
  const wb = new ExcelJS.Workbook();
  sheet(
    wb,
    '物资',
    ['物资', '内容', '价值（元）', '认捐', '已到', '已发', '库存'],
    items.map((i) => [
      i.name,
      i.contents ?? '',
      i.value_yuan,
      pledges.filter((p) => p.item_id === i.id).reduce((n, p) => n + p.quantity, 0),
      i.received,
      i.delivered,
      i.stock,
    ]),
  );
  sheet(
    wb,
    '认捐',
    ['捐赠方', '类型', '电话', '物资', '认捐数量', '已到数量', '备注'],
    pledges.map((p) => [
      p.donor_name,
      p.donor_kind === 'unit' ? '单位' : '个人',
      maskPhone(p.donor_phone) ?? '',
      itemName.get(p.item_id) ?? '',
      p.quantity,
      p.received,
      p.note ?? '',
    ]),
  );
  sheet(
    wb,
    '受助对象与发放',
    ['姓名', '电话', '身份证号', '社区', '困难情况', '物资', '数量', '状态', '签收方式', '送达人', '送达时间', '确认人', '确认时间'],
    recipients.map((r) => {
      const x = deliveries.get(r.id);
      return [
        r.name,
        maskPhone(r.phone) ?? '',
        maskIdNumber(r.id_number) ?? '',
        units.get(r.community_code) ?? r.community_code,
        r.reason,
        x ? (itemName.get(x.item_id) ?? '') : '',
        x?.quantity ?? null,
        x ? deliveryMachine.decl.statusNames[x.status].zh : '未发放',
        x?.confirm_method ? METHOD_NAMES[x.confirm_method].zh : '',
        x?.delivered_by_name ?? '',
        excelChinaTime(x?.delivered_at ?? null),
        x?.confirmed_by_name ?? '',
        excelChinaTime(x?.confirmed_at ?? null),
      ];
    }),
    [10, 12],
  );
  await s.audit.record(s.db, actor, 'drives.ledger_exported', DRIVE_ENTITY, d.id, { recipients: recipients.length });
  return {
    fileName: `${d.title}-台账-${s.clock.now().toISOString().slice(0, 10)}.xlsx`,
    mime: XLSX,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}

/** The first instant (UTC ISO) of a China month, or of the month after it. */
function monthStart(month: string, after = false): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = after ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y, m - 1, 1));
  return chinaMidnight(next.toISOString().slice(0, 10)).toISOString();
}

/**
 * Parcels delivered and confirmed per drive and China month, for the drives the actor sees.
 * The database filters the range and sums per drive and UTC hour (portable on both databases);
 * the hours are then folded into China months. Disputed and voided deliveries are left out.
 */
export async function driveStats(s: DrivesService, actor: Actor, q: { from?: string; to?: string }): Promise<z.infer<typeof statsView>> {
  let query = s.db
    .selectFrom('drive_deliveries')
    .innerJoin('drives', 'drives.id', 'drive_deliveries.drive_id')
    .where(scopeWhere(DRIVE_SCOPE, actor))
    .where('drive_deliveries.status', 'in', ['delivered', 'confirmed']);
  if (q.from) query = query.where('drive_deliveries.delivered_at', '>=', monthStart(q.from));
  if (q.to) query = query.where('drive_deliveries.delivered_at', '<', monthStart(q.to, true));
  const hour = sql<string>`substr(drive_deliveries.delivered_at, 1, 13)`;
  const rows = await query
    .select([
      'drives.id as driveId',
      'drives.title',
      hour.as('hour'),
      (eb) => eb.fn.sum<number>('drive_deliveries.quantity').as('delivered'),
      sql<number>`sum(case when drive_deliveries.status = 'confirmed' then drive_deliveries.quantity else 0 end)`.as('confirmed'),
    ])
    .groupBy(['drives.id', 'drives.title', hour])
    .execute();
  const out = new Map<string, { driveId: string; title: string; month: string; delivered: number; confirmed: number }>();
  for (const r of rows) {
    const month = chinaMonth(new Date(`${r.hour}:00:00Z`));
    const k = `${r.driveId}|${month}`;
    const e = out.get(k) ?? { driveId: r.driveId, title: r.title, month, delivered: 0, confirmed: 0 };
    e.delivered += Number(r.delivered);
    e.confirmed += Number(r.confirmed);
    out.set(k, e);
  }
  return { items: [...out.values()].sort((a, b) => a.month.localeCompare(b.month) || a.title.localeCompare(b.title)) };
}
