import { afterAll, beforeAll } from 'vitest';
import { type App, buildApp } from '../app.js';
import { FixedClock } from '../clock.js';
import type { Database, Dialect } from '../db/database.js';
import { Factories } from './factories.js';
import { T0, testConfig } from './template.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export { T0 } from './template.js';

export interface TestContext {
  dialect: Dialect;
  app: App;
  clock: FixedClock;
  db: TestDatabase;
  database: Database;
  f: Factories;
  /** A second, independent app instance on the same database (its own connections). */
  second(): Promise<App>;
}

export async function startTestApp(dialect: Dialect, clock = new FixedClock(T0)): Promise<TestContext> {
  // The real divisions, departments, categories, calendar, demo grids and one account per role; no
  // requests: a copy of the run's template (test/pg-global-setup.ts seeds it once, as below).
  const db = await createTestDatabase(dialect, { seeded: true });
  const database = db.open();
  const config = testConfig(db.dataDir, db.url);
  const app = await buildApp(config, database, clock);
  const others: { app: App; database: Database }[] = [];
  const ctx: TestContext = {
    dialect,
    app,
    clock,
    db,
    database,
    f: new Factories(app, clock),
    async second() {
      const d = db.open();
      const a = await buildApp(config, d, clock);
      others.push({ app: a, database: d });
      return a;
    },
  };
  (ctx as TestContext & { close(): Promise<void> }).close = async () => {
    for (const o of others) {
      await o.app.server.close();
      await o.database.close();
    }
    await app.server.close();
    await database.close();
    await db.drop();
  };
  return ctx;
}

/** beforeAll/afterAll wiring: a fresh app on a fresh database per describe block. */
export function useTestApp(dialect: Dialect): () => TestContext {
  let ctx: TestContext | null = null;
  beforeAll(async () => {
    ctx = await startTestApp(dialect);
  }, 60_000);
  afterAll(async () => {
    await (ctx as (TestContext & { close(): Promise<void> }) | null)?.close();
  });
  return () => {
    if (!ctx) throw new Error('test app not started');
    return ctx;
  };
}
