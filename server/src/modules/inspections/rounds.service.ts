/**
 * Rounds (督查轮次): planned or unannounced, their points and the checklist version each point
 * is inspected with, start and finish. Reads go through roundVisible (inspections.policy.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import { appendTimeline } from '../../platform/timeline.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { namingConflicts, staleItem } from '../rectification/stale.js';
import { type ChecklistsService, presentItem } from './checklists.service.js';
import { pointInScope, roundVisible, runsRound, seesRoundPoint } from './inspections.policy.js';
import type { RoundInput } from './inspections.schemas.js';
import type { InspectionEntryTable } from './inspections.tables.js';
import type { PointsService } from './points.service.js';
import { ROUND_ENTITY, ROUND_WORKFLOW, type RoundRow } from './round.workflow.js';
import type { ScoresService } from './scores.service.js';

export type EntryRow = Selectable<InspectionEntryTable>;

export class RoundsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly checklists: ChecklistsService,
    private readonly points: PointsService,
    private readonly scores: ScoresService,
  ) {}

  /** The round if the actor may see it, else "not found" (an unannounced plan does not leak its existence). */
  async visible(actor: Actor, id: string, db: Executor = this.db): Promise<RoundRow> {
    const r = await db.selectFrom('inspection_rounds').selectAll().where('id', '=', id).where(roundVisible(actor)).executeTakeFirst();
    if (!r) throw errors.notFound('督查轮次', 'Inspection round');
    return r;
  }

  private async counts(ids: string[]) {
    if (!ids.length) return new Map<string, { points: number; fails: number }>();
    const pts = await this.db
      .selectFrom('inspection_round_points')
      .select(['round_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('round_id', 'in', ids)
      .groupBy('round_id')
      .execute();
    const fails = await this.db
      .selectFrom('inspection_entries')
      .select(['round_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('round_id', 'in', ids)
      .where('result', '=', 'fail')
      .groupBy('round_id')
      .execute();
    return new Map(
      ids.map((id) => [
        id,
        { points: Number(pts.find((p) => p.round_id === id)?.n ?? 0), fails: Number(fails.find((f) => f.round_id === id)?.n ?? 0) },
      ]),
    );
  }

  private summary(r: RoundRow, c: { points: number; fails: number } | undefined) {
    return {
      id: r.id,
      title: r.title,
      mode: r.mode,
      status: r.status,
      plannedFor: r.planned_for,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      districtCode: r.district_code,
      streetCode: r.street_code,
      recheck: r.recheck,
      sampleSeed: r.sample_seed,
      pointCount: c?.points ?? 0,
      failCount: c?.fails ?? 0,
      version: r.version,
      createdAt: r.created_at,
    };
  }

  async list(actor: Actor, q: { status?: RoundRow['status']; page: number; pageSize: number }) {
    let base = this.db.selectFrom('inspection_rounds').where(roundVisible(actor));
    if (q.status) base = base.where('status', '=', q.status);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('planned_for', 'desc')
      .orderBy('created_at', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const counts = await this.counts(rows.map((r) => r.id));
    return { items: rows.map((r) => this.summary(r, counts.get(r.id))), total: Number(total.n) };
  }

  async create(actor: Actor, input: RoundInput) {
    if (actor.kind !== 'user' || !actor.unit) throw errors.forbidden('制定督查计划');
    const pointIds = [...new Set(input.pointIds)];
    const points = await this.points.byIds(pointIds);
    const missing = pointIds.find((id) => !points.some((p) => p.id === id && pointInScope(actor, p)));
    if (missing)
      throw errors.validation(
        'pointIds',
        `pointIds：点位 ${missing} 不存在或不在辖区内`,
        `pointIds: point ${missing} does not exist or is outside your area`,
      );
    if (input.streetCode && points.some((p) => p.street_code !== input.streetCode))
      throw errors.validation('pointIds', 'pointIds：点位须在所选街道内', 'pointIds: every point must be in the chosen street');
    const district = points[0]?.district_code ?? actor.unit.districtCode;
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const row: RoundRow = {
        id,
        title: input.title,
        mode: input.mode,
        status: 'planned',
        planned_for: input.plannedFor,
        started_at: null,
        finished_at: null,
        district_code: district,
        street_code: input.streetCode,
        recheck: input.recheck,
        sample_seed: input.sampleSeed,
        created_by: actor.userId,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('inspection_rounds').values(row).execute();
      for (const p of points) {
        const c = await this.checklists.current(p.type, trx);
        await trx.insertInto('inspection_round_points').values({ round_id: id, point_id: p.id, checklist_id: c.id }).execute();
      }
      await appendTimeline(trx, [
        { entity: { type: ROUND_ENTITY, id }, at: now, actor, action: 'create', from: null, to: 'planned', note: input.title },
      ]);
      await this.audit.record(trx, actor, 'inspection_round.create', ROUND_ENTITY, id, { mode: input.mode, points: points.length });
    });
    return this.get(actor, id);
  }

  async act(actor: Actor, id: string, input: { action: 'start' | 'finish'; version: number }) {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.visible(actor, id, trx);
      // seeing a round through a point of one's area is not running it
      if (!runsRound(actor, row)) throw errors.forbidden('开始或结束他人的督查轮次');
      if (row.version !== input.version) throw staleItem('督查轮次', 'inspection round');
      await namingConflicts('督查轮次', 'inspection round', () =>
        ROUND_WORKFLOW.take({
          trx,
          actor,
          row,
          input,
          performers: new Set(runsRound(actor, row) ? ['inspector'] : []),
          now: this.clock.now(),
          ctx: null,
        }),
      );
      await this.audit.record(trx, actor, `inspection_round.${input.action}`, ROUND_ENTITY, id, null);
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string) {
    const r = await this.visible(actor, id);
    const rps = await this.db.selectFrom('inspection_round_points').selectAll().where('round_id', '=', id).execute();
    const own = (await this.points.byIds(rps.map((p) => p.point_id))).filter((p) => seesRoundPoint(actor, r, p));
    const points = await this.points.present(own);
    const checklistIds = [...new Set(rps.map((p) => p.checklist_id))];
    const checklists = await Promise.all(checklistIds.map((c) => this.checklists.get(c)));
    const seen = new Set(own.map((p) => p.id));
    const entries = (
      await this.db.selectFrom('inspection_entries').selectAll().where('round_id', '=', id).orderBy('created_at').execute()
    ).filter((e) => seen.has(e.point_id));
    const photos = await this.entryPhotos(entries.map((e) => e.id));
    const score = await this.scores.forRound(id);
    const counts = await this.counts([id]);
    return {
      ...this.summary(r, counts.get(id)),
      points: points
        .map((p) => {
          const rp = rps.find((x) => x.point_id === p.id);
          const c = checklists.find((x) => x.id === rp?.checklist_id);
          const s = score.pointScores.get(p.id) ?? { earned: 0, possible: 0, rate: null };
          return {
            ...p,
            checklistId: c?.id ?? '',
            checklistVersion: c?.version ?? 0,
            score: s,
            entries: entries.filter((e) => e.point_id === p.id).map((e) => presentEntry(e, photos.get(e.id) ?? [])),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
      checklists,
      score: score.total,
      actions: runsRound(actor, r) ? ROUND_WORKFLOW.available(r, new Set(['inspector'])) : [],
    };
  }

  async entryPhotos(entryIds: readonly string[], db: Executor = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!entryIds.length) return out;
    const ups = await db
      .selectFrom('uploads')
      .select(['id', 'entity_id'])
      .where('entity_type', '=', 'inspection_entry')
      .where('entity_id', 'in', [...entryIds])
      .orderBy('created_at')
      .execute();
    for (const u of ups) out.set(u.entity_id as string, [...(out.get(u.entity_id as string) ?? []), u.id]);
    return out;
  }
}

export function presentEntry(e: EntryRow, photos: string[]) {
  return {
    id: e.id,
    roundId: e.round_id,
    pointId: e.point_id,
    itemId: e.item_id,
    itemCode: e.item_code,
    result: e.result,
    count: e.count,
    note: e.note,
    photos,
    takenAt: e.taken_at,
    location: e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null,
    inspectorId: e.inspector_id,
    orderId: e.order_id,
    createdAt: e.created_at,
  };
}

export { presentItem };
