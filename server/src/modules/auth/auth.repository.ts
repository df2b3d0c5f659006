import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, SessionTable, UserTable } from '../../db/schema.js';

export type UserRow = Selectable<UserTable>;

export class AuthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  userByName(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  userById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateUser(db: Kysely<DB>, id: string, patch: Updateable<UserTable>): Promise<void> {
    await db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  /** One more failed login, counted atomically; returns the new count. */
  async countFailedLogin(db: Kysely<DB>, id: string): Promise<number> {
    const r = await db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    return Number(r.failed_logins);
  }

  async insertUser(db: Kysely<DB>, row: Insertable<UserTable>): Promise<void> {
    await db.insertInto('users').values(row).execute();
  }

  async insertSession(db: Kysely<DB>, row: Insertable<SessionTable>): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  }

  sessionWithUser(id: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as session_id',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'users.id',
        'users.role',
        'users.display_name',
        'users.unit_id',
        'users.disabled',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
  }

  async touchSession(id: string, at: string, expiresAt?: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: at, ...(expiresAt ? { expires_at: expiresAt } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  listUsers(unitPathPrefix: string | null) {
    let q = this.db
      .selectFrom('users')
      .leftJoin('units', 'units.id', 'users.unit_id')
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.phone',
        'users.role',
        'users.unit_id',
        'users.disabled',
        'users.locked_until',
        'units.name as unit_name',
      ])
      .orderBy('users.username');
    if (unitPathPrefix) q = q.where('units.path', 'like', `${unitPathPrefix}%`);
    return q.execute();
  }
}
