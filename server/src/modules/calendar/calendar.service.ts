import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, HolidayTable } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { CalendarRepository } from './calendar.repository.js';
import { type DayKind, WorkingCalendar } from './working-days.js';

/** How long an instance trusts its copy of the calendar at most (a safety net for edits made outside the app). */
const CACHE_MS = 60_000;
/**
 * Every edit writes a new value here in the same transaction; each instance compares it (one
 * key lookup) before using its copy, so a day added on one instance counts at once on all.
 */
const VERSION_KEY = 'calendar.version';

/** Where a year's calendar comes from (public: it names no one; the audit log says who confirmed). */
export interface YearStatus {
  /**
   * official: the shipped file transcribes the State Council's notice. provisional: the shipped
   * file holds only the statutory days (the notice was not available), so 调休 are missing until an
   * admin enters them. confirmed: an admin entered the notice and said so. missing: nothing shipped.
   */
  status: 'official' | 'provisional' | 'confirmed' | 'missing';
  source: string | null;
  confirmedAt?: string;
}

const confirmedKey = (year: number) => `calendar.confirmed.${year}`;

export class CalendarService {
  private readonly repo: CalendarRepository;
  private cached: { at: number; version: string | null; calendar: WorkingCalendar } | null = null;
  private readonly shippedYears = new Map<number, { provisional?: boolean; source: string } | null>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly dataRoot: string,
  ) {
    this.repo = new CalendarRepository(db);
  }

  /** Pass the transaction when called inside one (see OrgService.units). */
  async calendar(db: Kysely<DB> = this.db): Promise<WorkingCalendar> {
    const now = Date.now();
    const version = await this.version(db);
    if (this.cached && this.cached.version === version && now - this.cached.at < CACHE_MS) return this.cached.calendar;
    const rows = await this.repo.all(db);
    const calendar = new WorkingCalendar(new Map(rows.map((r) => [r.date, r.kind as DayKind])));
    this.cached = { at: now, version, calendar };
    return calendar;
  }

  private async version(db: Kysely<DB>): Promise<string | null> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
    return row?.value ?? null;
  }

  private async bumpVersion(db: Kysely<DB>): Promise<void> {
    const value = randomUUID();
    await db
      .insertInto('settings')
      .values({ key: VERSION_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
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
      await this.bumpVersion(trx);
      await this.audit.record(trx, actor, 'calendar.day_set', 'holiday', day.date, day);
    });
    this.cached = null;
  }

  async removeDay(actor: Actor, date: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.remove(trx, date))) throw errors.notFound('该日期的节假日设置', 'Calendar entry');
      await this.bumpVersion(trx);
      await this.audit.record(trx, actor, 'calendar.day_removed', 'holiday', date, null);
    });
    this.cached = null;
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
    await this.bumpVersion(this.db);
    this.cached = null;
    return n;
  }
}
