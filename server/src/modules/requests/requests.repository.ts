import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { PreparedInserts } from '../../db/prepared-inserts.js';
import type { DB, RequestTable, TimelineTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { OPEN_STATUSES } from './lifecycle.js';
import { scopeFilter } from './requests.policy.js';
import type { ListQuery } from './requests.schema.js';

export type RequestRow = Selectable<RequestTable>;
export type EventRow = Selectable<TimelineTable>;

/** Queries of requests; every list goes through the actor's scope. The timeline, attachments and keys are the platform's. */
export class RequestsRepository {
  /** Intake writes a request many times a second. */
  private readonly inserts: PreparedInserts;

  constructor(private readonly db: Kysely<DB>) {
    this.inserts = new PreparedInserts(db);
  }

  async insert(trx: Kysely<DB>, row: Insertable<RequestTable>): Promise<void> {
    await this.inserts.insert(trx, 'requests', [row]);
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
        q = q.where('status', 'in', [...OPEN_STATUSES]).where((eb) => eb.or([eb('overdue', '=', 1), eb('resolve_deadline', '<', now)]));
        break;
      case 'supervised':
        q = q.where('supervised', '=', 1).where('status', 'in', [...OPEN_STATUSES, 'resolved']);
        break;
      case 'extension':
        q = q.where('extension_pending', '=', 1);
        break;
      case 'mine':
        // open and with a handler: everything but the not-yet-dispatched
        q = q.where(
          'status',
          'in',
          OPEN_STATUSES.filter((st) => st !== 'accepted'),
        );
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
