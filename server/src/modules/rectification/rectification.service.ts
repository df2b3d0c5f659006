/**
 * Rectification orders (整改单): opened by a programme's step (a failed checklist item, a 举一反三
 * check, a hazard) in its transaction, then moved by the order workflow. Lists and reads go
 * through the policy; the overdue job escalates each overdue order once.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, chinaDate, DAY_MS } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import { type Executor, inTransaction } from '../../platform/executor.js';
import { appendTimeline, readTimeline } from '../../platform/timeline.js';
import type { Tell } from '../../platform/workflow.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { type OfficeHours, type RectificationLimit, rectificationDeadline } from '../calendar/working-hours.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import { ORDER_ENTITY, ORDER_WORKFLOW, type OrderRow } from './order.workflow.js';
import { orderInScope, orderPerformers, orderScopeWhere } from './rectification.policy.js';
import { closedOnTime, isOverdue, presentOrder, presentOrderDetail } from './rectification.presenter.js';
import type { OrderActionInput, orderListQuery, ratesQuery } from './rectification.schemas.js';
import { namingConflicts, staleItem } from './stale.js';

export interface NewOrder {
  sourceType: string;
  sourceId: string;
  roundId: string | null;
  title: string;
  itemCode: string | null;
  pointId: string | null;
  pointName: string | null;
  unitId: string;
  place: { district: string; street: string; community: string };
  limit: RectificationLimit;
  inspectorId: string | null;
  recheck: 'any' | 'same' | 'other';
  /** The before-photos, already attached to the source; recorded on the order's first timeline entry. */
  photos: readonly string[];
}

export interface RectificationOptions {
  officeHours: OfficeHours;
  /** A (point, item) failing again within this many days is flagged recurring. */
  recurringDays: number;
}

