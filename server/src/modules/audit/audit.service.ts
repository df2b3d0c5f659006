import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { type Actor, actorLabel } from '../auth/actor.js';

/** Writes audit events; always called with the transaction of the change it records. */
export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly db: Kysely<DB>,
  ) {}

  async record(
    db: Kysely<DB>,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string | null,
    detail: unknown,
    ip: string | null = null,
  ): Promise<void> {
    const who = actorLabel(actor);
    await db
      .insertInto('audit_log')
      .values({
        at: this.clock.now().toISOString(),
        actor_id: who.id,
        actor_role: who.role,
        action,
        entity_type: entityType,
        entity_id: entityId,
        detail: detail === null || detail === undefined ? null : JSON.stringify(detail),
        ip,
      })
      .execute();
  }

  /** Records a read that changes nothing (an export, a report opened): its own statement, outside any transaction. */
  log(actor: Actor, action: string, entityType: string, entityId: string | null, detail: unknown): Promise<void> {
    return this.record(this.db, actor, action, entityType, entityId, detail);
  }

  /** The newest entries first; `db` is the caller's transaction when it reads inside one. */
  list(filter: { entityType?: string; entityId?: string; action?: string; limit: number }, db: Kysely<DB> = this.db) {
    let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    if (filter.action) q = q.where('action', '=', filter.action);
    return q.execute();
  }
}
