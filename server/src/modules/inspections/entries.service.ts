/**
 * An inspector's mark of one item at one point. Idempotent: the phone outbox replays an entry
 * with its Idempotency-Key after being offline, and the replay answers the first entry. A
 * failure opens a rectification order to the item's responsible unit, with the deadline from the
 * item's time limit; marking the item again replaces the mark (a fail turned pass or na withdraws
 * its still-open order, a new fail opens one).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import type { Executor } from '../../platform/executor.js';
import { idempotencyScope, rememberKey, seenKey } from '../../platform/idempotency.js';
import { appendTimeline } from '../../platform/timeline.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ORDER_WORKFLOW } from '../rectification/order.workflow.js';
import type { RectificationService } from '../rectification/rectification.service.js';
import type { ChecklistsService, ItemRow } from './checklists.service.js';
import { isInspectorSide, pointInScope } from './inspections.policy.js';
import type { EntryInput } from './inspections.schemas.js';
import type { PointRow } from './points.service.js';
import { ROUND_ENTITY, type RoundRow } from './round.workflow.js';
import { type EntryRow, presentEntry, type RoundsService } from './rounds.service.js';

export const ENTRY_ENTITY = 'inspection_entry';

/** The unit answering for a failed item at a point. */
export function responsibleUnit(item: Pick<ItemRow, 'responsible' | 'department_id'>, point: PointRow): string {
  if (item.responsible === 'community') return point.community_code;
  if (item.responsible === 'street') return point.street_code;
  if (item.responsible === 'department' && item.department_id) return item.department_id;
  return point.unit_id;
}

/** An order's title: the failure without its scoring note. */
export const failureTitle = (item: Pick<ItemRow, 'failure'>) => item.failure.replace(/（[^）]*扣[^）]*）$/u, '');

