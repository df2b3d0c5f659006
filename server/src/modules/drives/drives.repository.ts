/** The drives' queries. Stock moves by conditional UPDATEs only, so concurrent steps cannot overdraw it. */
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type {
  DriveDeliveryTable,
  DriveItemTable,
  DrivePledgeTable,
  DriveReceiptTable,
  DriveRecipientTable,
} from '../../db/drives-tables.js';
import type { DB } from '../../db/schema.js';
import type { Executor } from '../../platform/executor.js';
import { scopeWhere } from '../../platform/scope.js';
import type { Actor } from '../auth/actor.js';
import type { DriveRow } from './drive.workflow.js';
import { DRIVE_SCOPE } from './drives.policy.js';

export type ItemRow = Selectable<DriveItemTable>;
export type PledgeRow = Selectable<DrivePledgeTable>;
export type ReceiptRow = Selectable<DriveReceiptTable>;
export type RecipientRow = Selectable<DriveRecipientTable>;
export type DeliveryRow = Selectable<DriveDeliveryTable>;

export interface DriveCounts {
  pledged: number;
  recipients: number;
  delivered: number;
  confirmed: number;
}

export class DrivesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  byId(id: string, db: Executor = this.db): Promise<DriveRow | undefined> {
    return db.selectFrom('drives').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(actor: Actor, q: { status?: string; page: number; pageSize: number }): Promise<{ rows: DriveRow[]; total: number }> {
    let base = this.db.selectFrom('drives').where(scopeWhere(DRIVE_SCOPE, actor));
    if (q.status) base = base.where('status', '=', q.status as DriveRow['status']);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return { rows, total: Number(total.n) };
  }

  items(driveIds: readonly string[], db: Executor = this.db): Promise<ItemRow[]> {
    if (!driveIds.length) return Promise.resolve([]);
    return db
      .selectFrom('drive_items')
      .selectAll()
      .where('drive_id', 'in', [...driveIds])
      .orderBy('sort')
      .execute();
  }

  item(id: string, db: Executor = this.db): Promise<ItemRow | undefined> {
    return db.selectFrom('drive_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  pledges(driveId: string): Promise<PledgeRow[]> {
    return this.db.selectFrom('drive_pledges').selectAll().where('drive_id', '=', driveId).orderBy('created_at').orderBy('id').execute();
  }

  pledge(id: string, db: Executor): Promise<PledgeRow | undefined> {
    return db.selectFrom('drive_pledges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  receipts(driveId: string): Promise<ReceiptRow[]> {
    return this.db.selectFrom('drive_receipts').selectAll().where('drive_id', '=', driveId).orderBy('received_at').orderBy('id').execute();
  }

  /** Pledged, recipients, delivered and confirmed per drive, in three grouped queries. */
  async counts(driveIds: readonly string[]): Promise<Map<string, DriveCounts>> {
    const out = new Map<string, DriveCounts>(driveIds.map((id) => [id, { pledged: 0, recipients: 0, delivered: 0, confirmed: 0 }]));
    if (!driveIds.length) return out;
    const ids = [...driveIds];
    const pledged = await this.db
      .selectFrom('drive_pledges')
      .select(['drive_id', (eb) => eb.fn.sum<number>('quantity').as('n')])
      .where('drive_id', 'in', ids)
      .groupBy('drive_id')
      .execute();
    for (const r of pledged) out.get(r.drive_id)!.pledged = Number(r.n);
    const recipients = await this.db
      .selectFrom('drive_recipients')
      .select(['drive_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('drive_id', 'in', ids)
      .groupBy('drive_id')
      .execute();
    for (const r of recipients) out.get(r.drive_id)!.recipients = Number(r.n);
    const delivered = await this.db
      .selectFrom('drive_deliveries')
      .select([
        'drive_id',
        (eb) => eb.fn.sum<number>('quantity').as('n'),
        sql<number>`sum(case when status = 'confirmed' then quantity else 0 end)`.as('c'),
      ])
      .where('drive_id', 'in', ids)
      .groupBy('drive_id')
      .execute();
    for (const r of delivered) Object.assign(out.get(r.drive_id)!, { delivered: Number(r.n), confirmed: Number(r.c) });
    return out;
  }

  /** Adds received stock; returns false when the item is not the drive's. */
  async addStock(trx: Executor, driveId: string, itemId: string, quantity: number): Promise<boolean> {
    const r = await trx
      .updateTable('drive_items')
      .set((eb) => ({ received: eb('received', '+', quantity), stock: eb('stock', '+', quantity) }))
      .where('id', '=', itemId)
      .where('drive_id', '=', driveId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Counts stock received against a pledge, never beyond what was pledged. */
  async receiveAgainstPledge(trx: Executor, pledgeId: string, quantity: number): Promise<boolean> {
    const r = await trx
      .updateTable('drive_pledges')
      .set((eb) => ({ received: eb('received', '+', quantity) }))
      .where('id', '=', pledgeId)
      .where(sql<boolean>`received + ${quantity} <= quantity`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Takes `quantity` from the item's stock if that much is there; one statement, so two deliveries cannot both take the last parcel. */
  async deductStock(trx: Executor, itemId: string, quantity: number): Promise<boolean> {
    const r = await trx
      .updateTable('drive_items')
      .set((eb) => ({ stock: eb('stock', '-', quantity), delivered: eb('delivered', '+', quantity) }))
      .where('id', '=', itemId)
      .where('stock', '>=', quantity)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  recipients(driveId: string, db: Executor = this.db): Promise<RecipientRow[]> {
    return db
      .selectFrom('drive_recipients')
      .selectAll()
      .where('drive_id', '=', driveId)
      .orderBy('community_code')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  recipient(id: string, db: Executor = this.db): Promise<RecipientRow | undefined> {
    return db.selectFrom('drive_recipients').selectAll().where('id', '=', id).executeTakeFirst();
  }

  deliveries(driveId: string, db: Executor = this.db): Promise<DeliveryRow[]> {
    return db.selectFrom('drive_deliveries').selectAll().where('drive_id', '=', driveId).orderBy('delivered_at').orderBy('id').execute();
  }

  delivery(id: string, db: Executor = this.db): Promise<DeliveryRow | undefined> {
    return db.selectFrom('drive_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  deliveryOfHousehold(driveId: string, householdKey: string, db: Executor = this.db): Promise<DeliveryRow | undefined> {
    return db
      .selectFrom('drive_deliveries')
      .selectAll()
      .where('drive_id', '=', driveId)
      .where('household_key', '=', householdKey)
      .executeTakeFirst();
  }

  /** Photos attached to deliveries (signature photos), by delivery. */
  async photos(deliveryIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!deliveryIds.length) return out;
    const rows = await this.db
      .selectFrom('uploads')
      .select(['id', 'entity_id'])
      .where('entity_type', '=', 'drive_delivery')
      .where('entity_id', 'in', [...deliveryIds])
      .orderBy('created_at')
      .execute();
    for (const r of rows) if (r.entity_id) out.set(r.entity_id, [...(out.get(r.entity_id) ?? []), r.id]);
    return out;
  }
}
