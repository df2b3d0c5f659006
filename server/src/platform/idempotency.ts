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
      return `public:${bodyHash(body)}`;
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

/** A fingerprint of a body (key order does not matter), for a key to remember what it was sent with. */
export const bodyHash = (body: unknown): string => createHash('sha256').update(stableJson(body)).digest('hex');

/**
 * The entity a key made before, if any; a key the caller used for another kind of item is a
 * conflict, and so — when `body` is given and the key remembered one — is a key reused with a
 * different body (a replay must resend the same thing).
 */
export async function seenKey(db: Executor, scope: string, key: string, entityType: string, body?: unknown): Promise<string | undefined> {
  const row = await db
    .selectFrom('idempotency')
    .select(['entity_type', 'entity_id', 'body_hash'])
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
  if (row?.body_hash && body !== undefined && row.body_hash !== bodyHash(body))
    throw errors.conflict(
      '此 Idempotency-Key 已用于内容不同的另一次提交，请换一个',
      'This Idempotency-Key was used with a different body; use a new one',
      { field: 'Idempotency-Key' },
    );
  return row?.entity_id;
}

/**
 * Remembers which entity a key created, in the creating transaction (a racing duplicate fails on
 * the key); with `body`, also its fingerprint, so seenKey can refuse the key reused for another body.
 */
export async function rememberKey(trx: Executor, scope: string, key: string, entity: EntityRef, at: string, body?: unknown): Promise<void> {
  const row = { scope, key, entity_type: entity.type, entity_id: entity.id, created_at: at };
  await preparedInsertsFor(trx).insert(trx, 'idempotency', [body === undefined ? row : { ...row, body_hash: bodyHash(body) }]);
}
