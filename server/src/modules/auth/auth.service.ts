import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Clock, DAY_MS } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OrgService } from '../org/org.service.js';
import { type Actor, ROLE_UNIT_KINDS, type Role, STAFF_ROLES } from './actor.js';
import { AuthRepository } from './auth.repository.js';
import { LoginThrottleRepository, loginKeys } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { presentApiKey } from './users.presenter.js';
import type { ApiKeyView } from './users.responses.js';

const STAFF_ABSOLUTE_HOURS = 12;
/** Writes of last_seen_at are throttled; idle expiry is measured with this precision. */
const TOUCH_EVERY_MS = 30_000;

export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId?: string | null;
  phone?: string | null;
}

export class AuthService {
  readonly repo: AuthRepository;
  readonly throttle: LoginThrottleRepository;
  /** The password check; replaceable so the throttling tests can count real checks. */
  verifyPassword: (password: string, stored: string) => Promise<boolean> = verifyPassword;
  private dummyHash: Promise<string> | null = null;
  private prunedAt = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly opts: { staffIdleMinutes: number; residentSessionDays: number },
  ) {
    this.repo = new AuthRepository(db);
    this.throttle = new LoginThrottleRepository(db);
  }

  async login(username: string, password: string, ip: string | null): Promise<{ token: string; actor: Actor; expiresAt: string }> {
    const now = this.clock.now();
    const address = ip ?? 'unknown';
    const found = await this.repo.userByName(username);
    const user = found && !found.disabled ? found : undefined;
    // The same queries for unknown and real accounts (timing), and counters keyed by the name as
    // typed, so an unknown name is throttled exactly like a real one (no enumeration by answer).
    const known = await this.throttle.isKnownAddress(user?.id ?? '', address, now);
    const keys = loginKeys(username, address, known);
    await this.db.transaction().execute(async (trx) => {
      for (const k of keys) {
        const n = await this.throttle.claim(trx, k, now);
        if (n === null) {
          // Rolled back: a refused attempt counts on no key. It is not audited (a flood would fill the log).
          const until = await this.throttle.blockedUntil(trx, k.key);
          const seconds = Math.max(1, Math.ceil(((until ? Date.parse(until) : now.getTime()) - now.getTime()) / 1000));
          throw errors.loginThrottled(seconds);
        }
        if (n === k.rule.free)
          await this.audit.record(
            trx,
            { kind: 'public' },
            'auth.login_throttled',
            'user',
            user?.id ?? null,
            { username, key: k.key.split(':')[0] },
            ip,
          );
      }
    });
    // Counted: now, and only now, the password is checked. Unknown accounts cost one hash too.
    this.dummyHash ??= hashPassword('not-a-password');
    const ok = await this.verifyPassword(password, user?.password_hash ?? (await this.dummyHash));
    if (!user || !ok) {
      await this.audit.record(
        this.db,
        { kind: 'public' },
        'auth.login_failed',
        'user',
        user?.id ?? null,
        user ? { username } : { username, reason: 'unknown' },
        ip,
      );
      throw errors.badCredentials();
    }
    const token = randomBytes(32).toString('base64url');
    const staff = STAFF_ROLES.includes(user.role as Role);
    const expiresAt = new Date(
      now.getTime() + (staff ? STAFF_ABSOLUTE_HOURS * 3600_000 : this.opts.residentSessionDays * DAY_MS),
    ).toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const k of keys) {
        if (k.key.startsWith('acctip:')) await this.throttle.forget(trx, k.key);
        else await this.throttle.refund(trx, k);
      }
      await this.throttle.rememberAddress(trx, user.id, address, now);
      await this.repo.insertSession(trx, {
        id: tokenId(token),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        ip,
      });
      await this.audit.record(
        trx,
        { kind: 'user', userId: user.id, role: user.role as Role, name: user.display_name, unit: null },
        'auth.login',
        'user',
        user.id,
        null,
        ip,
      );
    });
    // Forgotten counters are removed now and then (at most every 10 minutes per instance).
    if (now.getTime() - this.prunedAt > 10 * 60_000) {
      this.prunedAt = now.getTime();
      await this.throttle.prune(now);
    }
    const actor = await this.actorOf(user.id, user.role as Role, user.display_name, user.unit_id, user.must_change_password === 1);
    return { token, actor, expiresAt };
  }

  /** The actor behind a session token, or null when the session is unknown, expired or idle too long. */
  async resolve(token: string): Promise<Actor | null> {
    const id = tokenId(token);
    const s = await this.repo.sessionWithUser(id);
    if (!s || s.disabled) return null;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const staff = STAFF_ROLES.includes(s.role as Role);
    const idleLimit = new Date(new Date(s.last_seen_at).getTime() + this.opts.staffIdleMinutes * 60_000).toISOString();
    if (s.expires_at <= nowIso || (staff && idleLimit <= nowIso)) {
      await this.repo.deleteSession(id);
      return null;
    }
    if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) await this.repo.touchSession(id, nowIso);
    return this.actorOf(s.id, s.role as Role, s.display_name, s.unit_id, s.must_change_password === 1);
  }

  async logout(token: string, actor: Actor): Promise<void> {
    await this.repo.deleteSession(tokenId(token));
    await this.audit.record(this.db, actor, 'auth.logout', 'user', actor.kind === 'user' ? actor.userId : null, null);
  }

  private async actorOf(userId: string, role: Role, name: string, unitId: string | null, mustChangePassword: boolean): Promise<Actor> {
    const unit = unitId ? await this.org.get(unitId) : undefined;
    return {
      kind: 'user',
      userId,
      role,
      name,
      unit: unit ? this.org.toScope(unit) : null,
      ...(mustChangePassword ? { mustChangePassword: true } : {}),
    };
  }

  async createUser(actor: Actor, input: NewUser): Promise<{ id: string }> {
    checkPasswordPolicy(input.password);
    const kinds = ROLE_UNIT_KINDS[input.role];
    if (kinds) {
      if (!input.unitId)
        throw errors.validation('unitId', `unitId：角色 ${input.role} 必须归属一个单位`, `unitId: role ${input.role} needs a unit`);
      const unit = await this.org.require(input.unitId, 'unitId');
      if (!kinds.includes(unit.kind))
        throw errors.validation(
          'unitId',
          `unitId：角色 ${input.role} 不能归属 ${unit.kind} 类单位`,
          `unitId: role ${input.role} cannot belong to a ${unit.kind}`,
        );
      if (actor.kind === 'user' && actor.unit && !unit.path.startsWith(actor.unit.path)) throw errors.forbidden('在本辖区之外创建账号');
    }
    if (await this.repo.userByName(input.username))
      throw errors.conflict(`用户名 ${input.username} 已存在`, `Username ${input.username} is taken`);
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    const password_hash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insertUser(trx, {
        id,
        username: input.username,
        display_name: input.displayName,
        phone: input.phone ?? null,
        role: input.role,
        unit_id: kinds ? (input.unitId ?? null) : null,
        password_hash,
        failed_logins: 0,
        locked_until: null,
        disabled: 0,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, actor, 'user.created', 'user', id, {
        username: input.username,
        role: input.role,
        unitId: input.unitId ?? null,
      });
    });
    return { id };
  }

  async createApiKey(actor: Actor, name: string): Promise<{ id: string; key: string }> {
    const key = `lx_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_keys')
        .values({ id, name, key_hash: tokenId(key), prefix: key.slice(0, 7), created_at: this.clock.now().toISOString(), revoked_at: null })
        .execute();
      await this.audit.record(trx, actor, 'apikey.created', 'api_key', id, { name });
    });
    return { id, key };
  }

  async resolveApiKey(key: string): Promise<Actor | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name'])
      .where('key_hash', '=', tokenId(key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { kind: 'apikey', keyId: row.id, name: row.name } : null;
  }

  async listApiKeys(): Promise<ApiKeyView[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'prefix', 'created_at', 'revoked_at'])
      .orderBy('created_at')
      .execute();
    return rows.map(presentApiKey);
  }

  async revokeApiKey(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('api_keys')
        .set({ revoked_at: this.clock.now().toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw errors.notFound('API 密钥', 'API key');
      await this.audit.record(trx, actor, 'apikey.revoked', 'api_key', id, null);
    });
  }
}
