import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import { PreparedInserts } from '../../db/prepared-inserts.js';
import type { DB, RequestEventTable, RequestTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { scopeFilter } from './requests.policy.js';
import type { ListQuery } from './requests.schema.js';

export type RequestRow = Selectable<RequestTable>;
export type EventRow = Selectable<RequestEventTable>;

/** Queries of requests and their timeline; every list goes through the actor's scope. */
export class RequestsRepository {
  /** Intake writes a request, its first timeline entries and its key many times a second. */
  private readonly inserts: PreparedInserts;

  constructor(private readonly db: Kysely<DB>) {
    this.inserts = new PreparedInserts(db);
  }

  async insert(trx: Kysely<DB>, row: Insertable<RequestTable>): Promise<void> {
    await this.inserts.insert(trx, 'requests', [row]);
  }

  async addEvent(trx: Kysely<DB>, e: Insertable<RequestEventTable>): Promise<void> {
    await trx.insertInto('request_events').values(e).execute();
  }

  /** Several timeline entries in one statement; their ids, and so the timeline order, follow the array. */
  async addEvents(trx: Kysely<DB>, es: Insertable<RequestEventTable>[]): Promise<void> {
    await this.inserts.insert(trx, 'request_events', es);
  }

  byId(id: string, db: Kysely<DB> = this.db): Promise<RequestRow | undefined> {
    return db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byNumber(number: string): Promise<RequestRow | undefined> {
    return this.db.selectFrom('requests').selectAll().where('number', '=', number).executeTakeFirst();
  }

  byIdOrNumber(idOrNumber: string, db: Kysely<DB> = this.db): Promise<RequestRow | undefined> {
    return db
      .selectFrom('requests')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrNumber), eb('number', '=', idOrNumber)]))
      .executeTakeFirst();
  }

  /** Optimistic update: succeeds only if nobody changed the row since `version` was read. */
  async updateIfVersion(trx: Kysely<DB>, id: string, version: number, patch: Updateable<RequestTable>): Promise<boolean> {
    const r = await trx
      .updateTable('requests')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  events(requestId: string): Promise<EventRow[]> {
    return this.db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  }

  /** Next serial of the day, atomically (one row per day in `counters`). */
  async nextSerial(trx: Kysely<DB>, name: string): Promise<number> {
    const row = await trx
      .insertInto('counters')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`counters.value + 1` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  idempotent(scope: string, key: string): Promise<{ request_id: string } | undefined> {
    return this.db.selectFrom('idempotency_keys').select('request_id').where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  }

  async rememberIdempotent(trx: Kysely<DB>, scope: string, key: string, requestId: string, at: string): Promise<void> {
    await this.inserts.insert(trx, 'idempotency_keys', [{ scope, key, request_id: requestId, created_at: at }]);
  }

  /** Attaches uploads to a request; returns how many were attached (the caller checks all were). */
  async attachUploads(trx: Kysely<DB>, requestId: string, ids: string[], ownerId: string | null): Promise<number> {
    if (ids.length === 0) return 0;
    let q = trx.updateTable('uploads').set({ request_id: requestId }).where('id', 'in', ids).where('request_id', 'is', null);
    q = ownerId ? q.where('owner_user_id', '=', ownerId) : q.where('owner_user_id', 'is', null);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  private filtered(actor: Actor, f: ListQuery, now: string) {
    let q = this.db.selectFrom('requests').where(scopeFilter(actor));
    if (f.status) q = q.where('status', '=', f.status);
    if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.channel) q = q.where('channel', '=', f.channel);
    if (f.unitId)
      q = q.where((eb) =>
        eb.or([
          eb('handler_unit_id', '=', f.unitId as string),
          eb('street_code', '=', f.unitId as string),
          eb('community_code', '=', f.unitId as string),
          eb('grid_code', '=', f.unitId as string),
        ]),
      );
    if (f.from) q = q.where('created_at', '>=', new Date(f.from).toISOString());
    if (f.to) q = q.where('created_at', '<', new Date(f.to).toISOString());
    if (f.q) {
      const words = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('number', '=', f.q as string),
          eb('reporter_phone', '=', f.q as string),
          // ESCAPE spelled out: SQLite has no default escape character (PostgreSQL's is \).
          sql<boolean>`${sql.ref('title')} like ${words} escape '\\'`,
          sql<boolean>`${sql.ref('description')} like ${words} escape '\\'`,
          sql<boolean>`${sql.ref('address')} like ${words} escape '\\'`,
        ]),
      );
    }
    switch (f.queue) {
      case 'new':
        q = q.where('status', '=', 'accepted').where('dispatched_at', 'is', null);
        break;
      case 'unassigned':
        q = q.where('status', '=', 'accepted');
        break;
      case 'overdue':
        q = q
          .where('status', 'in', ['accepted', 'dispatched', 'signed', 'in_progress'])
          .where((eb) => eb.or([eb('overdue', '=', 1), eb('resolve_deadline', '<', now)]));
        break;
      case 'supervised':
        q = q.where('supervised', '=', 1).where('status', 'in', ['accepted', 'dispatched', 'signed', 'in_progress', 'resolved']);
        break;
      case 'extension':
        q = q.where('extension_pending', '=', 1);
        break;
      case 'mine':
        q = q.where('status', 'in', ['dispatched', 'signed', 'in_progress']);
        break;
    }
    return q;
  }

  async list(actor: Actor, f: ListQuery, now: string): Promise<{ rows: RequestRow[]; total: number }> {
    const base = this.filtered(actor, f, now);
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        // overdue and nearest deadline first for work queues; newest first otherwise
        .$if(f.queue === 'mine' || f.queue === 'overdue', (q) => q.orderBy('overdue', 'desc').orderBy('resolve_deadline', 'asc'))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /** All rows matching the filters (for exports), in pages to keep memory flat. */
  async *iterate(actor: Actor, f: Omit<ListQuery, 'page' | 'pageSize'>, now: string): AsyncGenerator<RequestRow> {
    const pageSize = 1000;
    for (let page = 1; ; page++) {
      const rows = await this.filtered(actor, { ...f, page, pageSize }, now)
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      yield* rows;
      if (rows.length < pageSize) return;
    }
  }
}
