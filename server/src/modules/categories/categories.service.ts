import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { VersionedCache } from '../../platform/versioned-cache.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { OrgService } from '../org/org.service.js';
import type { Kind } from '../requests/kinds.js';
import { attributesSchema } from './attributes.js';
import { CategoriesRepository, type CategoryRow } from './categories.repository.js';
import type { CategoryView } from './categories.responses.js';
import type { CategoryInput } from './categories.schema.js';
import { DEFAULT_CATEGORIES } from './defaults.js';
import { DEFAULT_SLA, slaSchema } from './sla.js';

export type { CategoryView } from './categories.responses.js';

export const presentCategory = (r: CategoryRow): CategoryView => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  kinds: JSON.parse(r.kinds) as Kind[],
  icon: r.icon,
  handler: r.handler,
  departmentId: r.department_id,
  sla: slaSchema.parse(JSON.parse(r.sla)),
  sort: r.sort,
  active: r.active === 1,
  attributes: attributesSchema.parse(JSON.parse(r.attributes)),
});

const CACHE_MS = 5_000;
/** Set anew by every edit of a category (platform/versioned-cache.ts). */
const VERSION_KEY = 'categories.version';

export class CategoriesService {
  readonly repo: CategoriesRepository;
  private readonly cache: VersionedCache<Map<string, CategoryView>>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {
    this.repo = new CategoriesRepository(db);
    this.cache = new VersionedCache(db, VERSION_KEY, CACHE_MS, async (db) => {
      const rows = await this.repo.list(true, db);
      return new Map(rows.map((r) => [r.code, presentCategory(r)]));
    });
  }

  async list(includeInactive = false): Promise<CategoryView[]> {
    return (await this.repo.list(includeInactive)).map(presentCategory);
  }

  /**
   * Every intake and action reads its category: kept parsed, checked against the version key on
   * each read, so an edit on any instance counts at once on all.
   */
  async get(code: string, db: Kysely<DB> = this.db): Promise<CategoryView | undefined> {
    return (await this.cache.get(db)).get(code);
  }

  async save(actor: Actor, code: string, input: CategoryInput): Promise<CategoryView> {
    if (input.handler === 'department') {
      if (!input.departmentId)
        throw errors.validation(
          'departmentId',
          'departmentId：由部门办理的类别必须指定部门',
          'departmentId: required when the handler is a department',
        );
      const dept = await this.org.require(input.departmentId, 'departmentId');
      if (dept.kind !== 'department')
        throw errors.validation('departmentId', 'departmentId：不是职能部门', 'departmentId: not a department');
    }
    const row = {
      code,
      name: input.name,
      name_en: input.nameEn,
      kinds: JSON.stringify(input.kinds),
      icon: input.icon,
      handler: input.handler,
      department_id: input.handler === 'department' ? input.departmentId : null,
      sla: JSON.stringify(input.sla),
      sort: input.sort,
      active: input.active ? 1 : 0,
      attributes: JSON.stringify(input.attributes),
    };
    await this.db.transaction().execute(async (trx) => {
      await this.repo.upsert(trx, row);
      await this.audit.record(trx, actor, 'category.saved', 'category', code, input);
      await this.cache.bump(trx);
    });
    return presentCategory(row);
  }

  /** Installs the default set; existing categories are left as the district edited them. */
  async installDefaults(): Promise<number> {
    let sort = 10;
    for (const c of DEFAULT_CATEGORIES) {
      await this.db
        .insertInto('categories')
        .values({
          code: c.code,
          name: c.name,
          name_en: c.nameEn,
          kinds: JSON.stringify(c.kinds),
          icon: c.icon,
          handler: c.handler,
          department_id: c.departmentId ?? null,
          sla: JSON.stringify(c.sla ?? DEFAULT_SLA),
          sort,
          active: c.retired ? 0 : 1,
          attributes: JSON.stringify(c.attributes ?? []),
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      sort += 10;
    }
    await this.cache.bump(this.db);
    return DEFAULT_CATEGORIES.length;
  }
}
