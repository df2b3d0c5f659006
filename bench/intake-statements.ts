/**
 * Where an intake's time goes, statement by statement, in process (no sockets): the real app
 * (buildApp, LIANXIN_BENCH=1) on a fresh SQLite store with the demo grids, driven through
 * Fastify's inject by N concurrent callers; every better-sqlite3 statement is timed by its SQL.
 * Prints, for POST /api/requests and then POST /api/_bench/baseline in the same process: wall and
 * CPU µs per request, the µs per request of each statement, and the ratio intake/baseline.
 *
 *   node bin/run-ts.mjs bench/intake-statements.ts [count=8000] [concurrency=50]
 *   PROFILE=/tmp/intake.cpuprofile node bin/run-ts.mjs bench/intake-statements.ts   # a CPU profile of the intake part instead of timers
 *
 * SQLite only: the embedded database is where the intake aim is set (bench/README.md).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../server/src/app.js';
import { systemClock } from '../server/src/clock.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/database.js';
import { bodies } from './intake.js';
import { prepareStore, RATE_LIMIT } from './lib/server.js';

const N = Number(process.argv[2] ?? 8000);
const CONCURRENCY = Number(process.argv[3] ?? 50);
const profileTo = process.env.PROFILE;

const require = createRequire(import.meta.url);
const SQLite = require('better-sqlite3');
const times = new Map<string, { n: number; ms: number }>();
if (!profileTo) {
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1'));
  probe.close();
  for (const m of ['run', 'all', 'get']) {
    const original = proto[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const key = this.source.replace(/\s+/g, ' ').slice(0, 80);
        const e = times.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t;
        times.set(key, e);
      }
    };
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-stmts-'));
process.env.LIANXIN_BENCH = '1';
const grids = await prepareStore({ dataDir, databaseUrl: '' });
const payloads = bodies(grids);
const database = openDatabase({ url: '', dataDir });
const rateEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LIANXIN_RATE_')));
const config = loadConfig(
  { ...rateEnv, LIANXIN_RATE_LIMIT: RATE_LIMIT },
  { dataDir, databaseUrl: '', webDir: null, sweepIntervalSeconds: 0, logLevel: 'silent' },
);
const app = await buildApp(config, database, systemClock);

let seq = 0;
async function post(url: string) {
  const i = seq++;
  const r = await app.server.inject({
    method: 'POST',
    url,
    payload: payloads[i % payloads.length],
    headers: { 'content-type': 'application/json', 'idempotency-key': `stmts-${String(i).padStart(8, '0')}` },
  });
  if (r.statusCode !== 201) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
}

async function measure(url: string): Promise<number> {
  for (let k = 0; k < 500; k++) await post(url); // warm-up
  times.clear();
  let session: import('node:inspector/promises').Session | null = null;
  if (profileTo && url === '/api/requests') {
    const inspector = await import('node:inspector/promises');
    session = new inspector.Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let k = 0; k < N / CONCURRENCY; k++) await post(url);
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (session && profileTo) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(profileTo, JSON.stringify(profile));
    console.log(`CPU profile of the intake part: ${profileTo}`);
  }
  const us = (x: number) => ((x / N) * 1000).toFixed(1).padStart(7);
  console.log(`\n${url}: ${N} requests, ${CONCURRENCY} concurrent callers, rate limits ${RATE_LIMIT} (LIANXIN_RATE_LIMIT)`);
  console.log(
    `  wall ${us(wall)} µs/request, CPU ${((cpu.user + cpu.system) / N).toFixed(0)} µs/request (system ${(cpu.system / N).toFixed(0)})`,
  );
  let sqliteMs = 0;
  for (const [sqlText, t] of [...times].sort((a, b) => b[1].ms - a[1].ms)) {
    sqliteMs += t.ms;
    console.log(`  ${us(t.ms)} µs/request  ×${(t.n / N).toFixed(2)}  ${sqlText}`);
  }
  if (!profileTo) console.log(`  ${us(sqliteMs)} µs/request in SQLite in all`);
  return wall;
}

const intake = await measure('/api/requests');
const baseline = await measure('/api/_bench/baseline');
console.log(`\nratio intake/baseline (requests per second, in process): ${(baseline / intake).toFixed(2)}`);
await app.server.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
