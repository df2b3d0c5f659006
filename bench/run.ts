/**
 * `npm run bench` — Lianxin's benchmarks (a benchmark, not a timed test: it prints what it
 * measured, with ratios against baselines measured in the same run; see bench/README.md).
 *
 *   (a) request intake over HTTP under concurrent load, real server in a child process,
 *       autocannon from this process: POST /api/requests vs POST /api/_bench/baseline;
 *   (b) the monthly 三率 ranking over 1,000,000 generated requests, with its query plans.
 *
 * Both on SQLite and on PostgreSQL (a throw-away cluster on loopback).
 *
 * Options:
 *   --quick              smaller run (100,000 requests, 5 s loads, fewer timing runs)
 *   --only intake|ranking
 *   --db sqlite|postgres
 *   --rows N             requests generated for the ranking (default 1,000,000)
 *   --duration S         seconds of load per endpoint (default 10)
 *   --connections N      concurrent connections (default 50)
 *   --runs N             timed runs of each ranking query (default 15)
 *   --profile DIR        write the intake server's CPU profile (.cpuprofile) to DIR
 *   --json FILE          also write the figures as JSON
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type IntakeResult, type LoadResult, runIntake } from './intake.js';
import { type PgCluster, pgVersion, startPgCluster } from './lib/pg.js';
import { RATE_LIMIT } from './lib/server.js';
import { fmt, table } from './lib/stats.js';
import { describeTiming, type RankingResult, runRanking } from './ranking.js';

type Dialect = 'sqlite' | 'postgres';

function parseArgs(argv: string[]) {
  const o = {
    quick: false,
    only: null as 'intake' | 'ranking' | null,
    dbs: ['sqlite', 'postgres'] as Dialect[],
    rows: 0,
    duration: 0,
    connections: 50,
    runs: 0,
    profile: null as string | null,
    json: null as string | null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.includes('=') ? (a.split(/=(.*)/s) as [string, string]) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive integer`);
      return n;
    };
    switch (flag) {
      case '--quick':
        o.quick = true;
        break;
      case '--only': {
        const v = value();
        if (v !== 'intake' && v !== 'ranking') throw new Error('--only intake|ranking');
        o.only = v;
        break;
      }
      case '--db': {
        const v = value();
        if (v !== 'sqlite' && v !== 'postgres') throw new Error('--db sqlite|postgres');
        o.dbs = [v];
        break;
      }
      case '--rows':
        o.rows = int();
        break;
      case '--duration':
        o.duration = int();
        break;
      case '--connections':
        o.connections = int();
        break;
      case '--runs':
        o.runs = int();
        break;
      case '--profile':
        o.profile = path.resolve(value());
        break;
      case '--json':
        o.json = path.resolve(value());
        break;
      case '--help':
      case '-h':
        console.log(
          fs
            .readFileSync(new URL(import.meta.url), 'utf8')
            .match(/\/\*\*([\s\S]*?)\*\//)?.[1]
            ?.replace(/^ \* ?/gm, ''),
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a} (see --help)`);
    }
  }
  o.rows ||= o.quick ? 100_000 : 1_000_000;
  o.duration ||= o.quick ? 5 : 10;
  o.runs ||= o.quick ? 5 : 15;
  return o;
}

const log = (s = '') => console.log(s);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function machine(): string[] {
  const cpus = os.cpus();
  let pgv = 'n/a';
  try {
    pgv = pgVersion();
  } catch {
    // not installed
  }
  const sqlite = new SQLite(':memory:');
  const sqliteVersion = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  sqlite.close();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a checkout
  }
  return [
    `date      ${new Date().toISOString()}`,
    `machine   ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `software  Node ${process.version}, SQLite ${sqliteVersion} (better-sqlite3, WAL, synchronous=NORMAL), ${pgv} (fsync on, synchronous_commit on)`,
    `commit    ${commit || 'n/a'}; load average at start ${load()}`,
    `limits    rate limits ${RATE_LIMIT} (LIANXIN_RATE_LIMIT=${RATE_LIMIT}; benchmarks run with them off unless it is set to on)`,
  ];
}

function loadRow(r: LoadResult): string[] {
  return [
    r.label,
    fmt(r.rps, 0),
    String(r.p50),
    String(r.p90),
    String(r.p99),
    String(r.max),
    String(r.requests),
    `${r.non2xx}/${r.errors}/${r.timeouts}`,
    r.serverCpuMs === null ? 'n/a' : fmt(r.serverCpuMs, 3),
    r.dbCpuMs === null ? '-' : fmt(r.dbCpuMs, 3),
  ];
}

function printIntake(r: IntakeResult): void {
  log(
    table(
      ['endpoint', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', '2xx', 'non2xx/err/timeout', 'server CPU ms/req', 'db CPU ms/req'],
      [loadRow(r.intake), loadRow(r.baseline)],
    ),
  );
  const cpuRatio = r.intake.serverCpuMs && r.baseline.serverCpuMs ? r.baseline.serverCpuMs / r.intake.serverCpuMs : null;
  log(`ratio intake/baseline (req/s): ${fmt(r.ratio, 2)}${cpuRatio ? `; by server CPU per request: ${fmt(cpuRatio, 2)}` : ''}`);
  const aims = [
    `intake ≥ 1,500 req/s: ${r.intake.rps >= 1500 ? 'met' : 'NOT met'} (${fmt(r.intake.rps, 0)})`,
    `p99 < 100 ms: ${r.intake.p99 < 100 ? 'met' : 'NOT met'} (${r.intake.p99} ms)`,
    `ratio ≥ 0.3: ${r.ratio >= 0.3 ? 'met' : 'NOT met'} (${fmt(r.ratio, 2)})`,
  ];
  log(`aims (set for SQLite): ${aims.join('; ')}`);
}

function printRanking(r: RankingResult): void {
  log(
    `data: ${r.rows.toLocaleString('en')} requests in ${r.communities} communities over 12 months; ranked month ${r.month} has ${r.monthFollowUps.toLocaleString('en')} valid follow-ups; built in ${fmt(r.buildSeconds, 0)} s`,
  );
  log('query plans of the ranking (as MeasuresService runs them, district-wide scope):');
  for (const p of r.plans) {
    const what = `${/period_month/.test(p.sql) ? 'follow-ups by period_month' : 'intake by created_month'}, grouped by ${/group by "street_code"/.test(p.sql) ? 'street' : 'community'}`;
    log(`  ${what}: ${p.covering ? 'covering index ✓' : 'NOT index-only ✗'}`);
    for (const line of p.plan) log(`      ${line}`);
  }
  log(table(['query', 'runs', 'median ms', 'p95 ms', 'min ms'], r.timings.map(describeTiming)));
  const street = r.timings[0]?.median ?? Number.NaN;
  const community = r.timings[1]?.median ?? Number.NaN;
  const noIndex = r.timings[3]?.median;
  log(`ratio ranking/count(*): street ${fmt(r.ratioStreet, 1)}×, community ${fmt(r.ratioCommunity, 1)}×`);
  if (noIndex) log(`the covering index makes the aggregation ${fmt(noIndex / Math.max(street, community), 1)}× faster than the table scan`);
  log(
    `aim ranking < 300 ms: ${Math.max(street, community) < 300 ? 'met' : 'NOT met'} (street ${fmt(street)} ms, community ${fmt(community)} ms)`,
  );
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  log('Lianxin benchmark');
  for (const line of machine()) log(line);
  if ((os.loadavg()[0] as number) > os.cpus().length * 0.75)
    log(
      `note: the machine is busy (load ${load()} on ${os.cpus().length} cores); figures will be lower and noisier than on an idle machine`,
    );

  const pg: { cluster: PgCluster | null } = { cluster: null };
  const stop = () => {
    pg.cluster?.stop();
    pg.cluster = null;
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const pgUrl = async (name: string) => {
    pg.cluster ??= startPgCluster();
    return pg.cluster.createDatabase(name);
  };
  const results: { intake: IntakeResult[]; ranking: RankingResult[] } = { intake: [], ranking: [] };
  try {
    if (o.only !== 'ranking') {
      for (const dialect of o.dbs) {
        log();
        log(`== (a) request intake over HTTP, ${dialect}: ${o.connections} connections, ${o.duration} s per endpoint (load ${load()})`);
        const r = await runIntake({
          dialect,
          databaseUrl: dialect === 'postgres' ? await pgUrl('lx_bench_intake') : undefined,
          durationS: o.duration,
          connections: o.connections,
          profileDir: o.profile ? path.join(o.profile, dialect) : undefined,
          postmasterPid: dialect === 'postgres' ? (pg.cluster?.postmasterPid() ?? null) : null,
          log,
        });
        results.intake.push(r);
        printIntake(r);
      }
    }
    if (o.only !== 'intake') {
      for (const dialect of o.dbs) {
        log();
        log(`== (b) monthly 三率 ranking, ${dialect}: ${o.rows.toLocaleString('en')} requests, ${o.runs} warm runs (load ${load()})`);
        const r = await runRanking({
          dialect,
          databaseUrl: dialect === 'postgres' ? await pgUrl('lx_bench_ranking') : undefined,
          rows: o.rows,
          runs: o.runs,
          log,
        });
        results.ranking.push(r);
        printRanking(r);
      }
    }
  } finally {
    stop();
  }
  log();
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s (load average now ${load()})`);
  if (o.json) {
    fs.mkdirSync(path.dirname(o.json), { recursive: true });
    fs.writeFileSync(o.json, `${JSON.stringify({ machine: machine(), options: o, ...results }, null, 2)}\n`);
    log(`figures written to ${o.json}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
