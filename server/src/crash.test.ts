/**
 * Crash safety of intake, with the real server as a child process (`node bin/lianxin.mjs serve`):
 * several clients stream submissions, the process is SIGKILLed in the middle of it, restarted on
 * the same data, and then:
 * - every request acknowledged with 201 is there, with its whole timeline (create + the
 *   automatic dispatch), served by the restarted server;
 * - no request exists without its timeline, and no half-written intake is left anywhere;
 * - the submissions that were in flight at the kill can be retried with their Idempotency-Key:
 *   each ends with exactly one request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import { type Dialect, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureBaseline } from './seed/baseline.js';
import { createTestDatabase, DIALECTS } from './test/test-db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENTS = 6;
const PASSWORD = 'Crash-test-2026';
/** Kill once this many requests have been acknowledged (the clients keep others in flight). */
const KILL_AFTER = 60;

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

const children = new Set<ChildProcess>();

/** A load of intakes from one address: rate limits off, as for the benchmarks. */
function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/lianxin.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      LIANXIN_SWEEP_SECONDS: '0',
      LIANXIN_WEB_DIR: '',
      LIANXIN_RATE_LIMIT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start\n${out}\n${err}`)), 20_000);
    void exited.then(() => reject(new Error(`server exited before listening\n${out}\n${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/running at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1] as string, child, exited });
      }
    });
  });
}

/** Real communities of 离石区: 交通路 and 东关 (滨河街道), 凤山底 (凤山街道), 马茂庄 (莲花池街道). */
const COMMUNITIES = ['141102001002', '141102001001', '141102002001', '141102003001'];

/** A report in a grid-handled category: routed to the community and dispatched to it on intake. */
function body(i: number) {
  return JSON.stringify({
    kind: 'problem',
    categoryCode: ['city_appearance', 'small_ads', 'flying_wire', 'wall_damage'][i % 4],
    description: `楼道堆放杂物，影响通行（第${i}次反映）`,
    communityCode: COMMUNITIES[i % COMMUNITIES.length],
    address: `滨河北路${1 + (i % 200)}号`,
    reporterName: '王阿姨',
    reporterPhone: '13935812345',
  });
}

