import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/test-db.js';
import type { Database } from './database.js';
import { writeQueue } from './group-commit.js';

class Refused extends Error {}

describe.each(DIALECTS)('write queue (%s)', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  let other: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    database = tdb.open();
    other = tdb.open();
    await sql`create table gc_probe (id text primary key, unit integer not null)`.execute(database.db);
    await sql`create table gc_parent (id text primary key)`.execute(database.db);
    await sql`create table gc_child (id text primary key, parent_id text references gc_parent (id) deferrable initially deferred)`.execute(
      database.db,
    );
  }, 60_000);
  afterAll(async () => {
    await other.close();
    await database.close();
    await tdb.drop();
  });

  const rows = async (db = database) =>
    (await sql<{ id: string }>`select id from gc_probe order by id`.execute(db.db)).rows.map((r) => r.id);

  it('groups on SQLite only (one writer there); PostgreSQL keeps a transaction per unit', () => {
    expect(writeQueue(database.db, dialect).grouped).toBe(dialect === 'sqlite');
  });

  it('units submitted together all commit, and a unit that fails writes nothing and fails alone', async () => {
    await sql`delete from gc_probe`.execute(database.db);
    const queue = writeQueue(database.db, dialect);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        queue.run(async (trx) => {
          const id = i === 6 ? 'a01' : `a${String(i).padStart(2, '0')}`; // unit 6 collides with unit 1
          await sql`insert into gc_probe (id, unit) values (${id}, ${i})`.execute(trx);
          await sql`insert into gc_probe (id, unit) values (${`b${String(i).padStart(2, '0')}`}, ${i})`.execute(trx);
          if (i === 4) throw new Refused('unit 4 changes its mind after writing');
          return i;
        }),
      ),
    );
    // Units 1 and 6 race for the same key: exactly one of them loses (on SQLite the later one in
    // the batch; on PostgreSQL, whose units run in parallel transactions, either).
    const lost = [1, 6].filter((i) => outcomes[i]?.status === 'rejected');
    expect(lost).toHaveLength(1);
    const loser = lost[0] as number;
    if (dialect === 'sqlite') expect(loser).toBe(6);
    expect((outcomes[loser] as PromiseRejectedResult).reason).not.toBeInstanceOf(Refused); // the database's unique violation
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map((_, i) => (i === 4 || i === loser ? 'rejected' : 'fulfilled')));
    expect((outcomes[4] as PromiseRejectedResult).reason).toBeInstanceOf(Refused);
    expect((outcomes[9] as PromiseFulfilledResult<number>).value).toBe(9);
    const kept = [0, 1, 2, 3, 5, 6, 7, 8, 9].filter((i) => i !== loser).map((i) => String(i).padStart(2, '0'));
    // Neither of unit 4's rows, nor the loser's second row; its first row ('a01') is the winner's.
    const a = new Set(['a01', ...kept.filter((i) => i !== '06').map((i) => `a${i}`)]);
    expect(await rows()).toEqual([...[...a].sort(), ...kept.map((i) => `b${i}`)]);
    const owner = await sql<{ unit: number }>`select unit from gc_probe where id = 'a01'`.execute(database.db);
    expect(owner.rows.map((r) => Number(r.unit))).toEqual([loser === 6 ? 1 : 6]);
  });

  it('answers a unit only once its write is committed: another connection already sees it', async () => {
    await sql`delete from gc_probe`.execute(database.db);
    const queue = writeQueue(database.db, dialect);
    const seenByOther = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        queue
          .run((trx) => sql`insert into gc_probe (id, unit) values (${`c${i}`}, ${i})`.execute(trx))
          .then(async () => (await rows(other)).includes(`c${i}`)),
      ),
    );
    expect(seenByOther).toEqual(Array(8).fill(true));
  });

  it('a unit submitted while a batch is being written is written by the next one', async () => {
    await sql`delete from gc_probe`.execute(database.db);
    const queue = writeQueue(database.db, dialect);
    let late: Promise<unknown> | null = null;
    await queue.run(async (trx) => {
      await sql`insert into gc_probe (id, unit) values ('d1', 1)`.execute(trx);
      late = queue.run((t) => sql`insert into gc_probe (id, unit) values ('d2', 2)`.execute(t));
    });
    await late;
    expect(await rows(other)).toEqual(['d1', 'd2']);
  });

  it('a batch larger than its limit is written in several transactions, all committed', async () => {
    await sql`delete from gc_probe`.execute(database.db);
    const queue = writeQueue(database.db, dialect, 3);
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        queue.run(async (trx) => {
          await sql`insert into gc_probe (id, unit) values (${`e${i}`}, ${i})`.execute(trx);
          return i;
        }),
      ),
    );
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await rows(other)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('when COMMIT itself is refused, no unit of that transaction is answered as written', async () => {
    await sql`delete from gc_probe`.execute(database.db);
    const queue = writeQueue(database.db, dialect);
    // Unit 2 leaves a dangling reference that the database checks only at COMMIT.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        queue.run(async (trx) => {
          await sql`insert into gc_probe (id, unit) values (${`f${i}`}, ${i})`.execute(trx);
          if (i === 2) {
            if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
            await sql`insert into gc_child (id, parent_id) values ('orphan', 'nobody')`.execute(trx);
          }
        }),
      ),
    );
    if (dialect === 'sqlite') {
      // One shared transaction: its COMMIT fails, so all four are refused and nothing is written.
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(await rows(other)).toEqual([]);
    } else {
      // A transaction per unit: only unit 2's COMMIT fails.
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(await rows(other)).toEqual(['f0', 'f1', 'f3']);
    }
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/foreign key/i);
    expect((await sql`select id from gc_child`.execute(other.db)).rows).toEqual([]);
  });
});
