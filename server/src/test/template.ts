/**
 * The run's template database: migrated, with the baseline (real divisions, departments,
 * categories, calendar) and the demo grids and accounts, no requests. The global setup builds it
 * once per run on each dialect; every test app starts from a copy (test-db.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../app.js';
import { FixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemo } from '../seed/demo.js';

/** 2026-03-10 10:00 China time, a Tuesday with no holiday nearby. */
export const T0 = '2026-03-10T02:00:00.000Z';

/** Rate limits are off: the suites send thousands of calls from one address; the rate-limit tests turn them on. */
export const testConfig = (dataDir: string, databaseUrl: string) =>
  loadConfig(
    {},
    {
      dataDir,
      databaseUrl,
      webDir: null,
      sweepIntervalSeconds: 0,
      jobTickSeconds: 0,
      logLevel: 'silent',
      rateLimitEnabled: false,
      checkResponses: true,
    },
  );

async function seed(url: string, dataDir: string): Promise<void> {
  const database = openDatabase({ url, dataDir });
  try {
    await migrateToLatest(database);
    const app = await buildApp(testConfig(dataDir, url), database, new FixedClock(T0));
    await seedDemo(app.services, { requests: 0 });
    await app.server.close();
    if (database.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
  } finally {
    await database.close();
  }
}

/** Builds the SQLite template file; returns its path and a cleanup. */
export async function sqliteTemplate(): Promise<{ file: string; drop(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-template-'));
  const file = path.join(dir, 'template.db');
  await seed(`sqlite:${file}`, dir);
  return { file, drop: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Builds the PostgreSQL template database next to `adminUrl`'s; returns its name and a cleanup. */
export async function postgresTemplate(adminUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `lx_template_${Date.now().toString(36)}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-template-'));
  try {
    await seed(adminUrl.replace(/\/[^/]*$/, `/${name}`), dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
