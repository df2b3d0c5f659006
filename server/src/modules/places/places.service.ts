import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Clock, chinaMonth } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, hasRole } from '../auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OrgService } from '../org/org.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import { isOpen, type OpeningHours, openingHoursSchema } from './opening-hours.js';
import { checkAttrs, DEFAULT_PLACE_TYPES, type FieldDef, type fieldSchema } from './place-types.js';
import { canManagePlace, mayViewPlace, type PlaceScopeRow } from './places.policy.js';
import { type Live, type PlaceTypeView, type PlaceView, personalPhone, presentPlace } from './places.presenter.js';
import { type PlaceRow, PlacesRepository } from './places.repository.js';
import {
  type checkinBody,
  type eventBody,
  type nearestQuery,
  type PlaceInput,
  PROBLEM_NAMES,
  type placeListQuery,
  type reportBody,
} from './places.schema.js';
import { SpatialIndex } from './spatial-index.js';

export type { PlaceTypeView, PlaceView } from './places.presenter.js';

const CACHE_MS = 60_000;
/**
 * Every write of places or types sets a new value here in its transaction; each instance
 * compares it (one key lookup) before using its in-process index, so a place added, edited or
 * hidden on one instance counts at once on all (as the calendar does).
 */
const VERSION_KEY = 'places.version';

