/**
 * A throw-away PostgreSQL cluster for the benchmark (the same approach as the test harness,
 * server/src/test/pg-global-setup.ts), but with PostgreSQL's production durability defaults
 * (fsync and synchronous_commit on): the figures should mean something for a deployment.
 * Loopback only. LIANXIN_BENCH_PG_URL (an admin URL) uses an existing server instead.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pgBin as pgBinary } from '../../server/src/db/pg-binaries.js';

export interface PgCluster {
  adminUrl: string;
  /** A new, empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The postmaster's process id (its backends are its children), when the cluster is ours. */
  postmasterPid(): number | null;
  stop(): void;
}

const pgBin = (name: string) => pgBinary(name, "install Debian's postgresql package or set LIANXIN_BENCH_PG_URL");

export function pgVersion(): string {
  try {
    return execFileSync(pgBin('postgres'), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'PostgreSQL (unknown version)';
  }
}

async function createDb(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

export function startPgCluster(): PgCluster {
  if (process.env.LIANXIN_BENCH_PG_URL) {
    const adminUrl = process.env.LIANXIN_BENCH_PG_URL;
    return { adminUrl, createDatabase: (name) => createDb(adminUrl, name), postmasterPid: () => null, stop: () => {} };
  }
  const runAs = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (cmd: string, args: string[]) =>
    execFileSync(runAs.length ? (runAs[0] as string) : cmd, runAs.length ? [...runAs.slice(1), cmd, ...args] : args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-bench-pg-'));
  fs.chmodSync(dir, 0o777);
  const cluster = path.join(dir, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  run(pgBin('initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  run(pgBin('pg_ctl'), [
    '-D',
    cluster,
    '-l',
    path.join(dir, 'pg.log'),
    '-w',
    '-o',
    // Durability stays at the defaults; memory is sized for a small server rather than initdb's 128 MB.
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=1GB -c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=4GB -c effective_cache_size=4GB`,
    'start',
  ]);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(pgBin('pg_ctl'), ['-D', cluster, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const postmasterPid = () => {
    try {
      return Number(fs.readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };
  return { adminUrl, createDatabase: (name) => createDb(adminUrl, name), postmasterPid, stop };
}
