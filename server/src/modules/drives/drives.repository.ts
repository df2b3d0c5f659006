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

/** One item's figures, in its own unit (packs of different value are never added together). */
export interface ItemFigures {
  pledged: number;
  received: number;
  /** Parcels in deliveries that count: not disputed, not voided. */
  delivered: number;
  confirmed: number;
  disputed: number;
  stock: number;
}

/**
 * A drive's progress in its target's unit: households (one delivery each) when it counts
 * recipients, parcels when it counts packs. Disputed and voided deliveries are left out of
 * delivered; disputed ones are counted apart.
 */
export interface DriveFigures {
  recipients: number;
  delivered: number;
  confirmed: number;
  disputed: number;
  items: Map<string, ItemFigures>;
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

  /** The figures of these drives (desk and public alike), in grouped queries. */
  async figures(drives: readonly Pick<DriveRow, 'id' | 'target_unit'>[], db: Executor = this.db): Promise<Map<string, DriveFigures>> {
    const out = new Map<string, DriveFigures>(
      drives.map((d) => [d.id, { recipients: 0, delivered: 0, confirmed: 0, disputed: 0, items: new Map() }]),
    );
    if (!drives.length) return out;
    const ids = drives.map((d) => d.id);
    const blank = (): ItemFigures => ({ pledged: 0, received: 0, delivered: 0, confirmed: 0, disputed: 0, stock: 0 });
    for (const i of await this.items(ids, db)) out.get(i.drive_id)!.items.set(i.id, { ...blank(), received: i.received, stock: i.stock });
    const pledged = await db
      .selectFrom('drive_pledges')
      .select(['drive_id', 'item_id', (eb) => eb.fn.sum<number>('quantity').as('n')])
      .where('drive_id', 'in', ids)
      .groupBy(['drive_id', 'item_id'])
      .execute();
    for (const r of pledged) {
      const f = out.get(r.drive_id)!.items.get(r.item_id);
      if (f) f.pledged = Number(r.n);
    }
    const recipients = await db
      .selectFrom('drive_recipients')
      .select(['drive_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('drive_id', 'in', ids)
      .groupBy('drive_id')
      .execute();
    for (const r of recipients) out.get(r.drive_id)!.recipients = Number(r.n);
    const deliveries = await db
      .selectFrom('drive_deliveries')
      .select([
        'drive_id',
        'item_id',
        'status',
        (eb) => eb.fn.countAll<number>().as('households'),
        (eb) => eb.fn.sum<number>('quantity').as('parcels'),
      ])
      .where('drive_id', 'in', ids)
      .where('status', '<>', 'voided')
      .groupBy(['drive_id', 'item_id', 'status'])
      .execute();
    const unit = new Map(drives.map((d) => [d.id, d.target_unit]));
    for (const r of deliveries) {
      const f = out.get(r.drive_id)!;
      const n = unit.get(r.drive_id) === 'recipients' ? Number(r.households) : Number(r.parcels);
      const item = f.items.get(r.item_id) ?? blank();
      if (r.status === 'disputed') {
        f.disputed += n;
        item.disputed += Number(r.parcels);
        continue;
      }
      f.delivered += n;
      item.delivered += Number(r.parcels);
      if (r.status === 'confirmed') {
        f.confirmed += n;
        item.confirmed += Number(r.parcels);
      }
    }
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
      .where('status', '<>', 'voided')
      .executeTakeFirst();
  }

  /** Returns a voided delivery's parcels to the item's stock. */
  async returnStock(trx: Executor, itemId: string, quantity: number): Promise<void> {
    await trx
      .updateTable('drive_items')
      .set((eb) => ({ stock: eb('stock', '+', quantity), delivered: eb('delivered', '-', quantity) }))
      .where('id', '=', itemId)
      .execute();
  }

  /** The recipient already listed in the drive with this ID number or this phone, if any. */
  listedAs(driveId: string, by: { idNumber?: string | null; phone?: string | null }, db: Executor = this.db) {
    return db
      .selectFrom('drive_recipients')
      .selectAll()
      .where('drive_id', '=', driveId)
      .where((eb) =>
        eb.or([...(by.idNumber ? [eb('id_number', '=', by.idNumber)] : []), ...(by.phone ? [eb('phone', '=', by.phone)] : [])]),
      )
      .orderBy('created_at')
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
