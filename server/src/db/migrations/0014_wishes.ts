import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { keepTimeline } from './0005_entities.js';

/**
 * 微心愿 (modules/wishes) and memberships: the units a person belongs to besides their account's
 * own (home community, the co-building unit of their workplace); a claim may name one of them.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    /** member | party_member (在职党员) | volunteer */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    /** When the district ended it (null: current); an ended membership cannot be acted for. */
    .addColumn('ended_at', 'text')
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('memberships_unit').on('memberships').columns(['unit_id']).execute();
  // The unit a session acts for until changed (null: the account's own, or the person themselves).
  await db.schema.alterTable('sessions').addColumn('acting_unit_id', 'text').execute();

  await db.schema
    .createTable('wishes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('grid_code', 'text')
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('story', 'text')
    .addColumn('value_yuan', 'integer', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('recipient_age', 'integer')
    .addColumn('recipient_phone', 'text')
    /** The strongest of the wish's household keys (ID, else phone, else register household, else account); all are in wish_keys. */
    .addColumn('household_key', 'text', (c) => c.notNull())
    .addColumn('board_text', 'text')
    .addColumn('contact_mode', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('phone_consent', 'integer', (c) => c.notNull())
    .addColumn('photo_consent', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('poster_user_id', 'text')
    .addColumn('poster_phone', 'text')
    .addColumn('entered_by', 'text')
    .addColumn('claimer_user_id', 'text')
    .addColumn('claimer_name', 'text')
    .addColumn('claimer_unit_id', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('claim_due_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('fulfilled_at', 'text')
    .addColumn('service_record_id', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('request_id', 'text')
    /** The aid drive (drives, migration 0015) the wish belongs to, e.g. a festival's; no FK: drives come after. */
    .addColumn('drive_id', 'text')
    /** The China-time year the wish was entered: the household's yearly cap counts by it. */
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('wishes_board').on('wishes').columns(['status', 'community_code', 'group_code']).execute();
  await db.schema.createIndex('wishes_household').on('wishes').columns(['household_key', 'year']).execute();
  await db.schema.createIndex('wishes_claimer').on('wishes').columns(['claimer_user_id', 'status']).execute();
  await db.schema.createIndex('wishes_poster').on('wishes').columns(['poster_user_id']).execute();
  await db.schema.createIndex('wishes_drive').on('wishes').columns(['drive_id']).execute();
  await db.schema.createIndex('wishes_due').on('wishes').columns(['status', 'claim_due_at']).execute();
  // Every key the household is known by (sha256 of the ID number, the phone, the register household;
  // the account when a person posts for themselves): the yearly cap and the duplicate check refuse
  // a wish if any key matches.
  await db.schema
    .createTable('wish_keys')
    .addColumn('wish_id', 'text', (c) => c.notNull().references('wishes.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wish_keys_pk', ['wish_id', 'key'])
    .execute();
  await db.schema.createIndex('wish_keys_key').on('wish_keys').columns(['key']).execute();
  await keepTimeline(db, dialect, 'wishes', 'wish');
  // The interim request kind's category is retired: old requests keep it, intake no longer offers it.
  await db.updateTable('categories').set({ active: 0 }).where('code', '=', 'micro_wish').execute();
}
