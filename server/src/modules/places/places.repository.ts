import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, PlaceTable, PlaceTypeTable } from '../../db/schema.js';

export type PlaceRow = Selectable<PlaceTable>;
export type PlaceTypeRow = Selectable<PlaceTypeTable>;

export class PlacesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  types(db: Kysely<DB> = this.db): Promise<PlaceTypeRow[]> {
    return db.selectFrom('place_types').selectAll().orderBy('sort').orderBy('code').execute();
  }

  async upsertType(db: Kysely<DB>, row: PlaceTypeTable): Promise<void> {
    const { code, ...rest } = row;
    await db
      .insertInto('place_types')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(rest))
      .execute();
  }

  /** Every place that is not removed: the source of the in-memory spatial index. */
  allLive(): Promise<PlaceRow[]> {
    return this.db.selectFrom('places').selectAll().where('status', '!=', 'removed').execute();
  }

  byId(id: string, db: Kysely<DB> = this.db): Promise<PlaceRow | undefined> {
    return db.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(db: Kysely<DB>, rows: Insertable<PlaceTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('places')
        .values(rows.slice(i, i + 200))
        .execute();
  }

  async updateIfVersion(db: Kysely<DB>, id: string, version: number, patch: Updateable<PlaceTable>): Promise<boolean> {
    const r = await db
      .updateTable('places')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('places')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
