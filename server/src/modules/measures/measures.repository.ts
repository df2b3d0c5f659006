import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { kindsWhere } from '../requests/kinds.js';
import { scopeFilter, scopeOf } from '../requests/requests.policy.js';
import type { MeasureCounts } from './formulas.js';

export type Level = 'street' | 'community';

const emptyCounts = (): MeasureCounts => ({
  valid: 0,
  contactedInTime: 0,
  resolved: 0,
  satisfied: 0,
  basic: 0,
  resolvedOnTime: 0,
  reopened: 0,
  handlingSecondsSum: 0,
  handlingCount: 0,
  overdue: 0,
  created: 0,
});

/** Aggregates for the measures; both queries are served by covering indexes (see 0002_requests). */
export class MeasuresRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * `districtStreets`: for an actor who sees a whole district, the district's streets. The scope
   * rule (district_code = …) names a column the covering indexes do not hold, which turned the
   * index-only scans into a table lookup per request (bench/README.md); a district's requests are
   * those filed in its streets, and street_code is in both indexes.
   */
  async countsByUnit(actor: Actor, level: Level, months: string[], districtStreets?: string[]): Promise<Map<string, MeasureCounts>> {
    const col = level === 'street' ? 'street_code' : 'community_code';
    const scope = measureScope(actor, districtStreets);
    // Only the kinds that count in 三率 (kinds.ts); `kind` is in both covering indexes (0005_entities).
    const measured = kindsWhere('measured');
    const followUps = await this.db
      .selectFrom('requests')
      .where('period_month', 'in', months)
      .where('kind', 'in', measured)
      .where(scope)
      .select((eb) => [
        eb.ref(col).as('unit'),
        eb.fn.countAll<number>().as('valid'),
        sql<number>`sum(coalesce(contacted_in_time, 0))`.as('contacted'),
        sql<number>`sum(coalesce(rating_resolved, 0))`.as('resolved'),
        sql<number>`sum(case when rating = 'satisfied' then 1 else 0 end)`.as('satisfied'),
        sql<number>`sum(case when rating = 'basic' then 1 else 0 end)`.as('basic'),
        sql<number>`sum(coalesce(resolved_on_time, 0))`.as('on_time'),
        sql<number>`sum(case when reopen_count > 0 then 1 else 0 end)`.as('reopened'),
        sql<number>`sum(coalesce(handling_seconds, 0))`.as('handling_sum'),
        sql<number>`count(handling_seconds)`.as('handling_n'),
      ])
      .groupBy(col)
      .execute();
    const created = await this.db
      .selectFrom('requests')
      .where('created_month', 'in', months)
      .where('kind', 'in', measured)
      .where(scope)
      .select((eb) => [eb.ref(col).as('unit'), eb.fn.countAll<number>().as('created'), sql<number>`sum(overdue)`.as('overdue')])
      .groupBy(col)
      .execute();
    const out = new Map<string, MeasureCounts>();
    const at = (unit: string | null) => {
      const key = unit ?? '';
      const c = out.get(key) ?? emptyCounts();
      out.set(key, c);
      return c;
    };
    for (const r of followUps) {
      const c = at(r.unit);
      c.valid = Number(r.valid);
      c.contactedInTime = Number(r.contacted);
      c.resolved = Number(r.resolved);
      c.satisfied = Number(r.satisfied);
      c.basic = Number(r.basic);
      c.resolvedOnTime = Number(r.on_time);
      c.reopened = Number(r.reopened);
      c.handlingSecondsSum = Number(r.handling_sum);
      c.handlingCount = Number(r.handling_n);
    }
    for (const r of created) {
      const c = at(r.unit);
      c.created = Number(r.created);
      c.overdue = Number(r.overdue);
    }
    return out;
  }
}

function measureScope(actor: Actor, districtStreets: string[] | undefined) {
  const s = scopeOf(actor);
  if ('all' in s && s.districts && districtStreets?.length)
    return (eb: ExpressionBuilder<DB, 'requests'>) => eb('requests.street_code', 'in', districtStreets);
  return scopeFilter(actor);
}
