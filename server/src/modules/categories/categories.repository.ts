import type { Kysely, Selectable } from 'kysely';
import type { CategoryTable, DB } from '../../db/schema.js';

export type CategoryRow = Selectable<CategoryTable>;

export class CategoriesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(includeInactive = false, db: Kysely<DB> = this.db): Promise<CategoryRow[]> {
    let q = db.selectFrom('categories').selectAll().orderBy('sort').orderBy('code');
    if (!includeInactive) q = q.where('active', '=', 1);
    return q.execute();
  }

  byCode(code: string, db: Kysely<DB> = this.db): Promise<CategoryRow | undefined> {
    return db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async upsert(db: Kysely<DB>, row: CategoryTable): Promise<void> {
    const { code, ...rest } = row;
    await db
      .insertInto('categories')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(rest))
      .execute();
  }
}
