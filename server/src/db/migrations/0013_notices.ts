import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** Notices (an inbox per account, SMS for people without one), the SMS outbox and opt-outs. */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    /** For a person without an account: the outbox row that carries the text to their phone. */
    .addColumn('sms_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    /** The template's values (no personal data): rendered in the reader's language when read. */
    .addColumn('vars', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notices_user').on('notices').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_phone', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createTable('notice_optouts')
    /** sha256 of the phone's digits, or "user:<id>": who asked not to be told. */
    .addColumn('who', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
