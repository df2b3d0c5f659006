import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { VersionedCache } from '../../platform/versioned-cache.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { type OpeningHours, openingHoursSchema } from './opening-hours.js';
import { DEFAULT_PLACE_TYPES, type FieldDef, type fieldSchema } from './place-types.js';
import type { Live, PlaceTypeView } from './places.presenter.js';
import { PlacesRepository } from './places.repository.js';
import { SpatialIndex } from './spatial-index.js';

const CACHE_MS = 60_000;
/** Set anew by every write of places or types (platform/versioned-cache.ts), as the calendar does. */
const VERSION_KEY = 'places.version';

/** The places and types as every instance holds them: parsed rules, by id, and one nearest-search index per type plus one of all. */
export interface Catalogue {
  types: Map<string, PlaceTypeView>;
  live: Live[];
  byId: Map<string, Live>;
  index: Map<string, SpatialIndex<Live>>;
}

/** The in-memory copy of places and place types, and the types' own edits. */
export class PlaceCatalogue {
  readonly repo: PlacesRepository;
  private readonly cache: VersionedCache<Catalogue>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditService,
  ) {
    this.repo = new PlacesRepository(db);
    this.cache = new VersionedCache(db, VERSION_KEY, CACHE_MS, () => this.load());
  }

  state(): Promise<Catalogue> {
    return this.cache.get();
  }

  /** Marks places and types as changed for every instance; call inside the writing transaction. */
  touch(db: Kysely<DB>): Promise<void> {
    return this.cache.bump(db);
  }

  invalidate(): void {
    this.cache.drop();
  }

  private async load(): Promise<Catalogue> {
    const [typeRows, rows] = await Promise.all([this.repo.types(), this.repo.allLive()]);
    const types = new Map(
      typeRows.map((t) => [
        t.code,
        { code: t.code, name: t.name, nameEn: t.name_en, icon: t.icon, fields: JSON.parse(t.fields) as FieldDef[], active: t.active === 1 },
      ]),
    );
    const live: Live[] = rows.map((r) => ({ ...r, hoursRule: JSON.parse(r.hours) as OpeningHours }));
    const byType = new Map<string, Live[]>();
    for (const p of live) {
      const list = byType.get(p.type_code) ?? [];
      list.push(p);
      byType.set(p.type_code, list);
    }
    const index = new Map<string, SpatialIndex<Live>>([['*', new SpatialIndex(live)]]);
    for (const [code, list] of byType) index.set(code, new SpatialIndex(list));
    return { types, live, byId: new Map(live.map((p) => [p.id, p])), index };
  }

  /** One place with its rule parsed, read from the database (not the copy): edits start from here. */
  async loadLive(id: string, db: Kysely<DB> = this.db): Promise<Live | undefined> {
    const r = await this.repo.byId(id, db);
    return r ? { ...r, hoursRule: openingHoursSchema.parse(JSON.parse(r.hours)) } : undefined;
  }

  /** A place from the copy, or from the database when it is not public and active. */
  async find(id: string): Promise<Live | undefined> {
    return (await this.state()).byId.get(id) ?? (await this.loadLive(id));
  }

  async types(): Promise<PlaceTypeView[]> {
    return [...(await this.state()).types.values()];
  }

  async installDefaultTypes(): Promise<void> {
    let sort = 10;
    let added = 0;
    for (const t of DEFAULT_PLACE_TYPES) {
      const r = await this.db
        .insertInto('place_types')
        .values({ code: t.code, name: t.name, name_en: t.nameEn, icon: t.icon, fields: JSON.stringify(t.fields), sort, active: 1 })
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
      sort += 10;
    }
    if (added) await this.touch(this.db);
    this.invalidate();
  }

  async saveType(
    actor: Actor,
    code: string,
    input: { name: string; nameEn: string; icon: string; fields: z.infer<typeof fieldSchema>[]; active: boolean },
  ): Promise<PlaceTypeView> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.upsertType(trx, {
        code,
        name: input.name,
        name_en: input.nameEn,
        icon: input.icon,
        fields: JSON.stringify(input.fields),
        sort: 100,
        active: input.active ? 1 : 0,
      });
      await this.audit.record(trx, actor, 'place_type.saved', 'place_type', code, input);
      await this.touch(trx);
    });
    return { code, ...input };
  }
}
