/** Counts (fulfilled by co-building unit, community, drive, month) and the Excel ledger (台账) of every wish in scope. */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { type Clock, chinaMonth } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { scopeWhere } from '../../platform/scope.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { OrgService } from '../org/org.service.js';
import { maskPhone } from '../requests/requests.presenter.js';
import { excelChinaTime } from '../requests/requests-export.service.js';
import { WISH_MACHINE, type WishStatus } from './wish.lifecycle.js';
import { readWishConfig } from './wishes.config.js';
import { WISH_SCOPE } from './wishes.policy.js';

const MAX_ROWS = 50_000;
const HEADER = [
  '编号',
  '社区',
  '类别',
  '心愿',
  '价值（元）',
  '受助人',
  '年龄',
  '电话',
  '渠道',
  '状态',
  '认领人',
  '认领单位',
  '提交时间',
  '认领时间',
  '送达时间',
  '确认时间',
  '未通过原因',
  '转诉求',
  '活动',
];

export class WishesLedger {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  /** Fulfilled (confirmed) wishes counted by co-building unit, community, drive and China month. */
  async stats(actor: Actor) {
    const rows = await this.db
      .selectFrom('wishes')
      .select(['claimer_unit_id', 'community_code', 'confirmed_at', 'drive_id'])
      .where(scopeWhere(WISH_SCOPE, actor))
      .where('status', '=', 'confirmed')
      .execute();
    const driveTitles = await this.driveTitles(rows.map((r) => r.drive_id));
    const count = async (key: (r: (typeof rows)[number]) => string | null, named: boolean | Map<string, string>) => {
      const m = new Map<string, number>();
      for (const r of rows) {
        const k = key(r);
        if (k) m.set(k, (m.get(k) ?? 0) + 1);
      }
      const out = [];
      for (const [k, n] of [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
        out.push({ key: k, name: named instanceof Map ? (named.get(k) ?? k) : named ? ((await this.org.get(k))?.name ?? k) : k, count: n });
      return out;
    };
    return {
      fulfilled: rows.length,
      byUnit: await count((r) => r.claimer_unit_id, true),
      byCommunity: await count((r) => r.community_code, true),
      byDrive: await count((r) => r.drive_id, driveTitles),
      byMonth: (await count((r) => (r.confirmed_at ? chinaMonth(new Date(r.confirmed_at)) : null), false)).sort((a, b) =>
        a.key.localeCompare(b.key),
      ),
    };
  }

  /** The titles of the drives the wishes belong to (a wish's drive is named wherever the wish is seen). */
  private async driveTitles(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.selectFrom('drives').select(['id', 'title']).where('id', 'in', wanted).execute();
    return new Map(rows.map((d) => [d.id, d.title]));
  }

  /** Every wish in the actor's scope as a spreadsheet; phones masked; audited. */
  async xlsx(actor: Actor): Promise<Buffer> {
    const rows = await this.db
      .selectFrom('wishes')
      .selectAll()
      .where(scopeWhere(WISH_SCOPE, actor))
      .orderBy('created_at')
      .limit(MAX_ROWS)
      .execute();
    const drives = await this.driveTitles(rows.map((w) => w.drive_id));
    const groups = new Map((await readWishConfig(this.db)).groups.map((g) => [g.code, g.zh]));
    const unitName = async (id: string | null) => (id ? ((await this.org.get(id))?.name ?? id) : '');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('微心愿台账');
    ws.addRow([...HEADER]).font = { bold: true };
    for (const w of rows)
      ws.addRow([
        w.number,
        await unitName(w.community_code),
        groups.get(w.group_code) ?? w.group_code,
        w.title,
        w.value_yuan,
        w.recipient_name,
        w.recipient_age,
        maskPhone(w.recipient_phone),
        w.channel === 'proxy' ? '代录' : '本人',
        WISH_MACHINE.decl.statusNames[w.status as WishStatus]?.zh ?? w.status,
        w.claimer_name,
        await unitName(w.claimer_unit_id),
        excelChinaTime(w.created_at),
        excelChinaTime(w.claimed_at),
        excelChinaTime(w.fulfilled_at),
        excelChinaTime(w.confirmed_at),
        w.decline_reason,
        w.request_id ? '是' : '',
        w.drive_id ? (drives.get(w.drive_id) ?? '') : '',
      ]);
    for (const c of [13, 14, 15, 16]) ws.getColumn(c).numFmt = 'yyyy-mm-dd hh:mm';
    await this.audit.record(this.db, actor, 'wish.ledger_exported', 'wish', null, {
      rows: rows.length,
      at: this.clock.now().toISOString(),
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