async function submit(url: string, key: string, payload: string): Promise<{ status: number; id?: string; replayed?: boolean }> {
  const res = await fetch(`${url}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: payload,
  });
  const json = (await res.json()) as { id?: string; replayed?: boolean };
  return { status: res.status, id: json.id, replayed: json.replayed };
}

/** A fresh store: a new data folder for SQLite (the server's default file in it), a new PostgreSQL database. */
async function freshStore(dialect: Dialect): Promise<{ env: Record<string, string>; dataDir: string; drop(): Promise<void> }> {
  if (dialect === 'postgres') {
    const db = await createTestDatabase('postgres');
    return { env: { LIANXIN_DATA_DIR: db.dataDir, DATABASE_URL: db.url }, dataDir: db.dataDir, drop: () => db.drop() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-crash-'));
  return {
    env: { LIANXIN_DATA_DIR: dataDir, DATABASE_URL: '' },
    dataDir,
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

describe.each(DIALECTS)('intake survives SIGKILL of the server on %s', (dialect: Dialect) => {
  let store: Awaited<ReturnType<typeof freshStore>> | null = null;

  afterEach(async () => {
    for (const c of children) c.kill('SIGKILL');
    await store?.drop();
    store = null;
  });

  it('keeps every acknowledged request with its timeline, and nothing half-written', { timeout: 30_000 }, async () => {
    // A fresh database: a new SQLite file, or a new PostgreSQL database.
    store = await freshStore(dialect);
    const { env, dataDir } = store;
    const open = () => openDatabase({ url: env.DATABASE_URL, dataDir });
    {
      // The baseline (real divisions, categories, calendar) and one command-centre account.
      const database = open();
      await migrateToLatest(database);
      const config = loadConfig({}, { dataDir, databaseUrl: env.DATABASE_URL, webDir: null, sweepIntervalSeconds: 0, logLevel: 'silent' });
      const app = await buildApp(config, database, systemClock);
      await ensureBaseline(app.services);
      for (const c of COMMUNITIES) expect((await app.services.org.get(c))?.kind).toBe('community');
      await app.services.auth.createUser(
        { kind: 'system', job: 'test' },
        {
          username: 'admin',
          displayName: '区指挥中心',
          role: 'district_admin',
          unitId: config.districtCodes[0] as string,
          phone: null,
          password: PASSWORD,
        },
      );
      await app.server.close();
      await database.close();
    }

    // Stream submissions from several clients until the kill.
    const first = await startServer(env);
    const run = randomBytes(4).toString('hex');
    const acked = new Map<string, string>(); // Idempotency-Key → request id
    const inFlight = new Map<string, string>(); // Idempotency-Key → body, sent and not acknowledged
    let seq = 0;
    let killed = false;
    let failure: unknown = null;
    const client = async () => {
      while (!killed) {
        const i = seq++;
        const key = `crash-${run}-${i}`;
        const payload = body(i);
        inFlight.set(key, payload);
        try {
          const r = await submit(first.url, key, payload);
          if (r.status !== 201 || !r.id) throw new Error(`intake answered ${r.status}`);
          acked.set(key, r.id);
          inFlight.delete(key);
        } catch (e) {
          if (!killed) throw e;
          return; // the server died under this request: it stays in flight
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, () =>
      client().catch((e: unknown) => {
        failure = e;
      }),
    );
    const deadline = Date.now() + 15_000;
    while (acked.size < KILL_AFTER && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    // Freeze the server first: with group commit a whole batch is answered at once, so at a given
    // moment none may be outstanding. Frozen, it answers nothing more; the clients' next submissions
    // stay unanswered, and the kill lands with work in flight (the ones inside its transaction too).
    first.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 100));
    killed = true;
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(clients);
    if (failure) throw failure;
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(inFlight.size).toBeGreaterThan(0);

    // Restart on the same data.
    const second = await startServer(env);
    try {
      const login = await fetch(`${second.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };

      // Every acknowledged request, as the restarted server shows it.
      for (const id of acked.values()) {
        const r = await fetch(`${second.url}/api/requests/${id}`, { headers: { authorization: `Bearer ${token}` } });
        expect(r.status, `acknowledged request ${id}`).toBe(200);
        const detail = (await r.json()) as { request: { status: string }; timeline: { action: string }[] };
        expect(detail.request.status).toBe('dispatched');
        expect(detail.timeline.map((e) => e.action)).toEqual(['create', 'dispatch']);
      }
      // An acknowledged submission retried after the restart (same key, same body: callers without an
      // account are told apart by what they sent) is answered with the original.
      const [someKey, someId] = [...acked][0] as [string, string];
      const replay = await submit(second.url, someKey, body(Number(someKey.split('-').at(-1))));
      expect(replay).toMatchObject({ status: 200, id: someId, replayed: true });
      // The ones cut off by the kill: a retry with the same key ends with exactly one request each.
      for (const [key, payload] of inFlight) {
        const r = await submit(second.url, key, payload);
        expect([200, 201], `retry of ${key}`).toContain(r.status);
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    // Nothing half-written: every request has its create and, being dispatched, its dispatch;
    // every intake left exactly one idempotency key, and every key points to a request.
    const database = open();
    try {
      const db = database.db;
      const requests = await db.selectFrom('requests').select(['id', 'status']).execute();
      const events = await db
        .selectFrom('timeline')
        .select(['entity_id as request_id', 'action'])
        .where('entity_type', '=', 'request')
        .orderBy('id')
        .execute();
      const keys = await db
        .selectFrom('idempotency')
        .select(['key', 'entity_id as request_id'])
        .where('key', 'like', `crash-${run}-%`)
        .execute();
      const timeline = new Map<string, string[]>();
      for (const e of events) timeline.set(e.request_id, [...(timeline.get(e.request_id) ?? []), e.action]);
      const ids = new Set(requests.map((r) => r.id));
      for (const r of requests) expect(timeline.get(r.id), `timeline of ${r.id}`).toEqual(['create', 'dispatch']);
      for (const id of timeline.keys()) expect(ids.has(id), `events of a missing request ${id}`).toBe(true);
      expect(keys.length).toBe(requests.length);
      expect(new Set(keys.map((k) => k.request_id)).size).toBe(requests.length);
      for (const k of keys) expect(ids.has(k.request_id)).toBe(true);
      for (const [key, id] of acked) expect(keys.find((k) => k.key === key)?.request_id).toBe(id);
      // Every submission, acknowledged or retried, is one request.
      expect(requests.length).toBe(acked.size + inFlight.size);
    } finally {
      await database.close();
    }
  });
});

// Never leave a server behind, whatever happened to the test.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
