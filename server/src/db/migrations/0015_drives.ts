import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database.js';
import { keepTimeline } from './0005_entities.js';

/**
 * Aid drives (母亲邮包, 春节/中秋 packs): a drive organised by a unit, its packs or items with their
 * stock, donors' pledges, stock received, recipients and deliveries. The database itself refuses a
 * second delivery to one household in one drive (unique index) and stock below zero (CHECK).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('drives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('organiser_unit_id', 'text', (c) => c.notNull().references('units.id'))
    /** Shown as the organiser when it is not the unit's own name (e.g. 区妇联 through the district). */
    .addColumn('organiser_name', 'text', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull())
    /** What the target counts: recipients (families) or packs. */
    .addColumn('target_unit', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('community_code', 'text')
    .addColumn('grid_code', 'text')
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drives_place').on('drives').columns(['district_code', 'street_code', 'community_code']).execute();
  await keepTimeline(db, dialect, 'drives', 'drive');

  await db.schema
    .createTable('drive_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('drive_id', 'text', (c) => c.notNull().references('drives.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contents', 'text')
    .addColumn('value_yuan', 'integer')
    .addColumn('unit_label', 'text', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered', 'integer', (c) => c.notNull().defaultTo(0))
    /** received − delivered, kept in the row so one conditional UPDATE deducts it under concurrency. */
    .addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0).check(sql`stock >= 0`))
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_items_drive').on('drive_items').columns(['drive_id', 'sort']).execute();

  await db.schema
    .createTable('drive_pledges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('drive_id', 'text', (c) => c.notNull().references('drives.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('drive_items.id'))
    .addColumn('donor_kind', 'text', (c) => c.notNull())
    .addColumn('donor_name', 'text', (c) => c.notNull())
    .addColumn('donor_phone', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull().defaultTo(0).check(sql`received >= 0`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_pledges_drive').on('drive_pledges').columns(['drive_id']).execute();

  await db.schema
    .createTable('drive_receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('drive_id', 'text', (c) => c.notNull().references('drives.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('drive_items.id'))
    .addColumn('pledge_id', 'text', (c) => c.references('drive_pledges.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('received_by', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drive_receipts_drive').on('drive_receipts').columns(['drive_id', 'received_at']).execute();

  await db.schema
    .createTable('drive_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('drive_id', 'text', (c) => c.notNull().references('drives.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('id_number', 'text')
    /** `id:<ID number>` or `phone:<digits>`: the household a delivery is counted against. */
    .addColumn('household_key', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    /** The recipient's entitlement, set by the organiser: a delivery takes exactly this item and quantity. */
    .addColumn('item_id', 'text', (c) => c.notNull().references('drive_items.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1).check(sql`quantity >= 1`))
    /** The one-time code the recipient tells the deliverer (sent to their phone), hashed; null once used. */
    .addColumn('code_hash', 'text')
    .addColumn('code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A household is listed once: neither its ID number nor its phone may already be in the drive
  // (a spouse sharing the phone, or the same person listed once by ID and once by phone, is refused).
  await db.schema
    .createIndex('drive_recipients_id_number')
    .on('drive_recipients')
    .columns(['drive_id', 'id_number'])
    .unique()
    .where(sql.ref('id_number'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('drive_recipients_phone')
    .on('drive_recipients')
    .columns(['drive_id', 'phone'])
    .unique()
    .where(sql.ref('phone'), 'is not', null)
    .execute();

  await db.schema
    .createTable('drive_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('drive_id', 'text', (c) => c.notNull().references('drives.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('drive_recipients.id'))
    .addColumn('household_key', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('drive_items.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    /** photo | code | callback: how the recipient confirmed (null while a call-back is awaited). */
    .addColumn('confirm_method', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_by_name', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('note', 'text')
    .addColumn('delivered_by', 'text')
    .addColumn('delivered_by_name', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The rule itself: one delivery per household per drive, whatever races the application loses.
  // A voided delivery (wrongly recorded, stock returned) no longer counts, so a new one may be made.
  await db.schema
    .createIndex('drive_deliveries_once')
    .on('drive_deliveries')
    .columns(['drive_id', 'household_key'])
    .unique()
    .where(sql.ref('status'), '<>', 'voided')
    .execute();
  await db.schema.createIndex('drive_deliveries_month').on('drive_deliveries').columns(['drive_id', 'delivered_at']).execute();
  await keepTimeline(db, dialect, 'drive_deliveries', 'drive_delivery');
}
