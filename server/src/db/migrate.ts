import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Database } from './database.js';
import * as m0001 from './migrations/0001_platform.js';
import * as m0002 from './migrations/0002_requests.js';
import * as m0003 from './migrations/0003_places.js';
import * as m0004 from './migrations/0004_append_only_truncate.js';
import * as m0005 from './migrations/0005_entities.js';
import * as m0006 from './migrations/0006_rate_limits.js';
import * as m0007 from './migrations/0007_account_security.js';
import * as m0008 from './migrations/0008_open311_public_feeds.js';
import * as m0011 from './migrations/0011_jobs.js';
import * as m0012 from './migrations/0012_service_records.js';
import * as m0013 from './migrations/0013_notices.js';
import * as m0014 from './migrations/0014_wishes.js';
import * as m0015 from './migrations/0015_drives.js';
import * as m0016 from './migrations/0016_inspections.js';

/** Every migration, in order. Feature modules append theirs here. */
const ALL: Record<string, { up: (db: Kysely<any>, dialect: Database['dialect']) => Promise<void> }> = {
  '0001_platform': m0001,
  '0002_requests': m0002,
  '0003_places': m0003,
  '0004_append_only_truncate': m0004,
  '0005_entities': m0005,
  '0006_rate_limits': m0006,
  '0007_account_security': m0007,
  '0008_open311_public_feeds': m0008,
  '0011_jobs': m0011,
  '0012_service_records': m0012,
  '0013_notices': m0013,
  '0014_wishes': m0014,
  '0015_drives': m0015,
  '0016_inspections': m0016,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Database['dialect']) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(ALL)) out[name] = { up: (db) => m.up(db, this.dialect) };
    return out;
  }
}

/** Runs pending migrations; safe to call from several instances at once (Kysely takes a lock). */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new StaticProvider(database.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
