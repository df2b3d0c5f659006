import type { Kysely } from 'kysely';
import type { DB, HolidayTable } from '../../db/schema.js';

export class CalendarRepository {
  constructor(private readonly db: Kysely<DB>) {}

  all(db: Kysely<DB> = this.db): Promise<HolidayTable[]> {
    return db.selectFrom('holidays').selectAll().orderBy('date').execute();
  }

  year(year: number): Promise<HolidayTable[]> {
    return this.db
      .selectFrom('holidays')
      .selectAll()
      .where('date', '>=', `${year}-01-01`)
      .where('date', '<=', `${year}-12-31`)
      .orderBy('date')
      .execute();
  }

  async upsert(db: Kysely<DB>, day: HolidayTable): Promise<void> {
    await db
      .insertInto('holidays')
      .values(day)
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind: day.kind, name: day.name }))
      .execute();
  }

  async remove(db: Kysely<DB>, date: string): Promise<boolean> {
    const r = await db.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
