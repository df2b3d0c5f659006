import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { keepTimeline } from './0005_entities.js';

/** 创城督查: checklists (versioned), points, rounds, entries, rectification orders, 举一反三 checks. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('checklists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('point_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('checklists_type_version', ['point_type', 'version'])
    .execute();
  await db.schema
    .createTable('checklist_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checklist_id', 'text', (c) => c.notNull().references('checklists.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('failure', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull())
    .addColumn('deduct_per_finding', 'real')
    .addColumn('responsible', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('limit_value', 'integer', (c) => c.notNull())
    .addColumn('limit_unit', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addUniqueConstraint('checklist_items_code', ['checklist_id', 'code'])
    .execute();
  await db.schema
    .createTable('inspection_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('place_id', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_points_type').on('inspection_points').columns(['type', 'street_code']).execute();
  await db.schema
    .createTable('inspection_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('planned_for', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('recheck', 'text', (c) => c.notNull())
    .addColumn('sample_seed', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await keepTimeline(db, dialect, 'inspection_rounds', 'inspection_round');
  await db.schema
    .createTable('inspection_round_points')
    .addColumn('round_id', 'text', (c) => c.notNull().references('inspection_rounds.id'))
    .addColumn('point_id', 'text', (c) => c.notNull().references('inspection_points.id'))
    .addColumn('checklist_id', 'text', (c) => c.notNull().references('checklists.id'))
    .addPrimaryKeyConstraint('inspection_round_points_pk', ['round_id', 'point_id'])
    .execute();
  await db.schema
    .createTable('inspection_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('inspection_rounds.id'))
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('checklist_items.id'))
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('inspector_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inspection_entries_one', ['round_id', 'point_id', 'item_id'])
    .execute();
  await db.schema
    .createTable('rectification_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('round_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text')
    .addColumn('point_id', 'text')
    .addColumn('point_name', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('rework_count', 'integer', (c) => c.notNull())
    .addColumn('recurring', 'integer', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('overdue_escalated_at', 'text')
    .addColumn('limit_value', 'integer', (c) => c.notNull())
    .addColumn('limit_unit', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('inspector_id', 'text')
    .addColumn('recheck', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_orders_unit').on('rectification_orders').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('rectification_orders_due').on('rectification_orders').columns(['status', 'deadline_at']).execute();
  await db.schema
    .createIndex('rectification_orders_point')
    .on('rectification_orders')
    .columns(['point_id', 'item_code', 'created_at'])
    .execute();
  await keepTimeline(db, dialect, 'rectification_orders', 'rectification_order');
  await db.schema
    .createTable('similar_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_entry_id', 'text', (c) => c.notNull())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('order_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addUniqueConstraint('similar_checks_once', ['source_entry_id', 'point_id'])
    .execute();
  await keepTimeline(db, dialect, 'similar_checks', 'similar_check');
  // The platform's idempotency keys remember a fingerprint of the body they answered (optional: old rows have none).
  await db.schema.alterTable('idempotency').addColumn('body_hash', 'text').execute();
}