/** 便民地图: places of the district, their opening rules, the nearest-open search, check-ins, events and problem reports. */
export class PlacesService {
  readonly repo: PlacesRepository;
  private cache: {
    at: number;
    version: string | null;
    types: Map<string, PlaceTypeView>;
    live: Live[];
    byId: Map<string, Live>;
    index: Map<string, SpatialIndex<Live>>;
  } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly requests: RequestsService,
  ) {
    this.repo = new PlacesRepository(db);
  }

  invalidate(): void {
    this.cache = null;
  }

  /** Marks places and types as changed for every instance; call inside the writing transaction. */
  async touch(db: Kysely<DB>): Promise<void> {
    const value = randomUUID();
    await db
      .insertInto('settings')
      .values({ key: VERSION_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  private async state() {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', VERSION_KEY).executeTakeFirst();
    const version = row?.value ?? null;
    if (this.cache && this.cache.version === version && Date.now() - this.cache.at < CACHE_MS) return this.cache;
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
    this.cache = { at: Date.now(), version, types, live, byId: new Map(live.map((p) => [p.id, p])), index };
    return this.cache;
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
    this.invalidate();
    return { code, ...input };
  }

  /** The desk may manage a place when it is inside the actor's part of the tree (or managed by the actor's department). */
  canManage(actor: Actor, p: PlaceScopeRow): boolean {
    return canManagePlace(actor, p);
  }

  /**
   * Whether the actor may name this unit as a place's managing unit: reports about the place are
   * dispatched to it automatically, so only inside the actor's own part of the tree (community
   * staff: the community or its grids; street staff: the street's subtree; a department: itself).
   * Any other department, street or community only the command centre may choose.
   */
  async mayAssignManagingUnit(actor: Actor, unitId: string): Promise<boolean> {
    if (actor.kind === 'system' || hasRole(actor, 'district_admin')) return true;
    if (actor.kind !== 'user' || !actor.unit) return false;
    const unit = await this.org.get(unitId);
    return !!unit && unit.path.startsWith(actor.unit.path);
  }

  private async checkManagingUnit(actor: Actor, unitId: string | null, before: string | null = null): Promise<void> {
    // an edit that keeps the unit the command centre chose is not a new assignment
    if (!unitId || unitId === before || (await this.mayAssignManagingUnit(actor, unitId))) return;
    throw new AppError(
      'FORBIDDEN',
      'managingUnitId：管理单位不在您的管辖范围内（其他单位和职能部门只能由区指挥中心指定）',
      'managingUnitId: the managing unit is outside your area (other units and departments are chosen by the command centre)',
      { field: 'managingUnitId' },
    );
  }

  private async ctx(actor: Actor | null, p?: Live) {
    const [st, calendar, units] = await Promise.all([this.state(), this.calendar.calendar(), this.org.list()]);
    const names = new Map(units.map((u) => [u.id, u.name]));
    return {
      st,
      c: {
        calendar,
        now: this.clock.now(),
        types: st.types,
        unitName: (id: string) => names.get(id),
        unmask: !!(actor && p && this.canManage(actor, p)),
      },
    };
  }

  private visible(actor: Actor | null, p: Live, manage: boolean): boolean {
    return mayViewPlace(actor, p, manage);
  }

  async list(
    actor: Actor | null,
    q: z.infer<typeof placeListQuery>,
    manage: boolean,
    opts: { unmask?: boolean } = {},
  ): Promise<{ items: PlaceView[]; total: number }> {
    const { st, c } = await this.ctx(actor);
    const words = q.q?.toLowerCase();
    const rows = st.live.filter(
      (p) =>
        this.visible(actor, p, manage) &&
        (!q.type || p.type_code === q.type) &&
        (!q.communityCode || p.community_code === q.communityCode || p.street_code === q.communityCode) &&
        (!words || p.name.toLowerCase().includes(words) || (p.address ?? '').toLowerCase().includes(words)) &&
        (q.openNow !== '1' || (p.status === 'active' && isOpen(p.hoursRule, c.now, c.calendar))),
    );
    rows.sort((a, b) => a.type_code.localeCompare(b.type_code) || a.name.localeCompare(b.name, 'zh'));
    const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    // Lists are masked for everyone; a manager sees a personal number on the detail page
    // (audited) or in the export for data exchange (audited by the route).
    return {
      items: page.map((p) => presentPlace(p, { ...c, unmask: opts.unmask === true && manage && !!actor && this.canManage(actor, p) })),
      total: rows.length,
    };
  }

  /** The nearest public places to a point, optionally of one type and open now. */
  async nearest(q: z.infer<typeof nearestQuery>): Promise<PlaceView[]> {
    const { st, c } = await this.ctx(null);
    const index = st.index.get(q.type ?? '*');
    if (!index) {
      if (q.type && !st.types.has(q.type))
        throw errors.validation('type', `type：未知的场所类型 ${q.type}`, `type: unknown place type ${q.type}`);
      return [];
    }
    const found = index.nearest(
      { lat: q.lat, lng: q.lng },
      q.limit,
      (p) => p.public === 1 && p.status === 'active' && (q.openNow !== '1' || isOpen(p.hoursRule, c.now, c.calendar)),
    );
    return found.map((f) => presentPlace(f.item, c, f.metres));
  }

  /** For the benchmark: the raw index query without presentation. */
  async indexFor(type: string | undefined) {
    return (await this.state()).index.get(type ?? '*');
  }

  async get(actor: Actor | null, id: string): Promise<PlaceView & { events: unknown[]; checkins: { group: string; people: number }[] }> {
    const { st } = await this.ctx(actor);
    const p = st.byId.get(id) ?? (await this.loadLive(id));
    if (!p || (p.public !== 1 && !(actor && this.canManage(actor, p)))) throw errors.notFound('场所', 'Place');
    const { c } = await this.ctx(actor, p);
    if (c.unmask && actor && personalPhone(p.contact_phone))
      await this.audit.record(this.db, actor, 'place.contact_viewed', 'place', p.id, null);
    const now = this.clock.now().toISOString();
    const events = await this.db
      .selectFrom('place_events')
      .selectAll()
      .where('place_id', '=', id)
      .where((eb) => eb.or([eb('ends_at', '>=', now), eb.and([eb('ends_at', 'is', null), eb('starts_at', '>=', now.slice(0, 10))])]))
      .orderBy('starts_at')
      .limit(20)
      .execute();
    const checkins = await this.db
      .selectFrom('place_checkins')
      .select((eb) => ['worker_group', eb.fn.sum<number>('people').as('people')])
      .where('place_id', '=', id)
      .where('month', '=', chinaMonth(this.clock.now()))
      .groupBy('worker_group')
      .execute();
    return {
      ...presentPlace(p, c),
      events: events.map((e) => ({
        id: e.id,
        title: e.title,
        description: e.description,
        organiser: e.organiser,
        startsAt: e.starts_at,
        endsAt: e.ends_at,
      })),
      checkins: checkins.map((x) => ({ group: x.worker_group, people: Number(x.people) })),
    };
  }

  private async loadLive(id: string, db: Kysely<DB> = this.db): Promise<Live | undefined> {
    const r = await this.repo.byId(id, db);
    return r ? { ...r, hoursRule: openingHoursSchema.parse(JSON.parse(r.hours)) } : undefined;
  }

  /** Checks a place against its type and the district; returns the row values (without id/timestamps). */
  async validate(
    input: PlaceInput,
    field = '',
  ): Promise<{
    issues: { field: string; message: string; messageEn: string }[];
    row?: Omit<PlaceRow, 'id' | 'created_at' | 'updated_at' | 'version' | 'demo'>;
  }> {
    const st = await this.state();
    const issues: { field: string; message: string; messageEn: string }[] = [];
    const f = (k: string) => (field ? `${field}.${k}` : k);
    const type = st.types.get(input.typeCode);
    if (!type)
      issues.push({
        field: f('typeCode'),
        message: `${f('typeCode')}：未知的场所类型 ${input.typeCode}`,
        messageEn: `${f('typeCode')}: unknown place type ${input.typeCode}`,
      });
    else issues.push(...checkAttrs(type.fields, input.attrs).map((i) => ({ ...i, field: f(i.field) })));
    let streetCode: string | null = null;
    let communityCode: string | null = null;
    await this.org.list(); // the tree, with its districts' outlines
    let districtCode = this.org.districtAt(input.location);
    if (!districtCode)
      issues.push({
        field: f('location'),
        message: `${f('location')}：坐标不在本区范围内`,
        messageEn: `${f('location')}: the point is outside the district`,
      });
    else if (input.communityCode) {
      const cu = await this.org.get(input.communityCode);
      if (cu?.kind !== 'community')
        issues.push({
          field: f('communityCode'),
          message: `${f('communityCode')}：社区不存在`,
          messageEn: `${f('communityCode')}: unknown community`,
        });
      else {
        // The community chosen decides the place's district (as at intake), not only the outline.
        districtCode = cu.district_code;
        streetCode = cu.street_code;
        communityCode = cu.id;
      }
    } else {
      const at = await this.org.locate(input.location).catch(() => null);
      streetCode = at?.streetCode ?? null;
      communityCode = at?.communityCode ?? null;
    }
    if (input.managingUnitId && !(await this.org.get(input.managingUnitId)))
      issues.push({
        field: f('managingUnitId'),
        message: `${f('managingUnitId')}：管理单位不存在`,
        messageEn: `${f('managingUnitId')}: unknown unit`,
      });
    if (issues.length) return { issues };
    return {
      issues,
      row: {
        type_code: input.typeCode,
        name: input.name,
        address: input.address,
        lat: input.location.lat,
        lng: input.location.lng,
        district_code: districtCode,
        street_code: streetCode,
        community_code: communityCode,
        managing_unit_id: input.managingUnitId,
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        hours: JSON.stringify(input.hours),
        attrs: JSON.stringify(input.attrs),
        public: input.public ? 1 : 0,
        status: input.status,
      },
    };
  }

  async create(actor: Actor, input: PlaceInput, demo = false): Promise<PlaceView> {
    const { issues, row } = await this.validate(input);
    if (!row) throw errors.validationIssues(issues);
    if (!this.canManage(actor, row)) throw errors.forbidden('在本辖区之外新增场所');
    await this.checkManagingUnit(actor, row.managing_unit_id);
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, [{ ...row, id, demo: demo ? 1 : 0, version: 1, created_at: now, updated_at: now }]);
      await this.audit.record(trx, actor, 'place.created', 'place', id, { name: input.name, type: input.typeCode });
      await this.touch(trx);
    });
    this.invalidate();
    return this.presentById(id); // the creator's own input: shown as entered, no audit of a "view"
  }

  private async presentById(id: string): Promise<PlaceView> {
    const p = await this.loadLive(id);
    if (!p) throw errors.notFound('场所', 'Place');
    const { c } = await this.ctx(null);
    return presentPlace(p, { ...c, unmask: true });
  }

  async update(actor: Actor, id: string, input: PlaceInput): Promise<PlaceView> {
    const current = await this.loadLive(id);
    if (!current || !this.canManage(actor, current)) throw errors.notFound('场所', 'Place');
    if (input.version !== undefined && input.version !== current.version)
      throw errors.conflict('该场所刚被他人修改，请刷新后重试', 'Someone else changed this place; reload and try again');
    const { issues, row } = await this.validate(input);
    if (!row) throw errors.validationIssues(issues);
    if (!this.canManage(actor, row)) throw errors.forbidden('把场所移出本辖区');
    await this.checkManagingUnit(actor, row.managing_unit_id, current.managing_unit_id);
    await this.db.transaction().execute(async (trx) => {
      const ok = await this.repo.updateIfVersion(trx, id, current.version, { ...row, updated_at: this.clock.now().toISOString() });
      if (!ok) throw errors.conflict('该场所刚被他人修改，请刷新后重试', 'Someone else changed this place; reload and try again');
      await this.audit.record(trx, actor, 'place.updated', 'place', id, { before: { ...current, hoursRule: undefined }, after: row });
      await this.touch(trx);
    });
    this.invalidate();
    return this.presentById(id);
  }

  /** Outdoor workers check in at a station: a count by worker group, no personal data. */
  async checkin(id: string, input: z.infer<typeof checkinBody>): Promise<{ ok: true }> {
    const p = (await this.state()).byId.get(id) ?? (await this.loadLive(id));
    if (p?.public !== 1 || p.status !== 'active') throw errors.notFound('场所', 'Place');
    if (p.type_code !== 'station') throw errors.validation('id', 'id：只有爱心驿站可以签到', 'id: check-ins are for stations only');
    const now = this.clock.now();
    await this.db
      .insertInto('place_checkins')
      .values({ place_id: id, worker_group: input.group, people: input.people, at: now.toISOString(), month: chinaMonth(now) })
      .execute();
    return { ok: true };
  }

  /** Use per station and per worker group for a month, in the actor's scope. */
  async checkinStats(actor: Actor, month: string) {
    const rows = await this.db
      .selectFrom('place_checkins')
      .innerJoin('places', 'places.id', 'place_checkins.place_id')
      .select((eb) => [
        'places.id as place_id',
        'places.name',
        'places.district_code',
        'places.street_code',
        'places.community_code',
        'places.managing_unit_id',
        'place_checkins.worker_group',
        eb.fn.sum<number>('place_checkins.people').as('people'),
      ])
      .where('place_checkins.month', '=', month)
      .groupBy([
        'places.id',
        'places.name',
        'places.district_code',
        'places.street_code',
        'places.community_code',
        'places.managing_unit_id',
        'place_checkins.worker_group',
      ])
      .execute();
    const visible = rows.filter((r) => this.canManage(actor, r));
    const byStation = new Map<string, { placeId: string; name: string; total: number; groups: Record<string, number> }>();
    const byGroup: Record<string, number> = {};
    for (const r of visible) {
      const s = byStation.get(r.place_id) ?? { placeId: r.place_id, name: r.name, total: 0, groups: {} };
      s.groups[r.worker_group] = Number(r.people);
      s.total += Number(r.people);
      byStation.set(r.place_id, s);
      byGroup[r.worker_group] = (byGroup[r.worker_group] ?? 0) + Number(r.people);
    }
    return {
      month,
      stations: [...byStation.values()].sort((a, b) => b.total - a.total),
      groups: byGroup,
      total: Object.values(byGroup).reduce((a, b) => a + b, 0),
    };
  }

  async addEvent(actor: Actor, id: string, input: z.infer<typeof eventBody>) {
    const p = await this.loadLive(id);
    if (!p || !this.canManage(actor, p)) throw errors.notFound('场所', 'Place');
    if (input.endsAt && input.endsAt < input.startsAt)
      throw errors.validation('endsAt', 'endsAt：结束时间早于开始时间', 'endsAt: ends before it starts');
    const eventId = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('place_events')
        .values({
          id: eventId,
          place_id: id,
          title: input.title,
          description: input.description ?? null,
          organiser: input.organiser ?? null,
          starts_at: new Date(input.startsAt).toISOString(),
          ends_at: input.endsAt ? new Date(input.endsAt).toISOString() : null,
          created_by: actor.kind === 'user' ? actor.userId : null,
          created_at: this.clock.now().toISOString(),
        })
        .execute();
      await this.audit.record(trx, actor, 'place.event_added', 'place', id, input);
    });
    return { id: eventId };
  }

  /**
   * A resident reports a problem with a place: a normal request, dispatched to the place's
   * managing unit — both steps in one transaction, so the resident gets a number for a request
   * that is where it should be, or an error and nothing at all (a retry files no duplicate).
   */
  async report(actor: Actor, id: string, input: z.infer<typeof reportBody>, opts: { idempotencyKey?: string } = {}) {
    const p = (await this.state()).byId.get(id) ?? (await this.loadLive(id));
    if (p?.public !== 1 || p.status === 'removed') throw errors.notFound('场所', 'Place');
    return this.db.transaction().execute(async (trx) => {
      const created = await this.requests.create(
        actor,
        {
          kind: 'problem',
          categoryCode: 'facility',
          urgency: 'normal',
          title: `${p.name}：${PROBLEM_NAMES[input.problem]}`,
          description: input.description,
          location: { lat: p.lat, lng: p.lng },
          address: [p.name, p.address].filter(Boolean).join(' '),
          anonymous: input.anonymous,
          reporterPhone: input.reporterPhone,
          photos: [],
          // The point is the public place's own, already on the public map: nothing to coarsen.
          publicLocation: true,
        },
        { trx, idempotencyKey: opts.idempotencyKey },
      );
      let request = created.request;
      // A place the command centre itself manages is left for it to dispatch, like a place with no unit.
      const unit = p.managing_unit_id ? await this.org.get(p.managing_unit_id, trx) : undefined;
      if (unit && unit.kind !== 'district' && unit.kind !== 'city' && request.status === 'accepted') {
        const detail = await this.requests.transition(
          { kind: 'system', job: 'place-report' },
          request.id,
          { action: 'dispatch', handlerUnitId: unit.id, note: `场所问题，派至管理单位（${PROBLEM_NAMES[input.problem]}）` },
          { trx },
        );
        request = detail.request;
      }
      return {
        number: request.number,
        status: request.status,
        handlerUnitId: request.handlerUnitId,
        trackCode: created.trackCode,
        replayed: created.replayed,
      };
    });
  }
}
