import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Service given (platform/service-records): who served (an account, or a named volunteer without
 * one), for which work item, when, how many minutes, confirmed by whom. Wishes, errands and
 * activities write it; volunteering counts confirmed minutes as hours.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('service_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('person_name', 'text')
    /** `u:<user id>` or `n:<name>`: one key to group and count by, whether or not the person has an account. */
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('community_code', 'text')
    .addColumn('grid_code', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A retried step (a job, a replayed request) records the same service once.
  await db.schema
    .createIndex('service_records_once')
    .on('service_records')
    .columns(['entity_type', 'entity_id', 'person_key', 'started_at'])
    .unique()
    .execute();
  await db.schema.createIndex('service_records_person').on('service_records').columns(['person_key', 'status', 'started_at']).execute();
}
