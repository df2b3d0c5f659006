/**
 * (b) The monthly 三率 ranking (MeasuresService.ranking, street and community level) over N
 * generated requests (1,000,000 by default) in the 190 real communities, 12 months. Timed warm,
 * several runs, against baselines measured in the same run on the same data:
 * - `count(*)` of the month's follow-ups: the floor, reading the month's index entries once;
 * - the ranking's own aggregation with the covering index switched off (table scan): what the
 *   index is worth.
 * The query plans of the ranking's SQL are printed, and checked for the covering index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { systemClock } from '../server/src/clock.js';
import { loadConfig } from '../server/src/config.js';
import { type Database, type Dialect, openDatabase } from '../server/src/db/database.js';
import type { Actor } from '../server/src/modules/auth/actor.js';
import { buildServices } from '../server/src/services.js';
import { loadPostgres, loadSqlite } from './lib/bulk.js';
import { RANK_MONTH, RequestGenerator, type Unit } from './lib/generate.js';
import { prepareStore } from './lib/server.js';
import { fmt, median, percentile, timeRuns } from './lib/stats.js';

export interface Timing {
  label: string;
  runs: number;
  median: number;
  p95: number;
  min: number;
}

export interface RankingResult {
  dialect: Dialect;
  rows: number;
  communities: number;
  month: string;
  monthFollowUps: number;
  buildSeconds: number;
  timings: Timing[];
  plans: { sql: string; plan: string[]; covering: boolean }[];
  ratioStreet: number;
  ratioCommunity: number;
}

const timing = (label: string, xs: number[]): Timing => ({
  label,
  runs: xs.length,
  median: median(xs),
  p95: percentile(xs, 95),
  min: Math.min(...xs),
});

/** Records the SQL (with parameters) of every query run through the wrapped Kysely instance. */
class Capture implements KyselyPlugin {
  readonly queries: { node: RootOperationNode; queryId: PluginTransformQueryArgs['queryId'] }[] = [];
  on = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.on) this.queries.push({ node: args.node, queryId: args.queryId });
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

