import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Open311 and the public feeds: service attributes defined per category (GeoReport v2 service
 * definitions, JSON), the answers stored on the request (JSON), and the reporter's choice to show
 * the exact location publicly (公开位置, off by default: feeds coarsen it).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('categories')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('requests')
    .addColumn('public_location', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('requests').addColumn('attributes', 'text').execute();
}
