import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/test-db.js';
import type { Database } from './database.js';
import { PreparedInserts } from './prepared-inserts.js';

describe.each(DIALECTS)('prepared inserts (%s)', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    database = tdb.open();
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
    await inserts.insert(database.db, 'settings', [{ key: 'r.1', value: sql<string>`${'计'} || ${'算'}` as unknown as string }]);
    await inserts.insert(database.db, 'settings', []); // nothing to write: no statement, no error
    expect(await settings('r.')).toEqual([['r.1', '计算']]);
  });
});
