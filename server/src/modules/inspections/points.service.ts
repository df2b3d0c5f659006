/**
 * Inspection points: the places inspected, each with its responsible unit and its community and
 * street (the scope). A point may be a 便民地图 place (its name, address and position come from it).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { type Executor, inTransaction } from '../../platform/executor.js';
import { scopeWhere } from '../../platform/scope.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { OrgService } from '../org/org.service.js';
import { areaActor, POINT_SCOPE, pointInScope } from './inspections.policy.js';
import { POINT_TYPE_NAMES, type PointInput, type PointType } from './inspections.schemas.js';
import type { InspectionPointTable } from './inspections.tables.js';
import { samplePoints } from './sampling.js';

export type PointRow = Selectable<InspectionPointTable>;

export class PointsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly audit: AuditService,
  ) {}

  async present(rows: PointRow[]) {
    const names = new Map((await this.org.list()).map((u) => [u.id, u.name]));
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      type: p.type as PointType,
      typeName: POINT_TYPE_NAMES[p.type as PointType] ?? { zh: p.type, en: p.type },
      placeId: p.place_id,
      unitId: p.unit_id,
      unitName: names.get(p.unit_id) ?? p.unit_id,
      districtCode: p.district_code,
      streetCode: p.street_code,
      streetName: names.get(p.street_code) ?? p.street_code,
      communityCode: p.community_code,
      communityName: names.get(p.community_code) ?? p.community_code,
      address: p.address,
      location: p.lat !== null && p.lng !== null ? { lat: p.lat, lng: p.lng } : null,
    }));
  }

  async list(actor: Actor, q: { type?: PointType; streetCode?: string; communityCode?: string; page: number; pageSize: number }) {
    let base = this.db.selectFrom('inspection_points').where(scopeWhere(POINT_SCOPE, areaActor(actor)) as never);
    if (q.type) base = base.where('type', '=', q.type);
    if (q.streetCode) base = base.where('street_code', '=', q.streetCode);
    if (q.communityCode) base = base.where('community_code', '=', q.communityCode);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('community_code')
      .orderBy('name')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return { items: await this.present(rows), total: Number(total.n) };
  }

  async byIds(ids: readonly string[], db: Executor = this.db): Promise<PointRow[]> {
    if (!ids.length) return [];
    return db
      .selectFrom('inspection_points')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  async create(actor: Actor, input: PointInput, outer?: Executor) {
    const community = await this.org.get(input.communityCode);
    if (community?.kind !== 'community' || !community.street_code)
      throw errors.validation(
        'communityCode',
        `communityCode：社区 ${input.communityCode} 不存在`,
        `communityCode: community ${input.communityCode} does not exist`,
      );
    await this.org.require(input.unitId, 'unitId');
    let { name, address, location } = input;
    if (input.placeId) {
      const place = await this.db.selectFrom('places').selectAll().where('id', '=', input.placeId).executeTakeFirst();
      if (!place) throw errors.validation('placeId', `placeId：场所不存在`, 'placeId: no such place');
      address = address ?? place.address;
      location = location ?? { lat: place.lat, lng: place.lng };
      name = name || place.name;
    }
    const row: PointRow = {
      id: randomUUID(),
      name,
      type: input.type,
      place_id: input.placeId,
      unit_id: input.unitId,
      district_code: community.district_code,
      street_code: community.street_code,
      community_code: community.id,
      address,
      lat: location?.lat ?? null,
      lng: location?.lng ?? null,
      created_at: this.clock.now().toISOString(),
    };
    if (actor.kind !== 'system' && !pointInScope(actor, row)) throw errors.forbidden('在辖区外新增点位');
    await inTransaction(this.db, outer, async (trx) => {
      await trx.insertInto('inspection_points').values(row).execute();
      await this.audit.record(trx, actor, 'inspection_point.create', 'inspection_point', row.id, { name: row.name, type: row.type });
    });
    return (await this.present([row]))[0];
  }

  /** Draws N points per type at random from the points in scope (and the street, if given); nothing is stored. */
  async sample(actor: Actor, q: { seed: number; perType: Partial<Record<PointType, number>>; streetCode?: string }) {
    let base = this.db
      .selectFrom('inspection_points')
      .selectAll()
      .where(scopeWhere(POINT_SCOPE, areaActor(actor)) as never);
    if (q.streetCode) base = base.where('street_code', '=', q.streetCode);
    const drawn = samplePoints(await base.execute(), q.perType, q.seed);
    return { seed: q.seed, points: await this.present(drawn) };
  }
}
