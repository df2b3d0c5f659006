/**
 * 举一反三: from one failed entry, one action creates a check of the same item at every other
 * point of that type in the street, each assigned to the unit answering for that item there.
 * The unit answers with a photo: pass closes the check; fail opens a rectification order.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import type { Executor } from '../../platform/executor.js';
import { scopeWhere } from '../../platform/scope.js';
import { appendTimeline } from '../../platform/timeline.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import type { RectificationService } from '../rectification/rectification.service.js';
import { namingConflicts, staleItem } from '../rectification/stale.js';
import { failureTitle, responsibleUnit } from './entries.service.js';
import { areaActor, CHECK_SCOPE, checkInScope, isInspectorSide } from './inspections.policy.js';
import type { RoundsService } from './rounds.service.js';
import { CHECK_ENTITY, CHECK_WORKFLOW, type CheckInput, type CheckPerformer, type CheckRow } from './similar.workflow.js';

export { CHECK_ENTITY };

export class SimilarChecksService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly notices: NoticesService,
    private readonly rounds: RoundsService,
    private readonly rectification: RectificationService,
  ) {}

  /** Creates the checks (once per point: a second call adds only points that have none). */
  async fromEntry(actor: Actor, roundId: string, entryId: string) {
    if (!isInspectorSide(actor)) throw errors.forbidden('举一反三');
    await this.rounds.visible(actor, roundId);
    const ids = await this.db.transaction().execute(async (trx) => {
      const entry = await trx
        .selectFrom('inspection_entries')
        .selectAll()
        .where('id', '=', entryId)
        .where('round_id', '=', roundId)
        .executeTakeFirst();
      if (entry?.result !== 'fail')
        throw errors.validation('entryId', 'entryId：只能从不合格项举一反三', 'entryId: only a failed item can be checked elsewhere');
      const source = await trx.selectFrom('inspection_points').selectAll().where('id', '=', entry.point_id).executeTakeFirstOrThrow();
      const item = await trx.selectFrom('checklist_items').selectAll().where('id', '=', entry.item_id).executeTakeFirstOrThrow();
      const others = await trx
        .selectFrom('inspection_points')
        .selectAll()
        .where('type', '=', source.type)
        .where('street_code', '=', source.street_code)
        .where('id', '!=', source.id)
        .execute();
      const done = new Set(
        (await trx.selectFrom('similar_checks').select('point_id').where('source_entry_id', '=', entryId).execute()).map((c) => c.point_id),
      );
      const now = this.clock.now().toISOString();
      const made: string[] = [];
      for (const p of others.filter((o) => !done.has(o.id))) {
        const row: CheckRow = {
          id: randomUUID(),
          source_entry_id: entryId,
          round_id: roundId,
          point_id: p.id,
          item_id: item.id,
          unit_id: responsibleUnit(item, p),
          district_code: p.district_code,
          street_code: p.street_code,
          community_code: p.community_code,
          status: 'pending',
          note: null,
          order_id: null,
          version: 1,
          created_at: now,
          updated_at: now,
          answered_at: null,
        };
        await trx.insertInto('similar_checks').values(row).execute();
        await appendTimeline(trx, [
          { entity: { type: CHECK_ENTITY, id: row.id }, at: now, actor, action: 'create', from: null, to: 'pending', note: item.title },
        ]);
        await this.notices.tell(trx, {
          event: `${CHECK_ENTITY}.create.unit`,
          entity: { type: CHECK_ENTITY, id: row.id },
          recipients: [{ unit: row.unit_id }],
          vars: { title: item.title, point: p.name },
          actor,
        });
        made.push(row.id);
      }
      await this.audit.record(trx, actor, 'similar_check.create', 'inspection_entry', entryId, { created: made.length });
      return made;
    });
    const items = await this.present(await this.byIds(ids));
    return { created: ids.length, items };
  }

  async list(actor: Actor, q: { status?: CheckRow['status'] }) {
    let query = this.db
      .selectFrom('similar_checks')
      .selectAll()
      .where(scopeWhere(CHECK_SCOPE, areaActor(actor)) as never);
    if (q.status) query = query.where('status', '=', q.status);
    return { items: await this.present(await query.orderBy('created_at', 'desc').limit(500).execute()) };
  }

  /** The check's unit answers with a photo: pass, or fail (which opens a rectification order); similar.workflow.ts is the table. */
  async answer(actor: Actor, id: string, input: { result: 'pass' | 'fail'; photos: string[]; note: string | null; version: number }) {
    await this.db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('similar_checks').selectAll().where('id', '=', id).executeTakeFirst();
      if (!c || !checkInScope(actor, c)) throw errors.notFound('举一反三自查', 'Check');
      if (c.version !== input.version) throw staleItem('自查', 'check');
      const performers = new Set<CheckPerformer>(actor.kind === 'user' && actor.unit?.id === c.unit_id ? ['unit'] : []);
      await namingConflicts('自查', 'check', () =>
        CHECK_WORKFLOW.take({
          trx,
          actor,
          row: c,
          input: { action: input.result, note: input.note, version: input.version } as CheckInput,
          performers,
          now: this.clock.now(),
          ctx: { openOrder: (tx, row) => this.openOrder(tx, actor, row, input.photos) },
          photos: input.photos,
        }),
      );
      if (
        (await attachUploads(trx, { type: CHECK_ENTITY, id }, input.photos, actor.kind === 'user' ? actor.userId : null)) !==
        input.photos.length
      )
        throw errors.validation('photos', 'photos：照片不存在或已被使用', 'photos: a photo does not exist or is already used');
      await this.audit.record(trx, actor, 'similar_check.answer', CHECK_ENTITY, id, { result: input.result });
    });
    return (await this.present(await this.byIds([id])))[0];
  }

  /** The order a failed check opens to its unit, with the item's time limit. */
  private async openOrder(trx: Executor, actor: Actor, c: CheckRow, photos: readonly string[]): Promise<string> {
    const point = await trx.selectFrom('inspection_points').selectAll().where('id', '=', c.point_id).executeTakeFirstOrThrow();
    const item = await trx.selectFrom('checklist_items').selectAll().where('id', '=', c.item_id).executeTakeFirstOrThrow();
    const round = await trx.selectFrom('inspection_rounds').selectAll().where('id', '=', c.round_id).executeTakeFirstOrThrow();
    const source = await trx
      .selectFrom('inspection_entries')
      .select('inspector_id')
      .where('id', '=', c.source_entry_id)
      .executeTakeFirstOrThrow();
    const order = await this.rectification.create(trx, actor, {
      sourceType: 'similar',
      sourceId: c.id,
      roundId: c.round_id,
      title: failureTitle(item),
      itemCode: item.code,
      pointId: point.id,
      pointName: point.name,
      unitId: c.unit_id,
      place: { district: c.district_code, street: c.street_code, community: c.community_code },
      limit: { value: item.limit_value, unit: item.limit_unit },
      inspectorId: source.inspector_id,
      recheck: round.recheck,
      photos,
    });
    return order.id;
  }

  async mayOpen(actor: Actor, id: string): Promise<boolean> {
    const c = await this.db.selectFrom('similar_checks').selectAll().where('id', '=', id).executeTakeFirst();
    return !!c && checkInScope(actor, c);
  }

  private byIds(ids: string[]): Promise<CheckRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('similar_checks').selectAll().where('id', 'in', ids).orderBy('created_at').execute();
  }

  private async present(rows: CheckRow[]) {
    if (!rows.length) return [];
    const names = new Map((await this.org.list()).map((u) => [u.id, u.name]));
    const points = new Map(
      (
        await this.db
          .selectFrom('inspection_points')
          .select(['id', 'name'])
          .where(
            'id',
            'in',
            rows.map((r) => r.point_id),
          )
          .execute()
      ).map((p) => [p.id, p.name]),
    );
    const items = new Map(
      (
        await this.db
          .selectFrom('checklist_items')
          .select(['id', 'title'])
          .where(
            'id',
            'in',
            rows.map((r) => r.item_id),
          )
          .execute()
      ).map((i) => [i.id, i.title]),
    );
    const photos = await this.db
      .selectFrom('uploads')
      .select(['id', 'entity_id'])
      .where('entity_type', '=', CHECK_ENTITY)
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      sourceEntryId: r.source_entry_id,
      pointId: r.point_id,
      pointName: points.get(r.point_id) ?? '',
      itemId: r.item_id,
      itemTitle: items.get(r.item_id) ?? '',
      unitId: r.unit_id,
      unitName: names.get(r.unit_id) ?? r.unit_id,
      status: r.status,
      photos: photos.filter((p) => p.entity_id === r.id).map((p) => p.id),
      note: r.note,
      orderId: r.order_id,
      version: r.version,
      createdAt: r.created_at,
      answeredAt: r.answered_at,
    }));
  }
}
