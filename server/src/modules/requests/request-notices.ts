import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import type { Executor } from '../../platform/executor.js';
import type { Tell } from '../../platform/workflow.js';
import type { Actor } from '../auth/actor.js';
import type { CategoriesService, CategoryView } from '../categories/categories.service.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import { REQUEST_ENTITY, REQUEST_WORKFLOW } from './request.workflow.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';

/** Who is told of a request's steps: the workflow's audiences handed to the notices, with the words their templates need. */
export class RequestNotices {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly categories: CategoriesService,
    private readonly repo: RequestsRepository,
    private readonly notices: NoticesService,
  ) {}

  /** The system's own steps tell people too: the overdue sweep's 督办 (in its transaction). */
  async escalated(trx: Executor, requestId: string): Promise<void> {
    const r = await this.repo.byId(requestId, trx);
    const told = r ? (REQUEST_WORKFLOW.decl.tell?.supervise?.(r) ?? []) : [];
    if (!r || !told.length) return;
    await this.tell(trx, told, 'supervise', r, { kind: 'system', job: 'overdue' }, await this.categories.get(r.category_code, trx));
  }

  /**
   * Intake dispatches grid categories at once, on the hot path, without telling anyone; a periodic
   * job tells the grids of what arrived since its last run (a watermark in settings), so intake
   * pays nothing for it.
   */
  async autoDispatched(): Promise<number> {
    const key = 'notices.auto-dispatch.since';
    const now = this.clock.now().toISOString();
    const mark = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    if (!mark) {
      // The first run starts from now: history is not announced.
      await this.db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(now) })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return 0;
    }
    const since = JSON.parse(mark.value) as string;
    const rows = await this.db
      .selectFrom('requests')
      .selectAll()
      .where('created_at', '>', since)
      .where('created_at', '<=', now)
      .where('handler_unit_id', 'is not', null)
      .whereRef('dispatched_at', '=', 'created_at')
      .orderBy('created_at')
      .limit(500)
      .execute();
    const upTo = rows.length === 500 ? (rows.at(-1) as RequestRow).created_at : now;
    await this.db.transaction().execute(async (trx) => {
      for (const r of rows)
        await this.tell(
          trx,
          [{ audience: 'handler', to: [{ unit: r.handler_unit_id as string }] }],
          'dispatch',
          r,
          { kind: 'system', job: 'auto-dispatch' },
          await this.categories.get(r.category_code, trx),
        );
      await trx
        .updateTable('settings')
        .set({ value: JSON.stringify(upTo) })
        .where('key', '=', key)
        .execute();
    });
    return rows.length;
  }

  /** Hands a step's audiences to the notices, with the words their templates need (no personal data). */
  async tell(trx: Executor, told: Tell[], action: string, after: RequestRow, actor: Actor, category: CategoryView | undefined) {
    const unit = after.handler_unit_id ? await this.org.get(after.handler_unit_id, trx) : undefined;
    const vars = {
      number: after.number,
      category: category?.name ?? after.category_code,
      categoryEn: category?.nameEn ?? after.category_code,
      unit: unit?.name ?? '',
    };
    for (const t of told)
      await this.notices.tell(trx, {
        event: `${REQUEST_ENTITY}.${action}.${t.audience}`,
        entity: { type: REQUEST_ENTITY, id: after.id },
        recipients: t.to,
        vars,
        actor,
      });
  }
}
