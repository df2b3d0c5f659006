import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, HolidayTable } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { VersionedCache } from '../../platform/versioned-cache.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { CalendarRepository } from './calendar.repository.js';
import type { YearStatus } from './calendar.responses.js';
import { type DayKind, WorkingCalendar } from './working-days.js';

/** How long an instance trusts its copy of the calendar at most (a safety net for edits made outside the app). */
const CACHE_MS = 60_000;
/**
 * Every edit writes a new value here in the same transaction; each instance compares it (one
 * key lookup) before using its copy, so a day added on one instance counts at once on all.
 */
const VERSION_KEY = 'calendar.version';

export type { YearStatus } from './calendar.responses.js';

const confirmedKey = (year: number) => `calendar.confirmed.${year}`;

export class CalendarService {
  private readonly repo: CalendarRepository;
  private readonly cache: VersionedCache<WorkingCalendar>;
  private readonly shippedYears = new Map<number, { provisional?: boolean; source: string } | null>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly dataRoot: string,
  ) {
    this.repo = new CalendarRepository(db);
    this.cache = new VersionedCache(db, VERSION_KEY, CACHE_MS, async (db) => {
      const rows = await this.repo.all(db);
      return new WorkingCalendar(new Map(rows.map((r) => [r.date, r.kind as DayKind])));
    });
  }

  /** Pass the transaction when called inside one (see OrgService.units). */
  calendar(db: Kysely<DB> = this.db): Promise<WorkingCalendar> {
    return this.cache.get(db);
  }

  year(year: number): Promise<HolidayTable[]> {
    return this.repo.year(year);
  }

  /** Whether a year's days are the official notice, or only the statutory days waiting for it. */
  async status(year: number, db: Kysely<DB> = this.db): Promise<YearStatus> {
    const shipped = this.shipped(year);
    if (shipped && !shipped.provisional) return { status: 'official', source: shipped.source };
    const row = await db.selectFrom('settings').select('value').where('key', '=', confirmedKey(year)).executeTakeFirst();
    if (row) {
      const c = JSON.parse(row.value) as { source: string; at: string };
      return { status: 'confirmed', source: c.source, confirmedAt: c.at };
    }
    return shipped ? { status: 'provisional', source: shipped.source } : { status: 'missing', source: null };
  }

  /**
   * The command centre says a provisional (or unshipped) year now holds the notice's days, entered
   * by hand, naming the notice. An official year needs no confirmation: 409.
   */
  async confirmYear(actor: Actor, year: number, source: string): Promise<YearStatus> {
    const at = this.clock.now().toISOString();
    const value = JSON.stringify({ source, at });
    await this.db.transaction().execute(async (trx) => {
      const before = await this.status(year, trx);
      if (before.status === 'official')
        throw errors.conflict(
          `${year} 年日历已按国务院办公厅通知提供，无需确认`,
          `The ${year} calendar already follows the State Council's notice; nothing to confirm`,
        );
      await trx
        .insertInto('settings')
        .values({ key: confirmedKey(year), value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
      await this.audit.record(trx, actor, 'calendar.year_confirmed', 'calendar_year', String(year), { source, before });
    });
    return { status: 'confirmed', source, confirmedAt: at };
  }

  /** The shipped file's header for a year (files ship with the release: read once per year asked). */
  private shipped(year: number): { provisional?: boolean; source: string } | null {
    if (!this.shippedYears.has(year)) {
      const file = path.join(this.dataRoot, 'holidays', `cn-${year}.json`);
      const doc = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { provisional?: boolean; source: string }) : null;
      this.shippedYears.set(year, doc && { provisional: doc.provisional, source: doc.source });
    }
    return this.shippedYears.get(year) ?? null;
  }

  async setDay(actor: Actor, day: HolidayTable): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.upsert(trx, day);
      await this.cache.bump(trx);
      await this.audit.record(trx, actor, 'calendar.day_set', 'holiday', day.date, day);
    });
  }

  async removeDay(actor: Actor, date: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.remove(trx, date))) throw errors.notFound('该日期的节假日设置', 'Calendar entry');
      await this.cache.bump(trx);
      await this.audit.record(trx, actor, 'calendar.day_removed', 'holiday', date, null);
    });
  }

  /** Loads the shipped calendar files (data/holidays/cn-YYYY.json); existing dates are kept as edited. */
  async loadShipped(): Promise<number> {
    const dir = path.join(this.dataRoot, 'holidays');
    let n = 0;
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => /^cn-\d{4}\.json$/.test(f))
      .sort()) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { days: HolidayTable[] };
      for (const day of doc.days) {
        await this.db
          .insertInto('holidays')
          .values({ date: day.date, kind: day.kind, name: day.name })
          .onConflict((oc) => oc.column('date').doNothing())
          .execute();
        n++;
      }
    }
    await this.cache.bump(this.db);
    return n;
  }
}
