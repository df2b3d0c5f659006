import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/test-db.js';
import type { Database } from './database.js';
import { PreparedInserts } from './prepared-inserts.js';

describe.each(DIALECTS)('prepared inserts (%s)', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    database = tdb.open();
    await sql`create table pi_probe (id text primary key, n integer, x double precision, t text)`.execute(database.db);
  }, 60_000);
  afterAll(async () => {
    await database.close();
    await tdb.drop();
  });

  const settings = async (prefix: string) =>
    (await database.db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${prefix}%`).orderBy('key').execute()).map(
      (r) => [r.key, r.value],
    );

  it('writes exactly what Kysely would, shape after shape, inside a transaction too', async () => {
    const inserts = new PreparedInserts(database.db);
    await inserts.insert(database.db, 'settings', [{ key: 'p.1', value: '一' }]);
    await inserts.insert(database.db, 'settings', [{ value: '二', key: 'p.2' }]); // same columns, other order: its own shape
    await database.db.transaction().execute(async (trx) => {
      await inserts.insert(trx, 'settings', [
        { key: 'p.3', value: "三'); drop table settings; --" },
        { key: 'p.4', value: '四' },
      ]);
      await inserts.insert(trx, 'settings', [{ key: 'p.5', value: '五' }]); // the first shape again, new values
    });
    expect(await settings('p.')).toEqual([
      ['p.1', '一'],
      ['p.2', '二'],
      ['p.3', "三'); drop table settings; --"],
      ['p.4', '四'],
      ['p.5', '五'],
    ]);
  });

  it('takes the prepared path for plain rows (numbers, nulls, several rows) and writes them in the right columns', async () => {
    const inserts = new PreparedInserts(database.db);
    const rows = [
      { id: 'n1', n: 0, x: 37.52, t: null },
      { id: 'n2', n: null, x: null, t: '零' },
      { id: 'n3', n: -7, x: 0, t: '' },
    ];
    for (const batch of [rows, rows.map((r) => ({ ...r, id: `${r.id}b` }))]) {
      await database.db.transaction().execute(async (trx) => {
        const viaKysely = vi.spyOn(trx, 'insertInto');
        await inserts.insert(trx, 'pi_probe' as 'settings', batch as never);
        expect(viaKysely).not.toHaveBeenCalled();
      });
    }
    const back = await sql<{
      id: string;
      n: number | null;
      x: number | null;
      t: string | null;
    }>`select id, n, x, t from pi_probe order by id`.execute(database.db);
    const expected = [...rows, ...rows.map((r) => ({ ...r, id: `${r.id}b` }))].sort((a, b) => a.id.localeCompare(b.id));
    expect(back.rows.map((r) => ({ ...r, n: r.n === null ? null : Number(r.n), x: r.x === null ? null : Number(r.x) }))).toEqual(expected);
  });

  it('rolls back with its transaction, and a failing insert writes nothing', async () => {
    const inserts = new PreparedInserts(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await inserts.insert(trx, 'settings', [{ key: 'q.1', value: 'a' }]);
        await inserts.insert(trx, 'settings', [{ key: 'q.1', value: 'again' }]); // primary key taken
      }),
    ).rejects.toThrow();
    expect(await settings('q.')).toEqual([]);
  });

  it('hands rows that are not plain (uneven columns, expressions) to Kysely unchanged', async () => {
    const inserts = new PreparedInserts(database.db);
    await database.db.transaction().execute(async (trx) => {
      const viaKysely = vi.spyOn(trx, 'insertInto');
      await inserts.insert(
        trx,
        'pi_probe' as 'settings',
        [
          { id: 'u1', n: 1 },
          { id: 'u2', t: '二' },
        ] as never,
      );
      expect(viaKysely).toHaveBeenCalledTimes(1);
    });
    const uneven = await sql<{
      id: string;
      n: number | null;
      t: string | null;
    }>`select id, n, t from pi_probe where id like 'u%' order by id`.execute(database.db);
    expect(uneven.rows.map((r) => [r.id, r.n === null ? null : Number(r.n), r.t])).toEqual([
      ['u1', 1, null],
      ['u2', null, '二'],
    ]);
    await inserts.insert(database.db, 'settings', [{ key: 'r.1', value: sql<string>`${'计'} || ${'算'}` as unknown as string }]);
    await inserts.insert(database.db, 'settings', []); // nothing to write: no statement, no error
    expect(await settings('r.')).toEqual([['r.1', '计算']]);
  });
});
