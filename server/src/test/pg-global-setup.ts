/**
 * Vitest global setup: a throw-away PostgreSQL cluster for the whole run, so that every
 * repository and integration test runs on PostgreSQL as well as SQLite. Uses LIANXIN_TEST_PG_URL
 * when given (an admin URL); otherwise starts Debian's PostgreSQL with initdb/pg_ctl as the
 * postgres user. If neither works the run fails: no test is skipped silently.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { pgBin as pgBinary } from '../db/pg-binaries.js';
import { postgresTemplate, sqliteTemplate } from './template.js';

let dataDir: string | null = null;
let runAs: string[] = [];

const pgBin = (name: string) => pgBinary(name, "install Debian's postgresql package (.ci/run does) or set LIANXIN_TEST_PG_URL");

function run(cmd: string, args: string[]): string {
  return execFileSync(runAs.length ? runAs[0]! : cmd, runAs.length ? [...runAs.slice(1), cmd, ...args] : args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The template databases every test app copies (test/template.ts): built once per run. */
async function templates(project: TestProject, adminUrl: string): Promise<() => Promise<void>> {
  const [lite, pgTpl] = await Promise.all([sqliteTemplate(), postgresTemplate(adminUrl)]);
  project.provide('sqliteTemplate', lite.file);
  project.provide('pgTemplate', pgTpl.name);
  return async () => {
    lite.drop();
    await pgTpl.drop().catch(() => undefined);
  };
}

export default async function setup(project: TestProject) {
  if (process.env.LIANXIN_TEST_PG_URL) {
    project.provide('pgAdminUrl', process.env.LIANXIN_TEST_PG_URL);
    return templates(project, process.env.LIANXIN_TEST_PG_URL);
  }
  // PostgreSQL refuses to run as root; run it as the postgres user, in a folder that user can reach.
  if (process.getuid?.() === 0) runAs = ['runuser', '-u', 'postgres', '--'];
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-pg-'));
  fs.chmodSync(dataDir, 0o777);
  const cluster = path.join(dataDir, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  run(pgBin('initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  run(pgBin('pg_ctl'), [
    '-D',
    cluster,
    '-l',
    path.join(dataDir, 'pg.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    'start',
  ]);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  project.provide('pgAdminUrl', adminUrl);
  const dropTemplates = await templates(project, adminUrl);
  return async () => {
    await dropTemplates();
    if (!dataDir) return;
    try {
      run(pgBin('pg_ctl'), ['-D', cluster, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** The run's seeded SQLite template file and PostgreSQL template database (test/template.ts). */
    sqliteTemplate: string;
    pgTemplate: string;
  }
}