export async function runRanking(opts: {
  dialect: Dialect;
  databaseUrl?: string;
  rows: number;
  runs: number;
  log: (s: string) => void;
}): Promise<RankingResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-ranking-'));
  const url = opts.databaseUrl ?? '';
  let database: Database | null = null;
  try {
    await prepareStore({ dataDir, databaseUrl: url });
    let units: Unit[];
    {
      const d = openDatabase({ url, dataDir });
      units = (await d.db
        .selectFrom('units')
        .select(['id', 'kind', 'name', 'street_code', 'community_code', 'lat', 'lng'])
        .execute()) as Unit[];
      await d.close();
    }
    const gen = new RequestGenerator(units);
    {
      // The load bypasses foreign-key checks; make sure every reference exists.
      const refs = gen.references();
      const d = openDatabase({ url, dataDir });
      const cats = new Set((await d.db.selectFrom('categories').select('code').execute()).map((c) => c.code));
      await d.close();
      const ids = new Set(units.map((u) => u.id));
      const missing = [...refs.categories.filter((c) => !cats.has(c)), ...refs.units.filter((u) => !ids.has(u))];
      if (missing.length) throw new Error(`generated rows would reference missing rows: ${missing.join(', ')}`);
    }
    const columns = Object.keys(new RequestGenerator(units, 1).row(0, 1));
    const t0 = Date.now();
    let lastLog = 0;
    const progress = (done: number) => {
      if (Date.now() - lastLog < 10_000 && done < opts.rows) return;
      lastLog = Date.now();
      opts.log(
        `  loaded ${done.toLocaleString('en')} / ${opts.rows.toLocaleString('en')} rows (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
    };
    const row = (i: number) => gen.row(i, opts.rows);
    if (opts.dialect === 'sqlite') await loadSqlite(path.join(dataDir, 'lianxin.db'), columns, opts.rows, row, progress);
    else await loadPostgres(url, columns, opts.rows, row, progress);
    const buildSeconds = (Date.now() - t0) / 1000;
    opts.log(
      `  built ${opts.rows.toLocaleString('en')} rows in ${gen.communityCount} communities in ${buildSeconds.toFixed(0)} s (indexes and statistics included)`,
    );

    database = openDatabase({ url, dataDir });
    const capture = new Capture();
    const captured: Database = { ...database, db: database.db.withPlugin(capture) };
    const config = loadConfig({}, { dataDir, databaseUrl: url, webDir: null, sweepIntervalSeconds: 0, logLevel: 'silent' });
    const s = buildServices(config, captured, systemClock);
    const district = await s.org.root();
    if (!district) throw new Error('district missing');
    // The 区指挥中心 looking at the whole district: the usual reader of the monthly ranking.
    const admin: Actor = { kind: 'user', userId: 'bench-admin', role: 'district_admin', name: 'bench', unit: s.org.toScope(district) };
    const db = database.db;

    const monthFollowUps = Number(
      (
        await db
          .selectFrom('requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('period_month', '=', RANK_MONTH)
          .executeTakeFirstOrThrow()
      ).n,
    );

    // The ranking's SQL, as the service runs it, and its plans.
    capture.on = true;
    const check = await s.measures.ranking(admin, 'street', RANK_MONTH);
    await s.measures.ranking(admin, 'community', RANK_MONTH);
    capture.on = false;
    if (check.rows.length === 0 || check.rows.every((r) => r.counts.valid === 0))
      throw new Error('the ranking is empty: the generated data does not match');
    const compiled = capture.queries
      .map((q) => db.getExecutor().compileQuery(q.node, q.queryId))
      .filter((c) => /from "requests"/.test(c.sql));
    const plans: RankingResult['plans'] = [];
    for (const c of compiled) {
      let plan: string[];
      if (opts.dialect === 'sqlite') {
        const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
        plan = r.rows.map((x) => x.detail);
      } else {
        const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]));
        plan = r.rows.map((x) => x['QUERY PLAN']);
      }
      const text = plan.join('\n');
      const usesIndex = (name: string) =>
        opts.dialect === 'sqlite'
          ? new RegExp(`COVERING INDEX ${name}\\b`).test(text)
          : new RegExp(`Index Only Scan using ${name}\\b`).test(text);
      const index = /period_month/.test(c.sql) ? 'requests_period' : 'requests_created_month';
      plans.push({ sql: c.sql, plan, covering: usesIndex(index) });
    }

    const timings: Timing[] = [];
    const street = await timeRuns(() => s.measures.ranking(admin, 'street', RANK_MONTH), opts.runs);
    timings.push(timing('ranking, street level (MeasuresService.ranking)', street));
    const community = await timeRuns(() => s.measures.ranking(admin, 'community', RANK_MONTH), opts.runs);
    timings.push(timing('ranking, community level (MeasuresService.ranking)', community));
    const count = await timeRuns(
      () =>
        db
          .selectFrom('requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('period_month', '=', RANK_MONTH)
          .executeTakeFirstOrThrow(),
      opts.runs,
    );
    timings.push(timing('baseline: count(*) of the month', count));
    // The community-level follow-up aggregation of the ranking, with the indexes switched off.
    const followUps = compiled.find((c) => /period_month/.test(c.sql) && /community_code/.test(c.sql));
    if (followUps) {
      const noIndex =
        opts.dialect === 'sqlite'
          ? () =>
              db.executeQuery(
                CompiledQuery.raw(followUps.sql.replace('from "requests"', 'from "requests" not indexed'), [...followUps.parameters]),
              )
          : () =>
              db.transaction().execute(async (trx) => {
                for (const k of ['enable_indexscan', 'enable_indexonlyscan', 'enable_bitmapscan'])
                  await trx.executeQuery(CompiledQuery.raw(`set local ${k} = off`));
                return trx.executeQuery(CompiledQuery.raw(followUps.sql, [...followUps.parameters]));
              });
      const xs = await timeRuns(noIndex, Math.min(3, opts.runs), 1);
      timings.push(timing('reference: the same aggregation without the index (table scan)', xs));
    }
    const countMedian = median(count);
    return {
      dialect: opts.dialect,
      rows: opts.rows,
      communities: gen.communityCount,
      month: RANK_MONTH,
      monthFollowUps,
      buildSeconds,
      timings,
      plans,
      ratioStreet: median(street) / countMedian,
      ratioCommunity: median(community) / countMedian,
    };
  } finally {
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function describeTiming(t: Timing): string[] {
  return [t.label, String(t.runs), fmt(t.median), fmt(t.p95), fmt(t.min)];
}
