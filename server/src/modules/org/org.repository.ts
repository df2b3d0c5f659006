import type { Kysely, Selectable } from 'kysely';
import type { DB, UnitTable } from '../../db/schema.js';

export type Unit = Selectable<UnitTable>;

export class OrgRepository {
  constructor(private readonly db: Kysely<DB>) {}

  all(db: Kysely<DB> = this.db): Promise<Unit[]> {
    return db.selectFrom('units').selectAll().where('active', '=', 1).orderBy('path').execute();
  }

  byId(id: string, db: Kysely<DB> = this.db): Promise<Unit | undefined> {
    return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(db: Kysely<DB>, unit: UnitTable): Promise<void> {
    await db
      .insertInto('units')
      .values(unit)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  subtree(path: string): Promise<Unit[]> {
    return this.db.selectFrom('units').selectAll().where('path', 'like', `${path}%`).orderBy('path').execute();
  }

  async setPosition(id: string, lat: number, lng: number, demo: boolean, db: Kysely<DB> = this.db): Promise<void> {
    await db
      .updateTable('units')
      .set({ lat, lng, demo: demo ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }
}
