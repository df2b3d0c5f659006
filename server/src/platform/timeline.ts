/**
 * The one timeline of every work item — a request, a wish, an order — keyed by (entity type,
 * entity id) and append-only (database triggers refuse UPDATE, DELETE and TRUNCATE). Entries are
 * written by `appendTimeline` only, so each says who acted in the same words everywhere.
 */
import type { Selectable } from 'kysely';
import { preparedInsertsFor } from '../db/prepared-inserts.js';
import type { TimelineTable } from '../db/schema.js';
import { type Actor, actorLabel } from '../modules/auth/actor.js';
import type { Executor } from './executor.js';

export type TimelineRow = Selectable<TimelineTable>;

export interface EntityRef {
  type: string;
  id: string;
}

export interface TimelineEntry {
  entity: EntityRef;
  at: string;
  /** Who acted; `as` replaces the label for callers proven without an account (a reporter). */
  actor: Actor;
  as?: { role: string; name: string };
  action: string;
  from: string | null;
  to: string | null;
  note?: string | null;
  photos?: readonly string[] | null;
  data?: Record<string, unknown> | null;
}

/** Appends entries in one statement; their ids, and so the timeline's order, follow the array. */
export async function appendTimeline(trx: Executor, entries: readonly TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => {
    const who = actorLabel(e.actor);
    const proven = e.as && e.actor.kind !== 'user';
    return {
      entity_type: e.entity.type,
      entity_id: e.entity.id,
      at: e.at,
      actor_id: proven ? null : who.id,
      actor_role: proven ? (e.as as { role: string }).role : who.role,
      actor_unit_id: who.unitId,
      actor_name: proven ? (e.as as { name: string }).name : who.name,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      note: e.note ?? null,
      photos: e.photos?.length ? JSON.stringify(e.photos) : null,
      data: e.data ? JSON.stringify(e.data) : null,
    };
  });
  await preparedInsertsFor(trx).insert(trx, 'timeline', rows);
}

/** An entity's timeline, oldest first. */
export function readTimeline(db: Executor, entity: EntityRef): Promise<TimelineRow[]> {
  return db
    .selectFrom('timeline')
    .selectAll()
    .where('entity_type', '=', entity.type)
    .where('entity_id', '=', entity.id)
    .orderBy('id')
    .execute();
}

/** The newest entry of one action on an entity (e.g. the extension asked for). */
export function lastTimelineEntry(db: Executor, entity: EntityRef, action: string): Promise<TimelineRow | undefined> {
  return db
    .selectFrom('timeline')
    .selectAll()
    .where('entity_type', '=', entity.type)
    .where('entity_id', '=', entity.id)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}