export class EntriesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly rounds: RoundsService,
    private readonly checklists: ChecklistsService,
    private readonly rectification: RectificationService,
  ) {}

  async record(actor: Actor, roundId: string, input: EntryInput, key: string | undefined) {
    if (!isInspectorSide(actor) || actor.kind !== 'user') throw errors.forbidden('录入督查结果');
    const scope = idempotencyScope(actor, input);
    if (key) {
      const seen = await seenKey(this.db, scope, key, ENTRY_ENTITY, { roundId, ...input });
      if (seen) return this.replay(seen);
    }
    try {
      const id = await this.db.transaction().execute((trx) => this.write(trx, actor, roundId, input, scope, key));
      return { entry: await this.present(id), replayed: false };
    } catch (e) {
      // Two sends of the same key at once: the second fails on the key and answers the first.
      if (key && isUniqueViolation(e)) {
        const seen = await seenKey(this.db, scope, key, ENTRY_ENTITY, { roundId, ...input });
        if (seen) return this.replay(seen);
      }
      if (isUniqueViolation(e)) throw errors.conflict('该项刚刚被录入，请刷新后重试', 'This item was just marked; reload and try again');
      throw e;
    }
  }

  private async replay(id: string) {
    return { entry: await this.present(id), replayed: true };
  }

  private async present(id: string) {
    const e = await this.db.selectFrom('inspection_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return presentEntry(e, (await this.rounds.entryPhotos([id])).get(id) ?? []);
  }

  private async write(
    trx: Executor,
    actor: Extract<Actor, { kind: 'user' }>,
    roundId: string,
    input: EntryInput,
    scope: string,
    key: string | undefined,
  ) {
    const round = await this.rounds.visible(actor, roundId, trx);
    if (round.status !== 'in_progress')
      throw errors.conflict('督查尚未开始或已结束，不能录入', 'The round has not started or has finished; entries are closed', {
        field: 'roundId',
      });
    const point = await trx.selectFrom('inspection_points').selectAll().where('id', '=', input.pointId).executeTakeFirst();
    if (!point || point.district_code !== round.district_code || (round.street_code && point.street_code !== round.street_code))
      throw errors.validation('pointId', 'pointId：点位不存在或不在本轮督查范围内', 'pointId: no such point in this round’s area');
    // A finding only in the inspector's own area (a street's inspector in a district round: its street's points).
    if (!pointInScope(actor, point)) throw errors.forbidden('在辖区外的点位录入督查结果');
    let rp = await trx
      .selectFrom('inspection_round_points')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('point_id', '=', point.id)
      .executeTakeFirst();
    if (!rp) {
      // A finding at a point outside the plan: the point joins the round with its current checklist.
      rp = { round_id: roundId, point_id: point.id, checklist_id: (await this.checklists.current(point.type, trx)).id };
      await trx.insertInto('inspection_round_points').values(rp).execute();
    }
    const item = await trx.selectFrom('checklist_items').selectAll().where('id', '=', input.itemId).executeTakeFirst();
    if (!item || item.checklist_id !== rp.checklist_id)
      throw errors.validation(
        'itemId',
        'itemId：该检查项不属于此点位使用的清单',
        'itemId: the item is not on the checklist this point uses',
      );
    const now = this.clock.now().toISOString();
    const old = await trx
      .selectFrom('inspection_entries')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('point_id', '=', point.id)
      .where('item_id', '=', item.id)
      .executeTakeFirst();
    const fields = {
      result: input.result,
      count: input.count,
      note: input.note,
      taken_at: new Date(input.takenAt).toISOString(),
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      inspector_id: actor.userId,
      updated_at: now,
    };
    let entry: EntryRow;
    if (old) {
      entry = { ...old, ...fields };
      await trx.updateTable('inspection_entries').set(fields).where('id', '=', old.id).execute();
    } else {
      entry = {
        id: randomUUID(),
        round_id: roundId,
        point_id: point.id,
        item_id: item.id,
        item_code: item.code,
        order_id: null,
        created_at: now,
        ...fields,
      };
      await trx.insertInto('inspection_entries').values(entry).execute();
    }
    if (
      input.photos.length &&
      (await attachUploads(trx, { type: ENTRY_ENTITY, id: entry.id }, input.photos, actor.userId)) !== input.photos.length
    )
      throw errors.validation('photos', 'photos：照片不存在或已被使用', 'photos: a photo does not exist or is already used');
    await this.settleOrder(trx, actor, round, point, item, entry, old?.result ?? null);
    if (key) await rememberKey(trx, scope, key, { type: ENTRY_ENTITY, id: entry.id }, now, { roundId, ...input });
    await appendTimeline(trx, [
      {
        entity: { type: ROUND_ENTITY, id: roundId },
        at: now,
        actor,
        action: 'entry',
        from: round.status,
        to: round.status,
        note: `${point.name}：${item.title}（${input.result}）`,
        photos: input.photos,
        data: { entryId: entry.id, pointId: point.id, itemCode: item.code, result: input.result },
      },
    ]);
    await this.audit.record(trx, actor, 'inspection_entry.record', ENTRY_ENTITY, entry.id, {
      result: input.result,
      replaced: old?.result ?? null,
    });
    return entry.id;
  }

  /** A failure without a live order opens one; a fail turned pass or na withdraws the live one. */
  private async settleOrder(
    trx: Executor,
    actor: Actor,
    round: RoundRow,
    point: PointRow,
    item: ItemRow,
    entry: EntryRow,
    was: string | null,
  ) {
    const live = entry.order_id
      ? await trx
          .selectFrom('rectification_orders')
          .selectAll()
          .where('id', '=', entry.order_id)
          .where('status', 'in', ['open', 'answered'])
          .executeTakeFirst()
      : undefined;
    if (entry.result === 'fail' && !live) {
      const photos = (await this.rounds.entryPhotos([entry.id], trx).then((m) => m.get(entry.id))) ?? [];
      const order = await this.rectification.create(trx, actor, {
        sourceType: 'inspection',
        sourceId: entry.id,
        roundId: round.id,
        title: failureTitle(item),
        itemCode: item.code,
        pointId: point.id,
        pointName: point.name,
        unitId: responsibleUnit(item, point),
        place: { district: point.district_code, street: point.street_code, community: point.community_code },
        limit: { value: item.limit_value, unit: item.limit_unit },
        inspectorId: entry.inspector_id,
        recheck: round.recheck,
        photos,
      });
      await trx.updateTable('inspection_entries').set({ order_id: order.id }).where('id', '=', entry.id).execute();
    } else if (entry.result !== 'fail' && live && was === 'fail') {
      await ORDER_WORKFLOW.take({
        trx,
        actor,
        row: live,
        input: { action: 'withdraw', reason: '督查员更正为合格', version: live.version },
        performers: new Set(['system']),
        now: this.clock.now(),
        ctx: null,
      });
    }
  }
}
