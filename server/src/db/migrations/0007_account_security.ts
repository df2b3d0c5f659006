import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Login throttling and the account lifecycle (docs/security.md, ## Accounts).
 * - login_throttle: one counter row per key (address, account+address, account), claimed with a
 *   conditional UPDATE before any password is checked.
 * - login_addresses: addresses an account has signed in from; the per-account limit spares them.
 * - users.must_change_password: set by a reset; the session may only change its password.
 * users.failed_logins / locked_until (0001) are no longer used.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttle_updated').on('login_throttle').column('updated_at').execute();
  await db.schema
    .createTable('login_addresses')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_addresses_pk', ['user_id', 'ip'])
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
