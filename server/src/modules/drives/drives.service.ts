/**
 * Aid drives: create one for a unit, add its packs, record donors' pledges and the stock received
 * against them, start and close it (drive.workflow.ts). Recipients and deliveries are
 * drive-deliveries.service.ts; the ledger and counts drives-ledger.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import { appendTimeline, readTimeline } from '../../platform/timeline.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorLabel } from '../auth/actor.js';
import type { OrgService } from '../org/org.service.js';
import { mayReceive } from './drive.lifecycle.js';
import { DRIVE_ENTITY, DRIVE_WORKFLOW, type DriveRow, isStaleVersion } from './drive.workflow.js';
import { drivePerformers, maySeeDrive, placeOfOrganiser, requireOrganiser } from './drives.policy.js';
import { presentItem, presentPledge, presentReceipt, presentSummary, presentTimeline } from './drives.presenter.js';
import { DrivesRepository } from './drives.repository.js';
import type {
  CreateDriveInput,
  DriveActionInput,
  driveListView,
  driveView,
  ItemInput,
  PledgeInput,
  ReceiptInput,
} from './drives.schema.js';

export class DrivesService {
  readonly repo: DrivesRepository;

  constructor(
    readonly db: Kysely<DB>,
    readonly clock: Clock,
    readonly org: OrgService,
    readonly audit: AuditService,
  ) {
    this.repo = new DrivesRepository(db);
  }

  /** The drive if the actor may see it; out of scope and missing read the same ("not found"). */
  async load(actor: Actor, id: string, trx?: Executor): Promise<DriveRow> {
    const d = await this.repo.byId(id, trx);
    if (!d || !maySeeDrive(actor, d)) throw errors.notFound('活动', 'Drive');
    return d;
  }

  async create(actor: Actor, input: CreateDriveInput, extra: { demo?: boolean } = {}): Promise<z.infer<typeof driveView>> {
    const unit = await this.org.get(input.organiserUnitId);
    const place = unit ? placeOfOrganiser(unit) : null;
    if (!unit || !place)
      throw errors.validation(
        'organiserUnitId',
        'organiserUnitId：须为本区的社区、街道、区本级或部门',
        'organiserUnitId: must be a community, street, district or department',
      );
    if (!maySeeDrive(actor, place) || !drivePerformers(actor, place).has('organiser'))
      throw errors.forbidden(`以“${unit.name}”名义发起活动`);
    const id = randomUUID();
    const at = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('drives')
        .values({
          id,
          title: input.title,
          description: input.description ?? null,
          organiser_name: input.organiserName ?? unit.name,
          target_count: input.targetCount,
          target_unit: input.targetUnit,
          status: 'preparing',
          version: 1,
          ...place,
          demo: extra.demo ? 1 : 0,
          created_by: actorLabel(actor).id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      for (const [i, item] of input.items.entries()) await this.insertItem(trx, id, item, i, at);
      await appendTimeline(trx, [{ entity: { type: DRIVE_ENTITY, id }, at, actor, action: 'create', from: null, to: 'preparing' }]);
    });
    return this.get(actor, id);
  }

  private async insertItem(trx: Executor, driveId: string, item: ItemInput, sort: number, at: string): Promise<string> {
    const id = randomUUID();
    await trx
      .insertInto('drive_items')
      .values({
        id,
        drive_id: driveId,
        name: item.name,
        contents: item.contents ?? null,
        value_yuan: item.valueYuan ?? null,
        unit_label: item.unitLabel,
        received: 0,
        delivered: 0,
        stock: 0,
        sort,
        created_at: at,
      })
      .execute();
    return id;
  }

  async list(actor: Actor, q: { status?: string; page: number; pageSize: number }): Promise<z.infer<typeof driveListView>> {
    const { rows, total } = await this.repo.list(actor, q);
    const figures = await this.repo.figures(rows);
    return { items: rows.map((d) => presentSummary(d, figures.get(d.id)!)), total };
  }

  async get(actor: Actor, id: string): Promise<z.infer<typeof driveView>> {
    const d = await this.load(actor, id);
    const items = await this.repo.items([d.id]);
    const figures = (await this.repo.figures([d])).get(d.id)!;
    return {
      ...presentSummary(d, figures),
      description: d.description,
      items: items.map((i) => presentItem(i, figures.items.get(i.id))),
      pledges: (await this.repo.pledges(d.id)).map(presentPledge),
      receipts: (await this.repo.receipts(d.id)).map(presentReceipt),
      actions: DRIVE_WORKFLOW.available(d, drivePerformers(actor, d)),
      timeline: (await readTimeline(this.db, { type: DRIVE_ENTITY, id: d.id })).map(presentTimeline),
    };
  }

  async act(actor: Actor, id: string, input: DriveActionInput): Promise<z.infer<typeof driveView>> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.load(actor, id, trx);
      await DRIVE_WORKFLOW.take({
        trx,
        actor,
        // The version the client saw: `take` updates only if the row is still at it.
        row: { ...d, version: input.version },
        input,
        performers: drivePerformers(actor, d),
        now: this.clock.now(),
        ctx: null,
      }).catch((e) => {
        throw isStaleVersion(e) ? staleDrive() : e;
      });
    });
    return this.get(actor, id);
  }

  async addItem(actor: Actor, id: string, input: ItemInput): Promise<z.infer<typeof driveView>> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.load(actor, id, trx);
      requireOrganiser(actor, d);
      if (d.status === 'closed') throw closed();
      const count = (await this.repo.items([d.id], trx)).length;
      if (count >= 20) throw errors.validation('items', 'items：每个活动最多 20 种物资', 'items: at most 20 kinds per drive');
      const itemId = await this.insertItem(trx, d.id, input, count, this.clock.now().toISOString());
      await this.audit.record(trx, actor, 'drives.item_added', DRIVE_ENTITY, d.id, { itemId, name: input.name });
    });
    return this.get(actor, id);
  }

  async pledge(actor: Actor, id: string, input: PledgeInput): Promise<z.infer<typeof driveView>> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.load(actor, id, trx);
      requireOrganiser(actor, d);
      if (d.status === 'closed') throw closed();
      await this.itemOf(trx, d.id, input.itemId);
      const pledgeId = randomUUID();
      await trx
        .insertInto('drive_pledges')
        .values({
          id: pledgeId,
          drive_id: d.id,
          item_id: input.itemId,
          donor_kind: input.donorKind,
          donor_name: input.donorName,
          donor_phone: input.donorPhone ?? null,
          quantity: input.quantity,
          received: 0,
          note: input.note ?? null,
          created_by: actorLabel(actor).id,
          created_at: this.clock.now().toISOString(),
        })
        .execute();
      await this.audit.record(trx, actor, 'drives.pledged', DRIVE_ENTITY, d.id, {
        pledgeId,
        itemId: input.itemId,
        quantity: input.quantity,
      });
    });
    return this.get(actor, id);
  }

  /** Stock received (against a pledge or not) is added to the item's stock in the same transaction. */
  async receive(actor: Actor, id: string, input: ReceiptInput): Promise<z.infer<typeof driveView>> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.load(actor, id, trx);
      requireOrganiser(actor, d);
      if (!mayReceive(d.status)) throw closed();
      const item = await this.itemOf(trx, d.id, input.itemId);
      if (input.pledgeId) {
        const p = await this.repo.pledge(input.pledgeId, trx);
        if (!p || p.drive_id !== d.id)
          throw errors.validation('pledgeId', 'pledgeId：不是本活动的认捐', 'pledgeId: not a pledge of this drive');
        if (p.item_id !== item.id) throw errors.validation('itemId', 'itemId：与认捐的物资不一致', 'itemId: differs from the pledged item');
        if (!(await this.repo.receiveAgainstPledge(trx, p.id, input.quantity)))
          throw errors.conflict(
            `超出认捐数量：${p.donor_name} 认捐 ${p.quantity}，已到 ${p.received}`,
            `More than pledged: ${p.donor_name} pledged ${p.quantity}, ${p.received} already received`,
            { field: 'quantity' },
          );
      }
      await this.repo.addStock(trx, d.id, item.id, input.quantity);
      const receiptId = randomUUID();
      await trx
        .insertInto('drive_receipts')
        .values({
          id: receiptId,
          drive_id: d.id,
          item_id: item.id,
          pledge_id: input.pledgeId ?? null,
          quantity: input.quantity,
          note: input.note ?? null,
          received_by: actorLabel(actor).id,
          received_at: this.clock.now().toISOString(),
        })
        .execute();
      await this.audit.record(trx, actor, 'drives.stock_received', DRIVE_ENTITY, d.id, {
        receiptId,
        itemId: item.id,
        quantity: input.quantity,
      });
    });
    return this.get(actor, id);
  }

  /** Counts only, for a public page: nothing about any person; a drive still being prepared is not shown. */
  async publicSummary(id: string) {
    const d = await this.repo.byId(id);
    if (!d || d.status === 'preparing') throw errors.notFound('活动', 'Drive');
    const c = (await this.repo.figures([d])).get(d.id)!;
    return {
      title: d.title,
      organiserName: d.organiser_name,
      status: d.status,
      target: d.target_count,
      targetUnit: d.target_unit,
      delivered: c.delivered,
    };
  }

  async itemOf(trx: Executor, driveId: string, itemId: string) {
    const item = await this.repo.item(itemId, trx);
    if (!item || item.drive_id !== driveId)
      throw errors.validation('itemId', 'itemId：不是本活动的物资', 'itemId: not an item of this drive');
    return item;
  }
}

const staleDrive = () =>
  errors.conflict('该活动刚刚被他人修改，请刷新后重试', 'Someone else changed this drive a moment ago; reload and try again', {
    field: 'version',
  });
const closed = () => errors.conflict('活动已结束，不能再修改', 'The drive is closed and can no longer be changed');
