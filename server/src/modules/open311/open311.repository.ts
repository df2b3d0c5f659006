import type { Kysely, Selectable } from 'kysely';
import type { DB, TimelineTable } from '../../db/schema.js';
import type { Status } from '../requests/lifecycle.js';
import { REQUEST_ENTITY } from '../requests/request.workflow.js';
import type { RequestRow } from '../requests/requests.repository.js';

export type PublicEventRow = Pick<Selectable<TimelineTable>, 'id' | 'at' | 'action' | 'to_status' | 'note'> & { number: string };

/**
 * The public feed's reads. Every query is limited to the kinds the district publishes (the
 * caller passes `kindsWhere('open311')`); nothing here selects a person's name or phone.
 */
export class Open311Repository {
  constructor(private readonly db: Kysely<DB>) {}

  list(
    kinds: string[],
    f: { numbers?: string[]; codes?: string[]; statuses?: Status[]; start: string; end: string; limit: number },
  ): Promise<RequestRow[]> {
    let q = this.db.selectFrom('requests').selectAll().where('kind', 'in', kinds);
    // service_request_id overrides every other argument (GeoReport v2).
    if (f.numbers?.length) q = q.where('number', 'in', f.numbers);
    else {
      q = q.where('created_at', '>=', f.start).where('created_at', '<=', f.end);
      if (f.codes?.length) q = q.where('category_code', 'in', f.codes);
      if (f.statuses) q = q.where('status', 'in', f.statuses.length ? f.statuses : ['']);
    }
    return q.orderBy('created_at', 'desc').orderBy('id').limit(f.limit).execute();
  }

  byNumber(kinds: string[], number: string): Promise<RequestRow | undefined> {
    return this.db.selectFrom('requests').selectAll().where('number', '=', number).where('kind', 'in', kinds).executeTakeFirst();
  }

  numberOfToken(token: string): Promise<{ number: string } | undefined> {
    return this.db.selectFrom('requests').select('number').where('open311_token', '=', token).executeTakeFirst();
  }

  /**
   * Timeline entries that changed a published request's status, in order. The columns are the
   * ones a public update may use: never the actor (staff names) nor the entry's data.
   */
  statusChanges(
    kinds: string[],
    f: { from?: string; after?: string; to: string; limit: number; offset: number },
  ): Promise<PublicEventRow[]> {
    let q = this.db
      .selectFrom('timeline as e')
      .innerJoin('requests as r', 'r.id', 'e.entity_id')
      .where('e.entity_type', '=', REQUEST_ENTITY)
      .select(['e.id', 'e.at', 'e.action', 'e.to_status', 'e.note', 'r.number'])
      .where('r.kind', 'in', kinds)
      .where('e.from_status', 'is not', null)
      .where('e.to_status', 'is not', null)
      .whereRef('e.from_status', '<>', 'e.to_status')
      .where('e.at', '<=', f.to);
    if (f.from) q = q.where('e.at', '>=', f.from);
    if (f.after) q = q.where('e.at', '>', f.after);
    return q.orderBy('e.id').limit(f.limit).offset(f.offset).execute();
  }
}
