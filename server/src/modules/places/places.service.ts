import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, hasRole } from '../auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OrgService } from '../org/org.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import { isOpen } from './opening-hours.js';
import { PlaceActivity } from './places.activity.js';
import { PlaceCatalogue } from './places.catalogue.js';
import { exportPlaces, importPlaces, readRows } from './places.io.js';
import { canManagePlace, mayViewPlace, type PlaceScopeRow } from './places.policy.js';
import { type Live, type PlaceView, personalPhone, presentPlace } from './places.presenter.js';
import { PlaceReports } from './places.reports.js';
import type { ImportReport, PlaceDetail } from './places.responses.js';
import type { checkinBody, eventBody, nearestQuery, PlaceInput, placeListQuery, reportBody } from './places.schema.js';
import { type PlaceCheck, validatePlace } from './places.validation.js';

export type { PlaceTypeView, PlaceView } from './places.presenter.js';

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', geojson: 'application/geo+json' } as const;

/**
 * 便民地图: places of the district — who may see and manage them, the lists and the nearest-open
 * search, creating and editing, and the exchange files. The copy every instance reads is
 * places.catalogue.ts; check-ins, events and their statistics places.activity.ts; problem
 * reports places.reports.ts; validation places.validation.ts.
 */
export class PlacesService {
  readonly catalogue: PlaceCatalogue;
  private readonly activity: PlaceActivity;
  private readonly reports: PlaceReports;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    requests: RequestsService,
  ) {
    this.catalogue = new PlaceCatalogue(db, audit);
    this.activity = new PlaceActivity(db, clock, audit, this.catalogue);
    this.reports = new PlaceReports(db, org, requests, this.catalogue);
  }

  get repo() {
    return this.catalogue.repo;
  }
  invalidate(): void {
    this.catalogue.invalidate();
  }
  touch(db: Kysely<DB>): Promise<void> {
    return this.catalogue.touch(db);
  }
  types() {
    return this.catalogue.types();
  }
  installDefaultTypes() {
    return this.catalogue.installDefaultTypes();
  }
  saveType(...a: Parameters<PlaceCatalogue['saveType']>) {
    return this.catalogue.saveType(...a);
  }
  validate(input: PlaceInput, field = ''): Promise<PlaceCheck> {
    return validatePlace({ catalogue: this.catalogue, org: this.org }, input, field);
  }
  checkin(id: string, input: z.infer<typeof checkinBody>) {
    return this.activity.checkin(id, input);
  }
  checkinStats(actor: Actor, month?: string) {
    return this.activity.checkinStats(actor, month);
  }
  addEvent(actor: Actor, id: string, input: z.infer<typeof eventBody>) {
    return this.activity.addEvent(actor, id, input);
  }
  report(actor: Actor, id: string, input: z.infer<typeof reportBody>, opts: { idempotencyKey?: string } = {}) {
    return this.reports.report(actor, id, input, opts);
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
    const [st, calendar, units] = await Promise.all([this.catalogue.state(), this.calendar.calendar(), this.org.list()]);
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
        mayViewPlace(actor, p, manage) &&
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
    return (await this.catalogue.state()).index.get(type ?? '*');
  }

  async get(actor: Actor | null, id: string): Promise<PlaceDetail> {
    const p = await this.catalogue.find(id);
    if (!p || (p.public !== 1 && !(actor && this.canManage(actor, p)))) throw errors.notFound('场所', 'Place');
    const { c } = await this.ctx(actor, p);
    if (c.unmask && actor && personalPhone(p.contact_phone))
      await this.audit.record(this.db, actor, 'place.contact_viewed', 'place', p.id, null);
    return { ...presentPlace(p, c), ...(await this.activity.ofPlace(id)) };
  }

  async create(actor: Actor, input: PlaceInput, demo = false): Promise<PlaceView> {
    const { issues, row } = await this.validate(input);
    if (!row) throw errors.validationIssues(issues);
    if (!this.canManage(actor, row)) throw errors.forbidden('在本辖区之外新增场所');
    await this.checkManagingUnit(actor, row.managing_unit_id);
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await this.catalogue.repo.insert(trx, [{ ...row, id, demo: demo ? 1 : 0, version: 1, created_at: now, updated_at: now }]);
      await this.audit.record(trx, actor, 'place.created', 'place', id, { name: input.name, type: input.typeCode });
      await this.catalogue.touch(trx);
    });
    return this.presentById(id); // the creator's own input: shown as entered, no audit of a "view"
  }

  private async presentById(id: string): Promise<PlaceView> {
    const p = await this.catalogue.loadLive(id);
    if (!p) throw errors.notFound('场所', 'Place');
    const { c } = await this.ctx(null);
    return presentPlace(p, { ...c, unmask: true });
  }

  async update(actor: Actor, id: string, input: PlaceInput): Promise<PlaceView> {
    const current = await this.catalogue.loadLive(id);
    if (!current || !this.canManage(actor, current)) throw errors.notFound('场所', 'Place');
    if (input.version !== undefined && input.version !== current.version)
      throw errors.conflict('该场所刚被他人修改，请刷新后重试', 'Someone else changed this place; reload and try again');
    const { issues, row } = await this.validate(input);
    if (!row) throw errors.validationIssues(issues);
    if (!this.canManage(actor, row)) throw errors.forbidden('把场所移出本辖区');
    await this.checkManagingUnit(actor, row.managing_unit_id, current.managing_unit_id);
    await this.db.transaction().execute(async (trx) => {
      const ok = await this.catalogue.repo.updateIfVersion(trx, id, current.version, {
        ...row,
        updated_at: this.clock.now().toISOString(),
      });
      if (!ok) throw errors.conflict('该场所刚被他人修改，请刷新后重试', 'Someone else changed this place; reload and try again');
      await this.audit.record(trx, actor, 'place.updated', 'place', id, { before: { ...current, hoursRule: undefined }, after: row });
      await this.catalogue.touch(trx);
    });
    return this.presentById(id);
  }

  /** Places the actor manages as a workbook or GeoJSON, contacts unmasked for data exchange: audited. */
  async exportFile(
    actor: Actor,
    format: 'xlsx' | 'geojson',
    type?: string,
  ): Promise<{ fileName: string; mime: string; body: Buffer | string }> {
    const { items } = await this.list(actor, { type, page: 1, pageSize: 1_000_000 }, true, { unmask: true });
    await this.audit.record(this.db, actor, 'places.exported', 'place', null, { format, type: type ?? null, rows: items.length });
    const body = await exportPlaces(items, await this.types(), format);
    return { fileName: `便民场所-${this.clock.now().toISOString().slice(0, 10)}.${format}`, mime: MIME[format], body };
  }

  /** The public places as GeoJSON for other apps (masked, no personal data). */
  async publicGeoJson(type?: string): Promise<Buffer | string> {
    const { items } = await this.list(null, { type, page: 1, pageSize: 1_000_000 }, false);
    return exportPlaces(items, await this.types(), 'geojson');
  }

  /** An uploaded Excel or GeoJSON file: a dry run lists every bad row; a real run imports all or nothing. */
  async importFile(actor: Actor, buf: Buffer, fileName: string, dryRun: boolean): Promise<ImportReport> {
    const kind = /\.(geo)?json$/i.test(fileName) || buf.subarray(0, 1).toString() === '{' ? 'geojson' : 'xlsx';
    return this.importRows(actor, await readRows(buf, kind), { dryRun });
  }

  async importRows(
    actor: Actor,
    rows: Awaited<ReturnType<typeof readRows>>,
    opts: { dryRun: boolean; progress?: (done: number, total: number) => void },
  ): Promise<ImportReport> {
    const units = await this.org.list();
    const unitByName = new Map(units.flatMap((u) => [[u.name, u.id] as [string, string], [u.id, u.id] as [string, string]]));
    return importPlaces({ db: this.db, places: this, audit: this.audit, clock: this.clock, unitByName }, actor, rows, opts);
  }
}
