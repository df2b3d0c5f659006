import { afterAll, beforeAll } from 'vitest';
import { type App, buildApp } from '../app.js';
import { FixedClock } from '../clock.js';
import { type Config, loadConfig } from '../config.js';
import type { Database, Dialect } from '../db/database.js';
import { seedDemo } from '../seed/demo.js';
import { Factories } from './factories.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

/** 2026-03-10 10:00 China time, a Tuesday with no holiday nearby. */
export const T0 = '2026-03-10T02:00:00.000Z';

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

/**
 * Rate limits are off unless a test asks for them (`{ rateLimitEnabled: true }`): the other suites
 * send thousands of calls from one address on purpose.
 */
export async function startTestApp(dialect: Dialect, clock = new FixedClock(T0), overrides: Partial<Config> = {}): Promise<TestContext> {
  const db = await createTestDatabase(dialect);
  const database = db.open();
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      databaseUrl: db.url,
      webDir: null,
      sweepIntervalSeconds: 0,
      logLevel: 'silent',
      rateLimitEnabled: false,
      ...overrides,
    },
  );
  const app = await buildApp(config, database, clock);
  // The real divisions, departments, categories, calendar, demo grids and one account per role; no requests.
  await seedDemo(app.services, { requests: 0 });
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
export function useTestApp(dialect: Dialect, overrides: Partial<Config> = {}): () => TestContext {
  let ctx: TestContext | null = null;
  beforeAll(async () => {
    ctx = await startTestApp(dialect, new FixedClock(T0), overrides);
  }, 60_000);
  afterAll(async () => {
    await (ctx as (TestContext & { close(): Promise<void> }) | null)?.close();
  });
  return () => {
    if (!ctx) throw new Error('test app not started');
    return ctx;
  };
}
