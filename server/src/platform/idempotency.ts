/**
 * One idempotency table for every create: a retried create with the same key is answered with
 * the work item the first one made. Keys are scoped to their caller — an account, an API key, or
 * for callers without either the hash of the body they sent — so nobody can read another's
 * item by guessing or replaying their key.
 */
import { createHash } from 'node:crypto';
import { preparedInsertsFor } from '../db/prepared-inserts.js';
import { errors } from '../errors.js';
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

/** The entity a key made before, if any; a key the caller used for another kind of item is a conflict. */
export async function seenKey(db: Executor, scope: string, key: string, entityType: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('idempotency')
    .select(['entity_type', 'entity_id'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  if (row && row.entity_type !== entityType)
    throw errors.conflict(
      '此 Idempotency-Key 已用于另一类事项，请换一个',
      'This Idempotency-Key was used for another kind of item; use a new one',
      {
        field: 'Idempotency-Key',
      },
    );
  return row?.entity_id;
}

/** Remembers which entity a key created, in the creating transaction (a racing duplicate fails on the key). */
export async function rememberKey(trx: Executor, scope: string, key: string, entity: EntityRef, at: string): Promise<void> {
  await preparedInsertsFor(trx).insert(trx, 'idempotency', [
    { scope, key, entity_type: entity.type, entity_id: entity.id, created_at: at },
  ]);
}
