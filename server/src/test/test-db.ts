import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, type Dialect, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  dialect: Dialect;
  /** URL to open further connections (a second app instance) to the same database. */
  url: string;
  dataDir: string;
  open(poolSize?: number): Database;
  drop(): Promise<void>;
}

/**
 * A fresh database of the given dialect (SQLite file or a new PostgreSQL database): migrated and
 * empty, or — `seeded` — a copy of the run's template (migrated, baseline and demo accounts, no
 * requests), made once per run by the global setup: a file copy on SQLite, `CREATE DATABASE …
 * TEMPLATE` on PostgreSQL, instead of migrating and seeding again for every test file.
 */
export async function createTestDatabase(dialect: Dialect, opts: { seeded?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-test-'));
  let url: string;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const file = path.join(dataDir, 'test.db');
    url = `sqlite:${file}`;
    if (opts.seeded) fs.copyFileSync(inject('sqliteTemplate'), file);
    drop = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  } else {
    const admin = inject('pgAdminUrl');
    const name = `lx_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(opts.seeded ? `CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}` : `CREATE DATABASE ${name}`);
    await client.end();
    url = admin.replace(/\/[^/]*$/, `/${name}`);
    drop = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  if (!opts.seeded) {
    const first = openDatabase({ url, dataDir });
    await migrateToLatest(first);
    await first.close();
  }
  return { dialect, url, dataDir, open: (poolSize) => openDatabase({ url, dataDir, poolSize }), drop };
}
