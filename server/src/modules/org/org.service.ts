import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, UnitKind } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { VersionedCache } from '../../platform/versioned-cache.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor, UnitScope } from '../auth/actor.js';
import { distanceMetres, type Point, pointInPolygon } from './geo.js';
import { OrgRepository, type Unit } from './org.repository.js';

const CACHE_MS = 60_000;
/** Set anew by every write to the tree (see platform/versioned-cache.ts). */
const VERSION_KEY = 'org.version';

export interface Located {
  streetCode: string;
  communityCode: string;
  gridCode: string | null;
}

interface Divisions {
  code: string;
  name: string;
  children: { code: string; name: string; children: { code: string; name: string }[] }[];
}

interface UnitCache {
  units: Unit[];
  byId: Map<string, Unit>;
  /** Units with a position, by kind: what routing compares a point with. */
  grids: Unit[];
  communities: Unit[];
}

/** The unit whose position is nearest to `p` (units without a position are not passed in). */
function nearest(p: Point, units: Unit[]): Unit | null {
  let best: Unit | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const u of units) {
    const d = distanceMetres(p, { lat: u.lat as number, lng: u.lng as number });
    if (d < bestD) {
      bestD = d;
      best = u;
    }
  }
  return best;
}

/**
 * The organisation tree and routing by location. Its root is a district (district → street →
 * community → grid, departments beside it) or a city above several districts; nothing here
 * assumes one configured district: outlines and jurisdictions are those of the districts in the tree.
 */
export class OrgService {
  private readonly repo: OrgRepository;
  private readonly cache: VersionedCache<UnitCache>;
  /** Each district's outline polygons, read once from data/geo/<code>-outline.geojson. */
  private outlines = new Map<string, number[][][][]>();
  /** The districts of the tree as last loaded; kept across cache invalidations (districts are not removed). */
  private knownDistricts: string[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly dataRoot: string,
    private readonly audit: AuditService,
  ) {
    this.repo = new OrgRepository(db);
    this.cache = new VersionedCache(db, VERSION_KEY, CACHE_MS, (db) => this.load(db));
  }

  /**
   * Reads take an optional executor: inside a transaction pass it, because the embedded SQLite
   * has one connection and a read outside the transaction would wait for it forever.
   */
  private units(db: Kysely<DB> = this.db): Promise<UnitCache> {
    return this.cache.get(db);
  }

  private async load(db: Kysely<DB>): Promise<UnitCache> {
    const units = await this.repo.all(db);
    const placed = (kind: UnitKind) => units.filter((u) => u.kind === kind && u.lat !== null && u.lng !== null);
    this.knownDistricts = units.filter((u) => u.kind === 'district').map((u) => u.id);
    return { units, byId: new Map(units.map((u) => [u.id, u])), grids: placed('grid'), communities: placed('community') };
  }

  /** Drops this instance's copy (tests that insert units directly). */
  invalidate(): void {
    this.cache.drop();
  }

  async list(): Promise<Unit[]> {
    return (await this.units()).units;
  }

  async get(id: string, db: Kysely<DB> = this.db): Promise<Unit | undefined> {
    return (await this.units(db)).byId.get(id) ?? (await this.repo.byId(id, db));
  }

  async require(id: string, field: string, db: Kysely<DB> = this.db): Promise<Unit> {
    const u = await this.get(id, db);
    if (!u) throw errors.validation(field, `${field}：单位 ${id} 不存在`, `${field}: unit ${id} does not exist`);
    return u;
  }

  /** The actor's view of a unit. A city's districts are read from the tree loaded by the `get` that found it. */
  toScope(u: Unit): UnitScope {
    const districts =
      u.kind === 'city'
        ? (this.cache.peek()?.units ?? []).filter((d) => d.kind === 'district' && d.path.startsWith(u.path)).map((d) => d.id)
        : [u.district_code];
    return {
      id: u.id,
      kind: u.kind,
      name: u.name,
      path: u.path,
      districtCode: u.district_code,
      districtCodes: districts,
      streetCode: u.street_code,
      communityCode: u.community_code,
    };
  }

  /** The outline file of a district (WGS-84, committed public data), if there is one. */
  private outlineFile(code: string): string {
    return path.join(this.dataRoot, 'geo', `${code}-outline.geojson`);
  }

  private districtOutline(code: string): number[][][][] {
    let polys = this.outlines.get(code);
    if (!polys) {
      const file = this.outlineFile(code);
      const doc = fs.existsSync(file)
        ? (JSON.parse(fs.readFileSync(file, 'utf8')) as {
            features: { geometry: { type: string; coordinates: number[][][] | number[][][][] } }[];
          })
        : { features: [] };
      polys = doc.features.flatMap((f) =>
        f.geometry.type === 'MultiPolygon' ? (f.geometry.coordinates as number[][][][]) : [f.geometry.coordinates as number[][][]],
      );
      this.outlines.set(code, polys);
    }
    return polys;
  }

  /** The districts of the tree (one, or a city's several), as last loaded. */
  private districtCodes(): string[] {
    return this.knownDistricts;
  }

  /** The district whose outline holds `p`, if any. Call after the tree is loaded (any read of it does). */
  districtAt(p: Point): string | null {
    return this.districtCodes().find((code) => this.districtOutline(code).some((poly) => pointInPolygon(p, poly))) ?? null;
  }

  inDistrict(p: Point): boolean {
    return this.districtAt(p) !== null;
  }