export class RectificationService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    readonly options: RectificationOptions,
  ) {}

  /** Opens an order inside the caller's step; tells the unit. */
  async create(trx: Executor, actor: Actor, o: NewOrder): Promise<OrderRow> {
    const now = this.clock.now();
    const cal = await this.calendar.calendar(trx);
    const deadline = rectificationDeadline(cal, this.options.officeHours, now, o.limit);
    const since = new Date(now.getTime() - this.options.recurringDays * DAY_MS).toISOString();
    const before =
      o.pointId && o.itemCode
        ? await trx
            .selectFrom('rectification_orders')
            .select('id')
            .where('point_id', '=', o.pointId)
            .where('item_code', '=', o.itemCode)
            .where('status', '!=', 'withdrawn')
            .where('created_at', '>=', since)
            .executeTakeFirst()
        : undefined;
    const row: OrderRow = {
      id: randomUUID(),
      source_type: o.sourceType,
      source_id: o.sourceId,
      round_id: o.roundId,
      title: o.title,
      item_code: o.itemCode,
      point_id: o.pointId,
      point_name: o.pointName,
      unit_id: o.unitId,
      district_code: o.place.district,
      street_code: o.place.street,
      community_code: o.place.community,
      status: 'open',
      deadline_at: deadline.toISOString(),
      rework_count: 0,
      recurring: before ? 1 : 0,
      escalated_at: null,
      overdue_escalated_at: null,
      limit_value: o.limit.value,
      limit_unit: o.limit.unit,
      answered_at: null,
      closed_at: null,
      inspector_id: o.inspectorId,
      recheck: o.recheck,
      version: 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await trx.insertInto('rectification_orders').values(row).execute();
    await appendTimeline(trx, [
      {
        entity: { type: ORDER_ENTITY, id: row.id },
        at: row.created_at,
        actor,
        action: 'create',
        from: null,
        to: 'open',
        note: o.title,
        photos: o.photos,
        data: { deadline: row.deadline_at, recurring: !!row.recurring },
      },
    ]);
    await this.tell(trx, [{ audience: 'unit', to: [{ unit: row.unit_id }] }], 'create', row, actor);
    return row;
  }

  async list(actor: Actor, q: z.infer<typeof orderListQuery>) {
    const now = this.clock.now().toISOString();
    let base = this.db.selectFrom('rectification_orders').where(orderScopeWhere(actor) as never);
    if (q.status) base = base.where('status', '=', q.status);
    if (q.unitId) base = base.where('unit_id', '=', q.unitId);
    if (q.sourceType) base = base.where('source_type', '=', q.sourceType);
    if (q.roundId) base = base.where('round_id', '=', q.roundId);
    if (q.overdue === '1') base = base.where('status', '=', 'open').where('deadline_at', '<', now);
    if (q.overdue === '0') base = base.where((eb) => eb.or([eb('status', '!=', 'open'), eb('deadline_at', '>=', now)]));
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const names = await this.unitNames();
    return { items: rows.map((r) => presentOrder(r, names, this.clock.now())), total: Number(total.n) };
  }

  async row(actor: Actor, id: string, db: Executor = this.db): Promise<OrderRow> {
    const r = await db.selectFrom('rectification_orders').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !orderInScope(actor, r)) throw errors.notFound('整改单', 'Rectification order');
    return r;
  }

  async get(actor: Actor, id: string, db: Executor = this.db) {
    const r = await this.row(actor, id, db);
    const timeline = await readTimeline(db, { type: ORDER_ENTITY, id });
    const names = await this.unitNames();
    const actions = ORDER_WORKFLOW.available(r, orderPerformers(actor, r));
    return presentOrderDetail(r, names, this.clock.now(), timeline, actions);
  }

  async act(actor: Actor, id: string, input: OrderActionInput) {
    await inTransaction(this.db, undefined, async (trx) => {
      const row = await this.row(actor, id, trx);
      if (input.version !== row.version) throw staleItem('整改单', 'rectification order');
      const photos = 'photos' in input ? (input.photos ?? []) : [];
      await namingConflicts('整改单', 'rectification order', () =>
        ORDER_WORKFLOW.take({
          trx,
          actor,
          row,
          input,
          performers: orderPerformers(actor, row),
          now: this.clock.now(),
          ctx: { deadlineFrom: (from, limit) => this.deadlineFrom(trx, from, limit) },
          photos,
          notify: (tx, told, step) => this.tell(tx, told, step.action, step.after, actor),
        }),
      );
      if (
        photos.length &&
        (await attachUploads(trx, { type: ORDER_ENTITY, id }, photos, actor.kind === 'user' ? actor.userId : null)) !== photos.length
      )
        throw errors.validation('photos', 'photos：照片不存在或已被使用', 'photos: a photo does not exist or is already used');
      await this.audit.record(trx, actor, `rectification.${input.action}`, ORDER_ENTITY, id, { from: row.status });
    });
    return this.get(actor, id);
  }

  private async deadlineFrom(db: Executor, from: Date, limit: RectificationLimit): Promise<Date> {
    return rectificationDeadline(await this.calendar.calendar(db), this.options.officeHours, from, limit);
  }

  /**
   * The overdue job: each open order past its deadline is escalated once per deadline (a 督办 by
   * staff before the deadline does not count; a rework's new deadline may be escalated again).
   */
  async sweepOverdue(limit = 200): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('rectification_orders')
      .selectAll()
      .where('status', '=', 'open')
      .where('overdue_escalated_at', 'is', null)
      .where('deadline_at', '<', now.toISOString())
      .orderBy('deadline_at')
      .limit(limit)
      .execute();
    const system: Actor = { kind: 'system', job: 'overdue' };
    let n = 0;
    for (const row of due) {
      try {
        await this.db.transaction().execute((trx) =>
          ORDER_WORKFLOW.take({
            trx,
            actor: system,
            row,
            input: { action: 'escalate', note: '超期未整改，系统督办', version: row.version },
            performers: new Set(['system']),
            now,
            ctx: null,
            notify: (tx, told, step) => this.tell(tx, told, step.action, step.after, system),
          }),
        );
        n++;
      } catch (e) {
        // another instance or a step by the unit got there first: the next sweep looks again
        if (!(e instanceof Error && 'code' in e && (e.code === 'CONFLICT' || e.code === 'INVALID_TRANSITION'))) throw e;
      }
    }
    return n;
  }

  /** Open, overdue and reworked orders per unit; 结案率, 按期结案率, 返工率. */
  async rates(actor: Actor, q: z.infer<typeof ratesQuery>) {
    let base = this.db
      .selectFrom('rectification_orders')
      .selectAll()
      .where(orderScopeWhere(actor) as never)
      .where('status', '!=', 'withdrawn');
    if (q.roundId) base = base.where('round_id', '=', q.roundId);
    if (q.sourceType) base = base.where('source_type', '=', q.sourceType);
    const rows = await base.execute();
    const names = await this.unitNames();
    const now = this.clock.now().toISOString();
    const tally = (rs: OrderRow[]) => {
      const total = rs.length;
      const closed = rs.filter((r) => r.status === 'closed');
      const onTime = closed.filter(closedOnTime).length;
      const overdue = rs.filter((r) => isOverdue(r, now)).length;
      const reworked = rs.filter((r) => r.rework_count > 0).length;
      // answered at least once: closed, waiting for the re-check, or sent back (rework_count > 0)
      const answered = rs.filter((r) => r.status === 'closed' || r.status === 'answered' || r.rework_count > 0).length;
      const ratio = (n: number, of: number) => (of ? Math.round((n / of) * 10000) / 10000 : null);
      return {
        total,
        open: rs.filter((r) => r.status === 'open' || r.status === 'answered').length,
        overdue,
        reworked,
        closed: closed.length,
        closeRate: ratio(closed.length, total),
        // 按期结案率: closed on time over those whose outcome is due (closed, or open past the deadline)
        onTimeRate: ratio(onTime, closed.length + overdue),
        // 返工率: sent back over answered at least once
        reworkRate: ratio(reworked, answered),
      };
    };
    const byUnit = new Map<string, OrderRow[]>();
    for (const r of rows) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r]);
    const units = [...byUnit.entries()].map(([unitId, rs]) => ({ unitId, unitName: names.get(unitId) ?? unitId, ...tally(rs) }));
    units.sort((a, b) => b.open - a.open || a.unitId.localeCompare(b.unitId));
    return { units, total: tally(rows) };
  }

  /** Every order in the actor's scope, for the ledger (台账). */
  async ledgerRows(actor: Actor, roundId?: string) {
    let q = this.db
      .selectFrom('rectification_orders')
      .selectAll()
      .where(orderScopeWhere(actor) as never);
    if (roundId) q = q.where('round_id', '=', roundId);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    const names = await this.unitNames();
    return rows.map((r) => presentOrder(r, names, this.clock.now()));
  }

  async unitNames(): Promise<Map<string, string>> {
    return new Map((await this.org.list()).map((u) => [u.id, u.name]));
  }

  private async tell(trx: Executor, told: Tell[], action: string, o: OrderRow, actor: Actor): Promise<void> {
    for (const t of told)
      await this.notices.tell(trx, {
        event: `${ORDER_ENTITY}.${action}.${t.audience}`,
        entity: { type: ORDER_ENTITY, id: o.id },
        recipients: t.to,
        vars: { title: o.title, point: o.point_name ?? '', deadline: chinaDate(new Date(o.deadline_at)) },
        actor,
      });
  }
}
