import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
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

  /**
   * Changes a user only if `expect` still holds (compare-and-set on the value being changed), so
   * that of two concurrent changes of the same account one wins and the other gets a conflict.
   */
  async updateUserIf(db: Kysely<DB>, id: string, expect: Partial<UserRow>, patch: Updateable<UserTable>): Promise<boolean> {
    let q = db.updateTable('users').set(patch).where('id', '=', id);
    for (const [k, v] of Object.entries(expect))
      q = v === null ? q.where(k as keyof UserRow, 'is', null) : q.where(k as keyof UserRow, '=', v as never);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Ends every session of a user (but `keep`); returns how many ended. */
  async deleteSessionsOf(db: Kysely<DB>, userId: string, keep?: string): Promise<number> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep) q = q.where('id', '!=', keep);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
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
        'users.must_change_password',
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

  /** Accounts, optionally limited to a unit subtree and filtered (the desk's list). */
  listUsers(filter: {
    scope: { path: string; unitless: boolean } | null;
    role?: string;
    unitId?: string;
    disabled?: boolean;
  }): Promise<AccountRow[]> {
    let q = this.accounts(this.db).orderBy('users.username').limit(1000);
    const scope = filter.scope;
    if (scope) {
      const under = sql<boolean>`substr(units.path, 1, ${scope.path.length}) = ${scope.path}`;
      q = q.where((eb) => (scope.unitless ? eb.or([under, eb('users.unit_id', 'is', null)]) : under));
    }
    if (filter.role) q = q.where('users.role', '=', filter.role);
    if (filter.unitId) q = q.where('users.unit_id', '=', filter.unitId);
    if (filter.disabled !== undefined) q = q.where('users.disabled', '=', filter.disabled ? 1 : 0);
    return q.execute();
  }

  account(db: Kysely<DB>, id: string): Promise<AccountRow | undefined> {
    return this.accounts(db).where('users.id', '=', id).executeTakeFirst();
  }

  private accounts(db: Kysely<DB>) {
    return db
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
        'users.must_change_password',
        'users.password_hash',
        'units.name as unit_name',
        'units.path as unit_path',
      ]);
  }
}

export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  phone: string | null;
  role: string;
  unit_id: string | null;
  disabled: number;
  must_change_password: number;
  password_hash: string;
  unit_name: string | null;
  unit_path: string | null;
}