  /** The outlines of every district in the tree, as one GeoJSON FeatureCollection. */
  async outlineGeoJson(): Promise<string> {
    await this.units();
    const features = this.districtCodes()
      .filter((code) => fs.existsSync(this.outlineFile(code)))
      .flatMap((code) => (JSON.parse(fs.readFileSync(this.outlineFile(code), 'utf8')) as { features: unknown[] }).features);
    return JSON.stringify({ type: 'FeatureCollection', features });
  }

  /** Open311's jurisdiction_id: a district or city of this tree. */
  async isJurisdiction(id: string): Promise<boolean> {
    const u = await this.get(id);
    return u?.kind === 'district' || u?.kind === 'city';
  }

  /** The root of the tree (a city or a district): the unit the command-line tools act as. */
  async root(): Promise<Unit | undefined> {
    const { units } = await this.units();
    return units.find((u) => u.parent_id === null);
  }

  /** Routes a point to its community and grid: nearest grid centre, else nearest community centre. */
  async locate(p: Point, db: Kysely<DB> = this.db): Promise<Located> {
    const { grids, communities } = await this.units(db);
    if (!this.inDistrict(p))
      throw errors.validation('location', 'location：位置不在本区范围内', 'location: the point is outside the district');
    const grid = nearest(p, grids);
    if (grid?.community_code && grid.street_code)
      return { streetCode: grid.street_code, communityCode: grid.community_code, gridCode: grid.id };
    const community = nearest(p, communities);
    if (community?.community_code && community.street_code)
      return { streetCode: community.street_code, communityCode: community.community_code, gridCode: null };
    throw errors.validation('location', 'location：无法定位到社区，请选择社区', 'location: cannot place this point; choose a community');
  }

  /** Loads the real divisions (data/divisions/<code>.json) as district, streets and communities. */
  async loadDivisions(code: string, positions?: Record<string, Point>): Promise<number> {
    const file = path.join(this.dataRoot, 'divisions', `${code}.json`);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Divisions;
    if (!this.knownDistricts.includes(doc.code)) this.knownDistricts = [...this.knownDistricts, doc.code];
    const now = this.clock.now().toISOString();
    let n = 0;
    await this.db.transaction().execute(async (trx) => {
      const add = async (u: Omit<Parameters<OrgRepository['insert']>[1], 'created_at' | 'active' | 'demo'> & { demo?: number }) => {
        await this.repo.insert(trx, { ...u, demo: u.demo ?? 0, active: 1, created_at: now });
        n++;
      };
      await add({
        id: doc.code,
        parent_id: null,
        kind: 'district',
        name: doc.name,
        path: `${doc.code}/`,
        district_code: doc.code,
        street_code: null,
        community_code: null,
        lat: null,
        lng: null,
      });
      for (const s of doc.children) {
        await add({
          id: s.code,
          parent_id: doc.code,
          kind: 'street',
          name: s.name,
          path: `${doc.code}/${s.code}/`,
          district_code: doc.code,
          street_code: s.code,
          community_code: null,
          lat: null,
          lng: null,
        });
        for (const c of s.children) {
          const pos = positions?.[c.code];
          await add({
            id: c.code,
            parent_id: s.code,
            kind: 'community',
            name: c.name,
            path: `${doc.code}/${s.code}/${c.code}/`,
            district_code: doc.code,
            street_code: s.code,
            community_code: c.code,
            lat: pos?.lat ?? null,
            lng: pos?.lng ?? null,
            demo: pos ? 1 : 0,
          });
        }
      }
      await this.cache.bump(trx);
    });
    return n;
  }

  async setPosition(id: string, p: Point, demo: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.setPosition(id, p.lat, p.lng, demo, trx);
      await this.cache.bump(trx);
    });
  }

  async addUnit(
    input: { id: string; parentId: string; kind: UnitKind; name: string; lat?: number | null; lng?: number | null; demo?: boolean },
    db: Kysely<DB> = this.db,
  ): Promise<Unit> {
    const parent = await this.require(input.parentId, 'parentId', db);
    const unit = {
      id: input.id,
      parent_id: parent.id,
      kind: input.kind,
      name: input.name,
      path: `${parent.path}${input.id}/`,
      district_code: parent.district_code,
      street_code: input.kind === 'grid' || input.kind === 'community' ? parent.street_code : null,
      community_code: input.kind === 'grid' ? parent.community_code : input.kind === 'community' ? input.id : null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      demo: input.demo ? 1 : 0,
      active: 1,
      created_at: this.clock.now().toISOString(),
    };
    if (await this.repo.byId(input.id, db)) throw errors.conflict(`单位编号 ${input.id} 已存在`, `Unit ${input.id} exists`);
    await this.repo.insert(db, unit);
    await this.cache.bump(db);
    return unit;
  }

  /** The command centre adds a grid (under a community), a department or a co-building unit; audited. */
  async createUnit(actor: Actor, input: NewUnit): Promise<Unit> {
    if (input.kind === 'grid') {
      const parent = await this.require(input.parentId, 'parentId');
      if (parent.kind !== 'community')
        throw errors.validation('parentId', 'parentId：网格必须建在社区/村下', 'parentId: a grid belongs to a community');
    }
    if (input.location && !this.inDistrict(input.location))
      throw errors.validation('location', 'location：位置不在本区范围内', 'location: outside the district');
    return this.db.transaction().execute(async (trx) => {
      const unit = await this.addUnit({ ...input, lat: input.location?.lat, lng: input.location?.lng }, trx);
      await this.audit.record(trx, actor, 'unit.created', 'unit', unit.id, input);
      return unit;
    });
  }
}

export interface NewUnit {
  id: string;
  parentId: string;
  kind: 'grid' | 'department' | 'cobuild';
  name: string;
  location?: Point;
}
