import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Login counters (docs/security.md, ## Accounts). Every attempt is counted BEFORE the password is
 * checked, by one conditional UPDATE per key that only succeeds while the key is not blocked; an
 * attempt that is not allowed is never checked against the hash. A success refunds its count.
 *
 * A key allows `free` attempts; the attempt that reaches `free` starts a back-off of `baseMs`,
 * doubling with each further attempt up to `maxMs` (one more attempt allowed per back-off).
 * A key quiet for FORGET_MS starts again from zero.
 */
export interface ThrottleRule {
  free: number;
  baseMs: number;
  maxMs: number;
}

export const LOGIN_RULES = {
  /** One address guessing one account: 5 tries, then 1, 2, 4, 8, 15, 15 … minutes. */
  accountAddress: { free: 5, baseMs: 60_000, maxMs: 15 * 60_000 },
  /** One address, all accounts (spraying): 30 tries, then 1, 2, 4 … 60 minutes. */
  address: { free: 30, baseMs: 60_000, maxMs: 60 * 60_000 },
  /** One account, all addresses it has never signed in from (a botnet): 20 tries, then 1 … 5 minutes. */
  account: { free: 20, baseMs: 60_000, maxMs: 5 * 60_000 },
} as const satisfies Record<string, ThrottleRule>;

export const FORGET_MS = 24 * 3600_000;
/** An address that signed in to an account within this time is spared that account's limit. */
export const KNOWN_ADDRESS_MS = 90 * 24 * 3600_000;

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

/** Usernames are compared as typed and case-insensitively here, so `Admin` shares admin's counters. */
export const normalUsername = (u: string) => u.trim().toLowerCase();

export function loginKeys(username: string, ip: string, knownAddress: boolean): ThrottleKey[] {
  const u = normalUsername(username);
  // Always in this order (address, account+address, account): PostgreSQL row locks never deadlock.
  return [
    { key: `ip:${ip}`, rule: LOGIN_RULES.address },
    { key: `acctip:${u}|${ip}`, rule: LOGIN_RULES.accountAddress },
    ...(knownAddress ? [] : [{ key: `acct:${u}`, rule: LOGIN_RULES.account }]),
  ];
}

/** The back-off that the n-th attempt (n ≥ free) starts. */
export function backoffMs(rule: ThrottleRule, n: number): number {
  return Math.min(rule.maxMs, rule.baseMs * 2 ** (n - rule.free));
}

export class LoginThrottleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counts one attempt on `k` unless it is blocked. Returns the new count, or null when blocked.
   * The count and the block it may start are written by the same statement, so parallel attempts
   * (on any number of instances) cannot all read "not blocked yet".
   */
  async claim(db: Kysely<DB>, k: ThrottleKey, now: Date): Promise<number | null> {
    const nowIso = now.toISOString();
    const forget = new Date(now.getTime() - FORGET_MS).toISOString();
    await db
      .insertInto('login_throttle')
      .values({ key: k.key, failures: 0, blocked_until: null, updated_at: nowIso })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const count = sql<number>`(CASE WHEN updated_at < ${forget} THEN 1 ELSE failures + 1 END)`;
    // The n-th attempt's block, spelled out step by step until the cap (no exponentials in SQL).
    const steps: RawBuilder<unknown>[] = [];
    for (let n = k.rule.free; ; n++) {
      const ms = backoffMs(k.rule, n);
      const until = new Date(now.getTime() + ms).toISOString();
      if (ms >= k.rule.maxMs) {
        steps.push(sql`ELSE ${until}`);
        break;
      }
      steps.push(sql`WHEN ${count} = ${n} THEN ${until}`);
    }
    const row = await db
      .updateTable('login_throttle')
      .set({
        failures: count,
        blocked_until: sql<string | null>`(CASE WHEN ${count} < ${k.rule.free} THEN NULL ${sql.join(steps, sql` `)} END)`,
        updated_at: nowIso,
      })
      .where('key', '=', k.key)
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', nowIso)]))
      .returning('failures')
      .executeTakeFirst();
    return row ? Number(row.failures) : null;
  }

  blockedUntil(db: Kysely<DB>, key: string): Promise<string | null> {
    return db
      .selectFrom('login_throttle')
      .select('blocked_until')
      .where('key', '=', key)
      .executeTakeFirst()
      .then((r) => r?.blocked_until ?? null);
  }

  /** Gives back the count of an attempt that succeeded; lifts the block if that attempt started it. */
  async refund(db: Kysely<DB>, k: ThrottleKey): Promise<void> {
    await db
      .updateTable('login_throttle')
      .set({
        failures: sql`(CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END)`,
        blocked_until: sql`(CASE WHEN failures - 1 < ${k.rule.free} THEN NULL ELSE blocked_until END)`,
      })
      .where('key', '=', k.key)
      .execute();
  }

  /** Deletes counters that are forgotten anyway (quiet for FORGET_MS, no block in force). */
  async prune(now: Date): Promise<number> {
    const r = await this.db
      .deleteFrom('login_throttle')
      .where('updated_at', '<', new Date(now.getTime() - FORGET_MS).toISOString())
      .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now.toISOString())]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async forget(db: Kysely<DB>, key: string): Promise<void> {
    await db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }

  /** Every account counter of a username (its own and per address): an unlock clears them. */
  async forgetAccount(db: Kysely<DB>, username: string): Promise<number> {
    const u = normalUsername(username);
    const prefix = `acctip:${u}|`;
    const r = await db
      .deleteFrom('login_throttle')
      .where((eb) => eb.or([eb('key', '=', `acct:${u}`), eb(sql`substr(key, 1, ${prefix.length})`, '=', prefix)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Blocks in force on accounts, newest end per username (for the account list). */
  async accountBlocks(now: Date): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('login_throttle')
      .select(['key', 'blocked_until'])
      .where('blocked_until', '>', now.toISOString())
      .where((eb) => eb.or([eb('key', 'like', 'acct:%'), eb('key', 'like', 'acctip:%')]))
      .execute();
    const out = new Map<string, string>();
    for (const r of rows) {
      const u = r.key.startsWith('acct:') ? r.key.slice(5) : r.key.slice(7, r.key.lastIndexOf('|'));
      const until = r.blocked_until as string;
      if ((out.get(u) ?? '') < until) out.set(u, until);
    }
    return out;
  }

  async isKnownAddress(userId: string, ip: string, now: Date): Promise<boolean> {
    const r = await this.db
      .selectFrom('login_addresses')
      .select('ip')
      .where('user_id', '=', userId)
      .where('ip', '=', ip)
      .where('last_login_at', '>', new Date(now.getTime() - KNOWN_ADDRESS_MS).toISOString())
      .executeTakeFirst();
    return r !== undefined;
  }

  async rememberAddress(db: Kysely<DB>, userId: string, ip: string, now: Date): Promise<void> {
    await db
      .insertInto('login_addresses')
      .values({ user_id: userId, ip, last_login_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['user_id', 'ip']).doUpdateSet({ last_login_at: now.toISOString() }))
      .execute();
  }
}
