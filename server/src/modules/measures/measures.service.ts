import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { type Clock, chinaMonth } from '../../clock.js';
import type { Dialect } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { toCsv } from '../../http/csv.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Unit } from '../org/org.repository.js';
import type { OrgService } from '../org/org.service.js';
import { scopeOf } from '../requests/requests.policy.js';
import { DEFAULT_WEIGHTS, type MeasureCounts, type Rates, rates, type Weights } from './formulas.js';
import { type Level, MeasuresRepository } from './measures.repository.js';

const WEIGHTS_KEY = 'measures.weights';

export interface RankingRow extends Rates {
  rank: number | null;
  unitId: string;
  unitName: string;
  streetName: string | null;
  counts: MeasureCounts;
}

export class MeasuresService {
  private readonly repo: MeasuresRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    readonly dialect: Dialect,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {
    this.repo = new MeasuresRepository(db);
  }

  async weights(): Promise<Weights> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', WEIGHTS_KEY).executeTakeFirst();
    return row ? (JSON.parse(row.value) as Weights) : DEFAULT_WEIGHTS;
  }

  async setWeights(actor: Actor, w: Weights): Promise<Weights> {
    const sum = w.response + w.resolution + w.satisfaction;
    if (Math.abs(sum - 1) > 1e-6)
      throw errors.validation('weights', `weights：三项权重之和应为 1（当前 ${sum}）`, `weights: must add up to 1 (got ${sum})`);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: WEIGHTS_KEY, value: JSON.stringify(w) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(w) }))
        .execute();
      await this.audit.record(trx, actor, 'measures.weights_set', 'setting', WEIGHTS_KEY, w);
    });
    return w;
  }

  /** The monthly ranking of streets or communities in the actor's scope. */
  async ranking(
    actor: Actor,
    level: Level,
    month = chinaMonth(this.clock.now()),
  ): Promise<{ month: string; level: Level; weights: Weights; rows: RankingRow[] }> {
    const units = await this.org.list();
    const [counts, weights] = await Promise.all([
      this.repo.countsByUnit(actor, level, [month], districtStreets(actor, units)),
      this.weights(),
    ]);
    const scope = scopeOf(actor);
    const names = new Map(units.map((u) => [u.id, u.name]));
    const rows: RankingRow[] = units
      .filter((u) => u.kind === level)
      .filter((u) => {
        if ('all' in scope) return !scope.districts || scope.districts.includes(u.district_code);
        if ('street' in scope) return u.street_code === scope.street;
        if ('grid' in scope) return u.community_code === scope.community;
        if ('community' in scope) return u.community_code === scope.community;
        return counts.has(u.id);
      })
      .map((u) => {
        const c = counts.get(u.id) ?? zero();
        return {
          rank: null,
          unitId: u.id,
          unitName: u.name,
          streetName: u.street_code ? (names.get(u.street_code) ?? null) : null,
          counts: c,
          ...rates(c, weights),
        };
      });
    rows.sort((a, b) => (b.composite ?? -1) - (a.composite ?? -1) || b.counts.valid - a.counts.valid || a.unitId.localeCompare(b.unitId));
    let rank = 0;
    let prev: number | null = null;
    rows.forEach((r, i) => {
      if (r.composite === null) return;
      if (r.composite !== prev) rank = i + 1;
      prev = r.composite;
      r.rank = rank;
    });
    return { month, level, weights, rows };
  }

  /** The last `count` months (China time) up to this one, for the trend charts. */
  async recentTrend(actor: Actor, unitId: string | undefined, count: number) {
    const now = this.clock.now();
    const months: string[] = [];
    for (let i = count - 1; i >= 0; i--) months.push(chinaMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 15))));
    return { items: await this.trend(actor, unitId, months) };
  }

  /** Month by month for one unit (or the whole scope): the trend charts. */
  async trend(
    actor: Actor,
    unitId: string | undefined,
    months: string[],
  ): Promise<{ month: string; counts: MeasureCounts; rates: Rates }[]> {
    const weights = await this.weights();
    const out = [];
    const unit = unitId ? await this.org.get(unitId) : undefined;
    if (unitId && !unit) throw errors.validation('unitId', `unitId：单位 ${unitId} 不存在`, `unitId: unknown unit ${unitId}`);
    const level: Level = unit?.kind === 'community' ? 'community' : 'street';
    for (const month of months) {
      const byUnit = await this.repo.countsByUnit(actor, level, [month], districtStreets(actor, await this.org.list()));
      const c = unit ? (byUnit.get(unit.id) ?? zero()) : sumAll([...byUnit.values()]);
      out.push({ month, counts: c, rates: rates(c, weights) });
    }
    return out;
  }

  async exportRanking(
    actor: Actor,
    level: Level,
    month: string | undefined,
    format: 'csv' | 'xlsx',
  ): Promise<{ body: Buffer; type: string; fileName: string }> {
    const { rows, month: shown } = await this.ranking(actor, level, month);
    const header = [
      '排名',
      '单位编码',
      '单位',
      '所属街道',
      '有效回访',
      '响应率%',
      '解决率%',
      '满意率%',
      '综合得分',
      '按期办结率%',
      '重办率%',
      '平均办理时长(小时)',
      '受理量',
      '超期',
    ];
    const data = rows.map((r) => [
      r.rank ?? '',
      r.unitId,
      r.unitName,
      r.streetName ?? '',
      r.counts.valid,
      r.responseRate ?? '',
      r.resolutionRate ?? '',
      r.satisfactionRate ?? '',
      r.composite ?? '',
      r.onTimeRate ?? '',
      r.reopenRate ?? '',
      r.avgHandlingHours ?? '',
      r.counts.created,
      r.counts.overdue,
    ]);
    const fileName = `三率排名-${level === 'street' ? '街道' : '社区'}-${shown}`;
    if (format === 'csv') {
      return { body: toCsv([header, ...data]), type: 'text/csv; charset=utf-8', fileName: `${fileName}.csv` };
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Lianxin';
    const ws = wb.addWorksheet(month);
    ws.addRow(header).font = { bold: true };
    for (const row of data) ws.addRow(row);
    ws.columns.forEach((c) => {
      c.width = 14;
    });
    ws.getColumn(3).width = 22;
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    return { body, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${fileName}.xlsx` };
  }
}

const zero = (): MeasureCounts => sumAll([]);

/** The streets of the actor's districts when the actor sees whole districts (see MeasuresRepository.countsByUnit). */
function districtStreets(actor: Actor, units: Unit[]): string[] | undefined {
  const scope = scopeOf(actor);
  if (!('all' in scope) || !scope.districts) return undefined;
  const districts = scope.districts;
  return units.filter((u) => u.kind === 'street' && districts.includes(u.district_code)).map((u) => u.id);
}

function sumAll(list: MeasureCounts[]): MeasureCounts {
  const out: MeasureCounts = {
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
  };
  for (const c of list) for (const k of Object.keys(out) as (keyof MeasureCounts)[]) out[k] += c[k];
  return out;
}
