import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { type Config, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { every } from './jobs/every.js';
import { scheduleSweep } from './jobs/overdue-sweep.js';
import { sweepUploads } from './jobs/upload-sweep.js';
import { uploadsDir } from './modules/uploads/uploads.service.js';
import { ensureBaseline } from './seed/baseline.js';
import { type DemoOptions, seedDemo } from './seed/demo.js';

/** Starts Lianxin: migrate, install the baseline (and the demo set if asked), listen, run the sweeps. */
export async function serve(config: Config = loadConfig(), opts: { demo?: boolean; demoOptions?: DemoOptions } = {}) {
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  const app = await buildApp(config, database, systemClock);
  if (opts.demo) await seedDemo(app.services, opts.demoOptions);
  else await ensureBaseline(app.services);
  const log = (e: unknown) => app.server.log.error(e);
  const stopSweep = scheduleSweep(database.db, systemClock, config.sweepIntervalSeconds, log);
  // Housekeeping every 15 minutes (off with the sweeps): expired unattached photos, ended rate-limit windows.
  const stopHousekeeping = every(
    config.sweepIntervalSeconds > 0 ? 900 : 0,
    async () => {
      if (config.uploadTtlHours > 0) await sweepUploads(database.db, systemClock, uploadsDir(config.dataDir), config.uploadTtlHours);
      await app.services.rateLimiter.prune();
    },
    log,
  );
  await app.server.listen({ port: config.port, host: config.host });
  const close = async () => {
    stopSweep();
    stopHousekeeping();
    await app.server.close();
    await database.close();
  };
  return { app, close, url: `http://${config.host}:${(app.server.server.address() as { port: number }).port}` };
}
