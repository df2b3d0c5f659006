import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The version keys of every cache in the process: one query reads them all. */
const KEYS = new Set<string>();
/** The read of this turn of the event loop, per executor (a transaction or the pool). */
const reads = new Map<Kysely<DB>, Promise<Map<string, string>>>();

/**
 * The versions of all caches, read once per turn and executor: the calls of one turn through the
 * same executor (the intakes a group commit shares, the steps of one transaction) share one
 * query, and a cache's version and its data are always read through the same executor.
 */
function versions(db: Kysely<DB>): Promise<Map<string, string>> {
  const shared = reads.get(db);
  if (shared) return shared;
  const read = db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', [...KEYS])
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.key, r.value])));
  reads.set(db, read);
  // ends with the turn; a read made after a bump's clear() in the same turn is not this one's to drop
  setImmediate(() => {
    if (reads.get(db) === read) reads.delete(db);
  });
  return read;
}

/**
 * Reference data kept in process memory (the org tree, categories, places, the calendar) that
 * no instance may serve stale. Every write sets a new value of `key` in the `settings` table
 * inside its own transaction (`bump`); each read compares that value with the one its copy was
 * loaded under and reloads when they differ, so an edit made on one instance counts at once on
 * all. `maxAgeMs` only bounds how long a copy lives regardless. The versions of all caches are
 * read in one query, shared by the calls of one event-loop turn (request intake reads three).
 */
export class VersionedCache<T> {
  private held: { at: number; version: string | null; value: T } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly key: string,
    private readonly maxAgeMs: number,
    private readonly load: (db: Kysely<DB>) => Promise<T>,
  ) {
    KEYS.add(key);
  }

  /** Pass the transaction when called inside one (the embedded SQLite has one connection). */
  async get(db: Kysely<DB> = this.db): Promise<T> {
    const version = (await versions(db)).get(this.key) ?? null;
    const held = this.held;
    if (held && held.version === version && Date.now() - held.at < this.maxAgeMs) return held.value;
    const value = await this.load(db);
    this.held = { at: Date.now(), version, value };
    return value;
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
    // Any read of this turn, through any executor of this process, may predate the write. (On
    // SQLite every query resolves without leaving the turn, so a turn can span a whole request.)
    reads.clear();
  }

  /** Drops this instance's copy (tests that write rows directly, then read). */
  drop(): void {
    this.held = null;
  }
}
