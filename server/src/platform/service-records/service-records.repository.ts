import type { Selectable } from 'kysely';
import type { ServiceRecordTable } from '../../db/schema.js';
import type { Executor } from '../executor.js';
import { SERVICE_RECORD_ENTITY } from './service-records.schema.js';

export type ServiceRecordRow = Selectable<ServiceRecordTable>;

export const serviceRecordsRepo = {
  byId: (db: Executor, id: string) => db.selectFrom('service_records').selectAll().where('id', '=', id).executeTakeFirst(),

  once: (db: Executor, k: { entityType: string; entityId: string; personKey: string; startedAt: string }) =>
    db
      .selectFrom('service_records')
      .selectAll()
      .where('entity_type', '=', k.entityType)
      .where('entity_id', '=', k.entityId)
      .where('person_key', '=', k.personKey)
      .where('started_at', '=', k.startedAt)
      .executeTakeFirst(),

  /** A live (pending or confirmed) record of the person that overlaps [start, end). */
  overlapping: (db: Executor, personKey: string, start: string, end: string) =>
    db
      .selectFrom('service_records')
      .select(['id', 'entity_type', 'entity_id'])
      .where('person_key', '=', personKey)
      .where('status', '!=', 'rejected')
      .where('started_at', '<', end)
      .where('ended_at', '>', start)
      .executeTakeFirst(),

  list: (db: Executor, f: { personKey?: string; entity?: { type: string; id: string }; from?: string; to?: string; status?: string }) => {
    let q = db.selectFrom('service_records').selectAll().orderBy('started_at').orderBy('id');
    if (f.personKey) q = q.where('person_key', '=', f.personKey);
    if (f.entity) q = q.where('entity_type', '=', f.entity.type).where('entity_id', '=', f.entity.id);
    if (f.from) q = q.where('started_at', '>=', f.from);
    if (f.to) q = q.where('started_at', '<', f.to);
    if (f.status) q = q.where('status', '=', f.status as ServiceRecordRow['status']);
    return q.execute();
  },

  /** Confirmed minutes per person whose service started in [from, to). */
  minutesByPerson: (db: Executor, from: string, to: string, personKey?: string) => {
    let q = db
      .selectFrom('service_records')
      .select((eb) => [
        'person_key',
        eb.fn.max('person_user_id').as('user_id'),
        eb.fn.max('person_name').as('name'),
        eb.fn.sum<number>('minutes').as('minutes'),
      ])
      .where('status', '=', 'confirmed')
      .where('started_at', '>=', from)
      .where('started_at', '<', to)
      .groupBy('person_key')
      .orderBy('person_key');
    if (personKey) q = q.where('person_key', '=', personKey);
    return q.execute();
  },

  evidenceOf: async (db: Executor, ids: readonly string[]) => {
    if (ids.length === 0) return new Map<string, string[]>();
    const rows = await db
      .selectFrom('uploads')
      .select(['id', 'entity_id'])
      .where('entity_type', '=', SERVICE_RECORD_ENTITY)
      .where('entity_id', 'in', [...ids])
      .orderBy('created_at')
      .execute();
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.entity_id!, [...(out.get(r.entity_id!) ?? []), r.id]);
    return out;
  },
};
