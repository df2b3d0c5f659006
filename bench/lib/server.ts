/**
 * The real server as a child process (`node bin/lianxin.mjs serve`), on a prepared database:
 * the baseline (real divisions, departments, categories, calendar) plus the demo grids and
 * accounts, and no requests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/src/app.js';
import { systemClock } from '../../server/src/clock.js';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/database.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { seedDemo } from '../../server/src/seed/demo.js';

/**
 * Benchmarks measure the engine, not abuse protection: rate limits are off (LIANXIN_RATE_LIMIT=off)
 * unless the run sets LIANXIN_RATE_LIMIT=on (then raise the limits too, e.g. LIANXIN_RATE_INTAKE=1000000,1000000/60,
 * to measure what the counters cost). Every report prints which it used.
 */
export const RATE_LIMIT: 'on' | 'off' = process.env.LIANXIN_RATE_LIMIT === 'on' ? 'on' : 'off';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Grid {
  id: string;
  lat: number;
  lng: number;
}

/** Migrates and seeds the store; returns the grids (with their centres) that intake can aim at. */
export async function prepareStore(store: { dataDir: string; databaseUrl: string }): Promise<Grid[]> {
  const database = openDatabase({ url: store.databaseUrl, dataDir: store.dataDir });
  try {
    await migrateToLatest(database);
    const config = loadConfig(
      { LIANXIN_RATE_LIMIT: RATE_LIMIT },
      { dataDir: store.dataDir, databaseUrl: store.databaseUrl, webDir: null, sweepIntervalSeconds: 0, logLevel: 'silent' },
    );
    const app = await buildApp(config, database, systemClock);
    await seedDemo(app.services, { requests: 0 });
    const units = await app.services.org.list();
    await app.server.close();
    return units
      .filter((u) => u.kind === 'grid' && u.lat !== null && u.lng !== null)
      .map((u) => ({ id: u.id, lat: u.lat as number, lng: u.lng as number }));
  } finally {
    await database.close();
  }
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Graceful stop (SIGTERM), waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `lianxin serve` on a free port and resolves once it prints its address. */
export function startServer(env: Record<string, string>, opts: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(ROOT, 'bin/lianxin.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LIANXIN_SWEEP_SECONDS: '0',
      LIANXIN_WEB_DIR: '',
      LIANXIN_RATE_LIMIT: RATE_LIMIT,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time\n${out}\n${err}`));
    }, opts.timeoutMs ?? 60_000);
    const early = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening\n${out}\n${err}`));
    };
    child.once('exit', early);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/running at (http:\/\/\S+)/);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      resolve({
        url: m[1] as string,
        child,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(t);
        },
      });
    });
  });
}
