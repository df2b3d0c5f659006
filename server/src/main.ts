import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureBaseline } from './seed/baseline.js';
import { type DemoOptions, seedDemo } from './seed/demo.js';

/** Starts Lianxin: migrate, install the baseline (and the demo set if asked), listen, run the jobs (the overdue sweep among them). */
export async function serve(config: Config = loadConfig(), opts: { demo?: boolean; demoOptions?: DemoOptions } = {}) {
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  const app = await buildApp(config, database, systemClock);
  if (opts.demo) await seedDemo(app.services, opts.demoOptions);
  else await ensureBaseline(app.services);
  const stopJobs = app.services.jobs.start(config.jobTickSeconds, (e) => app.server.log.error(e));
  await app.server.listen({ port: config.port, host: config.host });
  const close = async () => {
    stopJobs();
    await app.server.close();
    await database.close();
  };
  return { app, close, url: `http://${config.host}:${(app.server.server.address() as { port: number }).port}` };
}
