import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Reference data kept in process memory (the org tree, categories, places, the calendar) that
 * no instance may serve stale. Every write sets a new value of `key` in the `settings` table
 * inside its own transaction (`bump`); each read compares that value (one primary-key lookup)
 * with the one its copy was loaded under and reloads when they differ, so an edit made on one
 * instance counts at once on all. `maxAgeMs` only bounds how long a copy lives regardless.
 *
 * The hot paths (request intake) read several of these per call, many calls per turn of the event
 * loop: the version is asked once per turn (the calls of one turn share the answer), so an edit
 * made elsewhere counts from the next turn — not a second later, and no copy waits for a timer.
 */
export class VersionedCache<T> {
  private held: { at: number; version: string | null; value: T } | null = null;
  /** Set while the version read in this turn of the event loop stands (cleared by setImmediate). */
  private checkedThisTurn = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly key: string,
    private readonly maxAgeMs: number,
    private readonly load: (db: Kysely<DB>) => Promise<T>,
  ) {}

  /** Pass the transaction when called inside one (the embedded SQLite has one connection). */
  async get(db: Kysely<DB> = this.db): Promise<T> {
    if (this.checkedThisTurn && this.held) return this.held.value;
    const row = await db.selectFrom('settings').select('value').where('key', '=', this.key).executeTakeFirst();
    const version = row?.value ?? null;
    this.markChecked();
    const held = this.held;
    if (held && held.version === version && Date.now() - held.at < this.maxAgeMs) return held.value;
    const value = await this.load(db);
    this.held = { at: Date.now(), version, value };
    return value;
  }

  private markChecked(): void {
    if (this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => {
      this.checkedThisTurn = false;
    });
  }

  /** The copy as last loaded, without asking the database (null before the first load). */
  peek(): T | null {
    return this.held?.value ?? null;
  }

  /** Marks the data changed for every instance; call inside the writing transaction. */
  async bump(db: Kysely<DB>): Promise<void> {
    const value = randomUUID();
    await db
      .insertInto('settings')
      .values({ key: this.key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    this.held = null;
  }

  /** Drops this instance's copy (tests that write rows directly, then read). */
  drop(): void {
    this.held = null;
  }
}
