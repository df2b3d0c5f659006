import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { forbidChanges } from './0001_platform.js';

/** The request engine: categories, requests, their timeline, photos, idempotency keys. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('icon', 'text', (c) => c.notNull())
    .addColumn('handler', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('units.id'))
    .addColumn('sla', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  let t = db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull().references('categories.code'))
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('community_code', 'text')
    .addColumn('grid_code', 'text')
    .addColumn('handler_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('address', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reporter_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('open311_token', 'text', (c) => c.unique())
    .addColumn('track_code_hash', 'text');
  for (const col of ['created_at', 'updated_at', 'created_month']) t = t.addColumn(col, 'text', (c) => c.notNull());
  for (const col of [
    'dispatched_at',
    'signed_at',
    'contacted_at',
    'resolved_at',
    'rated_at',
    'closed_at',
    'sign_deadline',
    'contact_deadline',
    'resolve_deadline',
    'reply',
    'rating',
    'rating_comment',
    'period_month',
    'merged_into_id',
  ])
    t = t.addColumn(col, 'text');
  for (const col of ['overdue', 'supervised', 'extension_pending', 'reopen_count'])
    t = t.addColumn(col, 'integer', (c) => c.notNull().defaultTo(0));
  for (const col of ['contacted_in_time', 'resolved_on_time', 'handling_seconds', 'rating_resolved']) t = t.addColumn(col, 'integer');
  await t.execute();

  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on('requests').columns(cols).execute();
  await idx('requests_community_status', ['community_code', 'status']);
  await idx('requests_street_status', ['street_code', 'status']);
  await idx('requests_grid_status', ['grid_code', 'status']);
  await idx('requests_handler_status', ['handler_unit_id', 'status']);
  await idx('requests_status_deadline', ['status', 'resolve_deadline']);
  await idx('requests_reporter', ['reporter_user_id']);
  await idx('requests_created', ['created_at']);
  // Covering indexes for the monthly measures (三率) and the overdue counts.
  await idx('requests_period', [
    'period_month',
    'community_code',
    'street_code',
    'contacted_in_time',
    'rating_resolved',
    'rating',
    'resolved_on_time',
    'reopen_count',
    'handling_seconds',
  ]);
  await idx('requests_created_month', ['created_month', 'community_code', 'street_code', 'overdue']);

  await db.schema
    .createTable('request_events')
    .addColumn('id', serial, (c) => c.primaryKey().$call((b) => (dialect === 'sqlite' ? b.autoIncrement() : b)))
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_unit_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .addColumn('photos', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'id']).execute();
  await forbidChanges(db, dialect, 'request_events');

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_user_id', 'text')
    .addColumn('request_id', 'text', (c) => c.references('requests.id'))
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_pk', ['scope', 'key'])
    .execute();
}
