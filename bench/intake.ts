/**
 * (a) Request intake over HTTP under concurrent load. The real server runs as a child process;
 * this process only drives it with autocannon: POST /api/requests (a point inside a demo grid,
 * a grid-handled category so that the request is routed by location and dispatched
 * automatically: 1 request row + 2 timeline events + counter + idempotency key), and the same
 * load against POST /api/_bench/baseline (same body and zod schema, one plain INSERT).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEMO_TEXTS } from '../server/src/seed/demo-texts.js';
import { cpuSeconds, treeCpuSeconds } from './lib/cpu.js';
import { type Grid, prepareStore, ROOT, startServer } from './lib/server.js';
import { prng } from './lib/stats.js';

/** Categories handled by the grid: routed by the point, dispatched to the grid on intake. */
const GRID_CATEGORIES = ['city_appearance', 'small_ads', 'flying_wire', 'fire_lane', 'wall_damage'];

export interface LoadResult {
  label: string;
  requests: number;
  durationS: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU milliseconds per successful request: the server process, and PostgreSQL (all backends). */
  serverCpuMs: number | null;
  dbCpuMs: number | null;
}

export interface IntakeResult {
  dialect: 'sqlite' | 'postgres';
  connections: number;
  intake: LoadResult;
  baseline: LoadResult;
  ratio: number;
  rowsAfter?: number;
}

/** A few hundred realistic bodies: a resident's report at a point within ~100 m of a grid centre. */
export function bodies(grids: Grid[], n = 512): string[] {
  const rand = prng(20260310);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = pick(grids);
    const categoryCode = pick(GRID_CATEGORIES);
    out.push(
      JSON.stringify({
        kind: 'problem',
        categoryCode,
        urgency: rand() < 0.1 ? 'urgent' : 'normal',
        description: pick(DEMO_TEXTS[categoryCode] ?? ['小区门口垃圾桶未分类，堆放杂乱']),
        location: { lat: g.lat + (rand() - 0.5) * 0.0015, lng: g.lng + (rand() - 0.5) * 0.0015 },
        address: `${pick(['滨河北路', '龙凤大街', '永宁东路', '朝阳街', '北川河东路'])}${1 + Math.floor(rand() * 200)}号`,
        reporterName: pick(['王阿姨', '李师傅', '赵大爷', '刘女士', '陈先生']),
        reporterPhone: `139358${String(10000 + Math.floor(rand() * 89999))}`,
        anonymous: false,
      }),
    );
  }
  return out;
}

export interface CpuProbe {
  server: () => number | null;
  db: () => number | null;
}

export function load(
  url: string,
  pathName: string,
  payloads: string[],
  connections: number,
  durationS: number,
  label: string,
  cpu: CpuProbe = { server: () => null, db: () => null },
): Promise<LoadResult> {
  const run = randomBytes(4).toString('hex');
  let seq = 0;
  const cpu0 = { server: cpu.server(), db: cpu.db() };
  const perRequest = (before: number | null, after: number | null, n: number) =>
    before === null || after === null || n === 0 ? null : ((after - before) * 1000) / n;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: pathName,
            setupRequest: (req) => {
              const i = seq++;
              return {
                ...req,
                body: payloads[i % payloads.length],
                headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${run}-${i}` },
              };
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const ok = r['2xx'];
        resolve({
          label,
          requests: ok,
          durationS: r.duration,
          rps: ok / r.duration,
          p50: r.latency.p50,
          p90: r.latency.p90,
          p99: r.latency.p99,
          max: r.latency.max,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          serverCpuMs: perRequest(cpu0.server, cpu.server(), ok),
          dbCpuMs: perRequest(cpu0.db, cpu.db(), ok),
        });
      },
    );
    instance.on('error', reject);
  });
}

export async function runIntake(opts: {
  dialect: 'sqlite' | 'postgres';
  databaseUrl?: string;
  durationS: number;
  connections: number;
  profileDir?: string;
  /** The PostgreSQL postmaster, to count the database's CPU as well. */
  postmasterPid?: number | null;
  log: (s: string) => void;
}): Promise<IntakeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-intake-'));
  try {
    const store = { dataDir, databaseUrl: opts.databaseUrl ?? '' };
    const grids = await prepareStore(store);
    const payloads = bodies(grids);
    const server = await startServer(
      { LIANXIN_DATA_DIR: dataDir, DATABASE_URL: store.databaseUrl, LIANXIN_BENCH: '1' },
      opts.profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] } : {},
    );
    try {
      // Sanity check: one request through each endpoint, with the answers we expect.
      for (const [p, want] of [
        ['/api/requests', 'dispatched'],
        ['/api/_bench/baseline', null],
      ] as const) {
        const res = await fetch(`${server.url}${p}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-check-${randomBytes(4).toString('hex')}` },
          body: payloads[0],
        });
        const body = (await res.json()) as { status?: string };
        if (res.status !== 201 || (want && body.status !== want)) throw new Error(`${p} answered ${res.status} ${JSON.stringify(body)}`);
      }
      const warm = Math.max(2, Math.round(opts.durationS / 5));
      opts.log(`  warm-up ${warm} s each, then ${opts.durationS} s each at ${opts.connections} connections`);
      const pid = server.child.pid as number;
      const postmaster = opts.postmasterPid ?? null;
      const cpu: CpuProbe = { server: () => cpuSeconds(pid), db: () => (postmaster ? treeCpuSeconds(postmaster) : null) };
      await load(server.url, '/api/_bench/baseline', payloads, opts.connections, warm, 'warm-up');
      await load(server.url, '/api/requests', payloads, opts.connections, warm, 'warm-up');
      const baseline = await load(server.url, '/api/_bench/baseline', payloads, opts.connections, opts.durationS, 'baseline', cpu);
      const intake = await load(server.url, '/api/requests', payloads, opts.connections, opts.durationS, 'intake', cpu);
      return { dialect: opts.dialect, connections: opts.connections, intake, baseline, ratio: intake.rps / baseline.rps };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export { ROOT };
