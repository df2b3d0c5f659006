/**
 * One idempotency table for every create: a retried create with the same key is answered with
 * the work item the first one made. Keys are scoped to their caller — an account, an API key, or
 * for callers without either the hash of the body they sent — so nobody can read another's
 * item by guessing or replaying their key.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PreparedInserts } from '../db/prepared-inserts.js';
import type { DB } from '../db/schema.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Executor } from './executor.js';
import type { EntityRef } from './timeline.js';

/** The caller's key space. Anonymous callers share nothing: their space is the body they sent. */
export function idempotencyScope(actor: Actor, body: unknown): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'apikey':
      return `apikey:${actor.keyId}`;
    default:
      return `public:${createHash('sha256').update(stableJson(body)).digest('hex')}`;
  }
}

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export async function seenKey(db: Executor, scope: string, key: string, entityType: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('idempotency')
    .select(['entity_type', 'entity_id'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && row.entity_type === entityType ? row.entity_id : undefined;
}

/** Intake remembers a key many times a second: the INSERT is compiled once per database. */
const inserts = new WeakMap<object, PreparedInserts>();
const preparedFor = (trx: Kysely<DB>): PreparedInserts => {
  const key = trx.getExecutor().adapter;
  let p = inserts.get(key);
  if (!p) {
    p = new PreparedInserts(trx);
    inserts.set(key, p);
  }
  return p;
};

/** Remembers which entity a key created, in the creating transaction (a racing duplicate fails on the key). */
export async function rememberKey(trx: Executor, scope: string, key: string, entity: EntityRef, at: string): Promise<void> {
  await preparedFor(trx).insert(trx, 'idempotency', [{ scope, key, entity_type: entity.type, entity_id: entity.id, created_at: at }]);
}
