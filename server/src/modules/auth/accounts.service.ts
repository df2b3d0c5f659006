import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OrgService } from '../org/org.service.js';
import { accountScope, assertManages, assertUnitInScope } from './accounts.policy.js';
import { type Actor, ROLE_UNIT_KINDS, type Role } from './actor.js';
import { type AuthService, tokenId } from './auth.service.js';
import { loginKeys } from './login-throttle.js';
import { hashPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { type PresentedAccount, presentAccount } from './users.presenter.js';

export interface AccountFilter {
  q?: string;
  role?: string;
  unitId?: string;
  status?: 'active' | 'disabled' | 'locked' | 'must_change';
}

const TEMP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/**
 * The account lifecycle: disable/enable, reset password, move to another unit, unlock, end
 * sessions, and a user's own password change. Each change is one compare-and-set on the value it
 * changes (of two concurrent changes one wins, the other gets a 409) and its audit event is written
 * in the same transaction. Who may do what: accounts.policy.ts.
 */
export class AccountsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  private get repo() {
    return this.auth.repo;
  }

  async list(actor: Actor, filter: AccountFilter): Promise<PresentedAccount[]> {
    const rows = await this.repo.listUsers({
      scope: accountScope(actor),
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.unitId ? { unitId: filter.unitId } : {}),
      ...(filter.status === 'disabled' ? { disabled: true } : filter.status === 'active' ? { disabled: false } : {}),
    });
    const blocks = await this.auth.throttle.accountBlocks(this.clock.now());
    const needle = filter.q?.trim().toLowerCase();
    return rows
      .filter((u) => !needle || u.username.toLowerCase().includes(needle) || u.display_name.toLowerCase().includes(needle))
      .map((u) => presentAccount(u, blocks.get(u.username.toLowerCase()) ?? null))
      .filter((a) => filter.status !== 'locked' || a.lockedUntil !== null)
      .filter((a) => filter.status !== 'must_change' || a.mustChangePassword);
  }

  /** The account, if the actor manages it (404 when it does not exist, 403 when out of scope). */
  private async target(db: Kysely<DB>, actor: Actor, id: string) {
    const u = await this.repo.account(db, id);
    if (!u) throw errors.notFound('账号', 'Account');
    assertManages(actor, { id: u.id, unitPath: u.unit_path });
    return u;
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<{ sessionsEnded: number }> {
    return this.db.transaction().execute(async (trx) => {
      await this.target(trx, actor, id);
      const changed = await this.repo.updateUserIf(
        trx,
        id,
        { disabled: disabled ? 0 : 1 },
        { disabled: disabled ? 1 : 0, updated_at: this.clock.now().toISOString() },
      );
      if (!changed)
        throw errors.conflict(disabled ? '账号已是停用状态' : '账号已是启用状态', disabled ? 'Already disabled' : 'Already enabled');
      const sessionsEnded = disabled ? await this.repo.deleteSessionsOf(trx, id) : 0;
      await this.audit.record(trx, actor, disabled ? 'user.disabled' : 'user.enabled', 'user', id, disabled ? { sessionsEnded } : null);
      return { sessionsEnded };
    });
  }

  /** A new temporary password (shown once); every session ends and the next one must change it. */
  async resetPassword(actor: Actor, id: string): Promise<{ temporaryPassword: string }> {
    // The hash is compared with the one read before the (slow) hashing: of two resets fired
    // together one wins, the other gets a 409, and the temporary password shown is the one in force.
    const before = await this.target(this.db, actor, id);
    const temporaryPassword = temporary();
    const hash = await hashPassword(temporaryPassword);
    return this.db.transaction().execute(async (trx) => {
      const changed = await this.repo.updateUserIf(
        trx,
        id,
        { password_hash: before.password_hash },
        { password_hash: hash, must_change_password: 1, updated_at: this.clock.now().toISOString() },
      );
      if (!changed) throw concurrent();
      const sessionsEnded = await this.repo.deleteSessionsOf(trx, id);
      await this.auth.throttle.forgetAccount(trx, before.username);
      await this.audit.record(trx, actor, 'user.password_reset', 'user', id, { sessionsEnded });
      return { temporaryPassword };
    });
  }

  /** Moves staff to another unit of a kind their role allows; their sessions end (their scope changed). */
  async move(actor: Actor, id: string, unitId: string): Promise<{ sessionsEnded: number }> {
    const unit = await this.org.require(unitId, 'unitId');
    assertUnitInScope(actor, unit.path);
    return this.db.transaction().execute(async (trx) => {
      const u = await this.target(trx, actor, id);
      const kinds = ROLE_UNIT_KINDS[u.role as Role];
      if (!kinds)
        throw errors.validation('unitId', `unitId：角色 ${u.role} 不归属单位`, `unitId: role ${u.role} does not belong to a unit`);
      if (!kinds.includes(unit.kind))
        throw errors.validation(
          'unitId',
          `unitId：角色 ${u.role} 不能归属 ${unit.kind} 类单位`,
          `unitId: role ${u.role} cannot belong to a ${unit.kind}`,
        );
      if (u.unit_id === unitId) throw errors.conflict('账号已在该单位', 'The account is already in this unit');
      const changed = await this.repo.updateUserIf(
        trx,
        id,
        { unit_id: u.unit_id },
        { unit_id: unitId, updated_at: this.clock.now().toISOString() },
      );
      if (!changed) throw concurrent();
      const sessionsEnded = await this.repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, 'user.moved', 'user', id, { from: u.unit_id, to: unitId, sessionsEnded });
      return { sessionsEnded };
    });
  }

  /** Clears the account's login counters (its own and per address; the address counters stay). */
  async unlock(actor: Actor, id: string): Promise<{ cleared: number }> {
    return this.db.transaction().execute(async (trx) => {
      const u = await this.target(trx, actor, id);
      const cleared = await this.auth.throttle.forgetAccount(trx, u.username);
      await this.audit.record(trx, actor, 'user.unlocked', 'user', id, { cleared });
      return { cleared };
    });
  }

  async endSessions(actor: Actor, id: string): Promise<{ sessionsEnded: number }> {
    return this.db.transaction().execute(async (trx) => {
      await this.target(trx, actor, id);
      const sessionsEnded = await this.repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, 'user.sessions_ended', 'user', id, { sessionsEnded });
      return { sessionsEnded };
    });
  }

  /**
   * A user's own change: the current password is checked under the login throttle (a stolen
   * session cannot guess it freely); the other sessions end, this one stays.
   */
  async changeOwnPassword(
    actor: Actor,
    session: string | null,
    input: { currentPassword: string; newPassword: string },
    ip: string | null,
  ): Promise<void> {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    checkPasswordPolicy(input.newPassword, 'newPassword');
    if (input.newPassword === input.currentPassword)
      throw errors.validation('newPassword', 'newPassword：新密码不能与当前密码相同', 'newPassword: must differ from the current password');
    const u = await this.repo.userById(actor.userId);
    if (!u) throw errors.unauthenticated();
    const now = this.clock.now();
    const keys = loginKeys(u.username, ip ?? 'unknown', true);
    await this.db.transaction().execute(async (trx) => {
      for (const k of keys)
        if ((await this.auth.throttle.claim(trx, k, now)) === null) {
          const until = await this.auth.throttle.blockedUntil(trx, k.key);
          throw errors.loginThrottled(Math.max(1, Math.ceil(((until ? Date.parse(until) : now.getTime()) - now.getTime()) / 1000)));
        }
    });
    if (!(await this.auth.verifyPassword(input.currentPassword, u.password_hash)))
      throw errors.validation('currentPassword', 'currentPassword：当前密码不正确', 'currentPassword: the current password is wrong');
    const hash = await hashPassword(input.newPassword);
    await this.db.transaction().execute(async (trx) => {
      for (const k of keys) await this.auth.throttle.refund(trx, k);
      const changed = await this.repo.updateUserIf(
        trx,
        u.id,
        { password_hash: u.password_hash },
        { password_hash: hash, must_change_password: 0, updated_at: now.toISOString() },
      );
      if (!changed) throw concurrent();
      const sessionsEnded = await this.repo.deleteSessionsOf(trx, u.id, session ? tokenId(session) : undefined);
      await this.audit.record(
        trx,
        actor,
        'user.password_changed',
        'user',
        u.id,
        { sessionsEnded, afterReset: u.must_change_password === 1 },
        ip,
      );
    });
  }

  /** The operator's CLI acts by username. */
  async idOf(username: string): Promise<string> {
    const u = await this.repo.userByName(username);
    if (!u) throw errors.notFound(`账号 ${username} `, `Account ${username}`);
    return u.id;
  }

  /** The operator's CLI sets a password directly (e.g. the first administrator's); not forced to change. */
  async setPassword(actor: Actor, id: string, password: string): Promise<void> {
    checkPasswordPolicy(password);
    const hash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const u = await this.target(trx, actor, id);
      const changed = await this.repo.updateUserIf(
        trx,
        id,
        { password_hash: u.password_hash },
        { password_hash: hash, must_change_password: 0, updated_at: this.clock.now().toISOString() },
      );
      if (!changed) throw concurrent();
      const sessionsEnded = await this.repo.deleteSessionsOf(trx, id);
      await this.auth.throttle.forgetAccount(trx, u.username);
      await this.audit.record(trx, actor, 'user.password_set', 'user', id, { sessionsEnded });
    });
  }
}

const concurrent = () =>
  errors.conflict('该账号刚刚被他人修改，请刷新后重试', 'Someone else changed this account a moment ago; reload and try again');

/** 12 characters from an alphabet without look-alikes (0/O, 1/l/I): ~70 bits. */
function temporary(): string {
  for (;;) {
    const p = Array.from({ length: 12 }, () => TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]).join('');
    try {
      checkPasswordPolicy(p);
      return p;
    } catch {
      // astronomically unlikely: a common password; draw again
    }
  }
}
