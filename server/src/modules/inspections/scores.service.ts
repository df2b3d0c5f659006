/**
 * 得分率 per point, unit, community and street of a round, from the checklist version each point
 * was inspected with (or, asked to recompute, the current version of its type, item by item code);
 * ranking; the trend between finished rounds.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import type { OrgService } from '../org/org.service.js';
import type { ItemRow } from './checklists.service.js';
import { roundVisible } from './inspections.policy.js';
import { itemScore, rank, type Score, sum } from './scoring.js';

export class ScoresService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly org: OrgService,
  ) {}

  async forRound(roundId: string, recompute = false) {
    const rps = await this.db
      .selectFrom('inspection_round_points as rp')
      .innerJoin('inspection_points as p', 'p.id', 'rp.point_id')
      .select(['rp.point_id', 'rp.checklist_id', 'p.name', 'p.type', 'p.unit_id', 'p.community_code', 'p.street_code'])
      .where('rp.round_id', '=', roundId)
      .execute();
    const entries = await this.db.selectFrom('inspection_entries').selectAll().where('round_id', '=', roundId).execute();
    const round = await this.db.selectFrom('inspection_rounds').select('status').where('id', '=', roundId).executeTakeFirst();
    const finished = round?.status === 'finished';
    let checklistOf = (rp: (typeof rps)[number]) => rp.checklist_id;
    if (recompute) {
      const current = await this.db.selectFrom('checklists').select(['id', 'point_type']).where('current', '=', 1).execute();
      checklistOf = (rp) => current.find((c) => c.point_type === rp.type)?.id ?? rp.checklist_id;
    }
    const ids = [...new Set(rps.map(checklistOf))];
    const items: ItemRow[] = ids.length
      ? await this.db.selectFrom('checklist_items').selectAll().where('checklist_id', 'in', ids).execute()
      : [];
    const pointScores = new Map<string, Score>();
    for (const rp of rps) {
      const marks = entries.filter((e) => e.point_id === rp.point_id);
      const unmarkedPasses = finished && marks.length > 0;
      const scores = items
        .filter((i) => i.checklist_id === checklistOf(rp))
        .map((i) =>
          itemScore(
            { weight: i.weight, deductPerFinding: i.deduct_per_finding },
            marks.find((m) => m.item_code === i.code),
            unmarkedPasses,
          ),
        );
      pointScores.set(rp.point_id, sum(scores));
    }
    const names = new Map((await this.org.list()).map((u) => [u.id, u.name]));
    const group = (key: (rp: (typeof rps)[number]) => string) => {
      const by = new Map<string, Score[]>();
      for (const rp of rps) by.set(key(rp), [...(by.get(key(rp)) ?? []), pointScores.get(rp.point_id) as Score]);
      return rank([...by.entries()].map(([k, s]) => ({ key: k, name: names.get(k) ?? k, ...sum(s) })));
    };
    return {
      total: sum([...pointScores.values()]),
      pointScores,
      points: rank(rps.map((rp) => ({ key: rp.point_id, name: rp.name, ...(pointScores.get(rp.point_id) as Score) }))),
      units: group((rp) => rp.unit_id),
      communities: group((rp) => rp.community_code),
      streets: group((rp) => rp.street_code),
    };
  }

  async roundScores(roundId: string, recompute: boolean) {
    const s = await this.forRound(roundId, recompute);
    return { roundId, total: s.total, points: s.points, units: s.units, communities: s.communities, streets: s.streets };
  }

  /** The rate of each finished round the actor may see, oldest first, with the change from the one before. */
  async trend(actor: Actor, q: { limit: number; streetCode?: string }) {
    const rounds = await this.db
      .selectFrom('inspection_rounds')
      .selectAll()
      .where(roundVisible(actor))
      .where('status', '=', 'finished')
      .orderBy('planned_for', 'desc')
      .limit(q.limit)
      .execute();
    const out: { roundId: string; title: string; plannedFor: string; rate: number | null; change: number | null }[] = [];
    for (const r of rounds.reverse()) {
      const s = await this.forRound(r.id);
      const rate = q.streetCode ? (s.streets.find((x) => x.key === q.streetCode)?.rate ?? null) : s.total.rate;
      const prev = out.at(-1)?.rate ?? null;
      out.push({
        roundId: r.id,
        title: r.title,
        plannedFor: r.planned_for,
        rate,
        change: rate !== null && prev !== null ? Math.round((rate - prev) * 10000) / 10000 : null,
      });
    }
    return { rounds: out };
  }
}
