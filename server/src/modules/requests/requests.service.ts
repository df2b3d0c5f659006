import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Updateable } from 'kysely';
import { type Clock, chinaDate, chinaMonth } from '../../clock.js';
import type { WriteQueue } from '../../db/group-commit.js';
import { timeOrderedId } from '../../db/ids.js';
import type { DB, RequestEventTable, RequestTable } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorLabel, hasRole } from '../auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { CategoriesService, CategoryView } from '../categories/categories.service.js';
import type { OrgService } from '../org/org.service.js';
import { type Action, availableActions, checkTransition, isOpen, type Performer, type Status } from './lifecycle.js';
import { canDispatchTo, inScope, mayUnmaskPhone, performersFor, signerTakes } from './requests.policy.js';
import { type EventView, presentEvent, presentRequest, type RequestView } from './requests.presenter.js';
import { type RequestRow, RequestsRepository } from './requests.repository.js';
import type { ActionInput, CreateRequestInput, ListQuery } from './requests.schema.js';

export interface RequestDetail {
  request: RequestView;
  timeline: EventView[];
  actions: Action[];
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The request engine: intake, routing, the lifecycle, tracking. Knows nothing of HTTP. */
export class RequestsService {
  readonly repo: RequestsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly categories: CategoriesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly writes: WriteQueue,
  ) {
    this.repo = new RequestsRepository(db);
  }

  // ---- intake -------------------------------------------------------------------------------

  async create(
    actor: Actor,
    input: CreateRequestInput,
    opts: { idempotencyKey?: string } = {},
  ): Promise<{ request: RequestView; replayed: boolean; trackCode?: string }> {
    const idemScope = idempotencyScope(actor);
    const key = opts.idempotencyKey;
    // A retry is answered with the original before anything else is looked at, whatever it carries.
    if (key) {
      const seen = await this.repo.idempotent(idemScope, key);
      if (seen) return { request: await this.viewById(seen.request_id, actor.kind !== 'user'), replayed: true };
    }
    const category = await this.categories.get(input.categoryCode);
    if (!category?.active)
      throw errors.validation(
        'categoryCode',
        `categoryCode：类别 ${input.categoryCode} 不存在`,
        `categoryCode: unknown category ${input.categoryCode}`,
      );
    if (!category.kinds.includes(input.kind))
      throw errors.validation(
        'kind',
        `kind：类别“${category.name}”不接受此类型`,
        `kind: category ${category.code} does not take ${input.kind}`,
      );
    const channel = channelFor(actor, input.channel);
    const place = await this.place(input);
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const calendar = await this.calendar.calendar();
    const sla = category.sla[input.urgency as keyof CategoryView['sla']];
    const reporter = this.reporterOf(actor, input, channel);
    const trackCode = !reporter.phone && actor.kind !== 'user' ? randomBytes(4).toString('hex').toUpperCase() : undefined;
    const id = timeOrderedId(now.getTime());
    const autoHandler = category.handler === 'grid' ? (place.gridCode ?? place.communityCode) : null;

    const day = chinaDate(now).replaceAll('-', '');
    const counter = `request:${day}`;
    const numbered = (serial: number) => `LX${day}${String(serial).padStart(4, '0')}`;
    // PostgreSQL: the day's serial is taken in its own short statement, before the transaction:
    // the counter row is the one row every intake writes, and holding its lock for the whole
    // transaction serialised intake (see bench/README.md). An intake that then fails leaves a gap
    // in the day's numbers, as a sequence would; numbers stay unique. SQLite has one writer and
    // groups the intakes of a moment into one transaction (db/group-commit.ts): the serial is
    // taken inside it, at no cost to anyone.
    const early = this.writes.grouped ? null : numbered(await this.repo.nextSerial(this.db, counter));
    // Every column, so that the answer is presented from what was written, without reading it back.
    const row: RequestRow = {
      id,
      number: early ?? '',
      kind: input.kind,
      category_code: category.code,
      urgency: input.urgency,
      title: input.title ?? input.description.slice(0, 30),
      description: input.description,
      channel,
      status: autoHandler ? 'dispatched' : 'accepted',
      version: 1,
      district_code: place.districtCode,
      street_code: place.streetCode,
      community_code: place.communityCode,
      grid_code: place.gridCode,
      handler_unit_id: autoHandler,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      address: input.address ?? null,
      anonymous: input.anonymous ? 1 : 0,
      reporter_user_id: reporter.userId,
      reporter_name: input.anonymous ? null : reporter.name,
      reporter_phone: reporter.phone,
      created_by_user_id: actor.kind === 'user' ? actor.userId : null,
      open311_token: actor.kind === 'apikey' ? randomUUID() : null,
      track_code_hash: trackCode ? sha256(trackCode) : null,
      created_at: nowIso,
      updated_at: nowIso,
      created_month: chinaMonth(now),
      dispatched_at: autoHandler ? nowIso : null,
      signed_at: null,
      contacted_at: null,
      resolved_at: null,
      rated_at: null,
      closed_at: null,
      sign_deadline: autoHandler ? calendar.deadline(now, sla.sign).toISOString() : null,
      contact_deadline: calendar.deadline(now, sla.contact).toISOString(),
      resolve_deadline: calendar.deadline(now, sla.resolve).toISOString(),
      overdue: 0,
      supervised: 0,
      extension_pending: 0,
      reopen_count: 0,
      contacted_in_time: null,
      resolved_on_time: null,
      handling_seconds: null,
      reply: null,
      rating: null,
      rating_resolved: null,
      rating_comment: null,
      period_month: null,
      merged_into_id: null,
    };
    const who = actorLabel(actor);
    // The create and, for grid categories, the automatic dispatch: one statement.
    const events: Insertable<RequestEventTable>[] = [
      {
        request_id: id,
        at: nowIso,
        actor_id: who.id,
        actor_role: who.role,
        actor_unit_id: who.unitId,
        actor_name: who.name,
        action: 'create',
        from_status: null,
        to_status: 'accepted',
        note: null,
        photos: input.photos.length ? JSON.stringify(input.photos) : null,
        data: JSON.stringify({ channel, categoryCode: category.code, urgency: input.urgency }),
      },
    ];
    if (autoHandler)
      events.push({
        request_id: id,
        at: nowIso,
        actor_id: null,
        actor_role: 'system',
        actor_unit_id: null,
        actor_name: '系统(自动派单)',
        action: 'dispatch',
        from_status: 'accepted',
        to_status: 'dispatched',
        note: null,
        photos: null,
        data: JSON.stringify({ handlerUnitId: autoHandler, auto: true }),
      });

    try {
      await this.writes.run(async (trx) => {
        if (!early) row.number = numbered(await this.repo.nextSerial(trx, counter));
        await this.repo.insert(trx, row);
        await this.repo.addEvents(trx, events);
        await this.attach(trx, id, input.photos, actor);
        if (key) await this.repo.rememberIdempotent(trx, idemScope, key, id, nowIso);
      });
    } catch (err) {
      // A retry racing its original: the key's unique row lost; answer with the original.
      if (key) {
        const seen = await this.repo.idempotent(idemScope, key);
        if (seen) return { request: await this.viewById(seen.request_id, actor.kind !== 'user'), replayed: true };
      }
      throw err;
    }
    return { request: presentRequest(row), replayed: false, trackCode };
  }

  private async place(input: CreateRequestInput) {
    if (input.location) {
      const at = await this.org.locate(input.location);
      const community = await this.org.get(at.communityCode);
      return { districtCode: community?.district_code ?? '', ...at };
    }
    if (input.communityCode) {
      const c = await this.org.get(input.communityCode);
      if (c?.kind !== 'community')
        throw errors.validation(
          'communityCode',
          `communityCode：社区 ${input.communityCode} 不存在`,
          `communityCode: unknown community ${input.communityCode}`,
        );
      return { districtCode: c.district_code, streetCode: c.street_code, communityCode: c.id, gridCode: null };
    }
    throw errors.validation(
      'location',
      'location：请在地图上标出位置或选择社区',
      'location: give a point on the map or choose a community',
    );
  }

  private reporterOf(actor: Actor, input: CreateRequestInput, channel: string) {
    if (actor.kind === 'user' && hasRole(actor, 'resident', 'volunteer'))
      return { userId: actor.userId, name: input.reporterName ?? actor.name, phone: input.reporterPhone ?? null };
    if (channel === 'patrol') return { userId: null, name: null, phone: null };
    return { userId: null, name: input.reporterName ?? null, phone: input.reporterPhone ?? null };
  }

  private async attach(trx: Kysely<DB>, requestId: string, photos: string[] | undefined, actor: Actor) {
    if (!photos?.length) return;
    const owner = actor.kind === 'user' ? actor.userId : null;
    const n = await this.repo.attachUploads(trx, requestId, photos, owner);
    if (n !== photos.length)
      throw errors.validation(
        'photos',
        'photos：照片不存在、已被使用或不属于您',
        'photos: a photo does not exist, is already used, or is not yours',
      );
  }

  /** A replayed answer for a caller without an account shows what the public may see (names masked). */
  private async viewById(id: string, forPublic = false): Promise<RequestView> {
    const r = await this.repo.byId(id);
    if (!r) throw errors.notFound('诉求', 'Request');
    return presentRequest(r, { forPublic });
  }

  // ---- reading ------------------------------------------------------------------------------

  /** Loads a request the actor may see; anything else is "not found" so existence does not leak. */
  private async visible(actor: Actor, idOrNumber: string, db: Kysely<DB> = this.db): Promise<RequestRow> {
    const r = await this.repo.byIdOrNumber(idOrNumber, db);
    if (!r || !inScope(actor, r)) throw errors.notFound('诉求', 'Request');
    return r;
  }

  async get(actor: Actor, idOrNumber: string): Promise<RequestDetail> {
    const r = await this.visible(actor, idOrNumber);
    const performers = await this.performers(actor, r);
    const forPublic = actor.kind !== 'user' || hasRole(actor, 'resident', 'volunteer');
    return {
      request: presentRequest(r),
      timeline: (await this.repo.events(r.id)).map((e) => presentEvent(e, { forPublic })),
      actions: this.allowed(r, performers),
    };
  }

  async list(actor: Actor, query: ListQuery): Promise<{ items: RequestView[]; total: number; page: number; pageSize: number }> {
    const { rows, total } = await this.repo.list(actor, query, this.clock.now().toISOString());
    return { items: rows.map((r) => presentRequest(r)), total, page: query.page, pageSize: query.pageSize };
  }

  /** The caller's phone unmasked, for the people handling the request; every view is audited. */
  async revealContact(actor: Actor, idOrNumber: string, ip: string | null): Promise<{ name: string | null; phone: string | null }> {
    const r = await this.visible(actor, idOrNumber);
    if (!mayUnmaskPhone(await this.performers(actor, r))) throw errors.forbidden('查看完整电话');
    await this.audit.record(this.db, actor, 'request.phone_viewed', 'request', r.id, null, ip);
    return { name: r.anonymous ? null : r.reporter_name, phone: r.reporter_phone };
  }

  /** Who has seen the unmasked phone of this request. */
  async phoneViews(actor: Actor, idOrNumber: string) {
    const r = await this.visible(actor, idOrNumber);
    if (!mayUnmaskPhone(await this.performers(actor, r))) throw errors.forbidden('查看电话查看记录');
    const rows = await this.audit.list(this.db, { entityType: 'request', entityId: r.id, action: 'request.phone_viewed', limit: 200 });
    const users = await this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'role', 'unit_id'])
      .where('id', 'in', [...new Set(rows.map((x) => x.actor_id ?? ''))].concat(['']))
      .execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((x) => ({
      at: x.at,
      userId: x.actor_id,
      name: byId.get(x.actor_id ?? '')?.display_name ?? null,
      role: x.actor_role,
      unitId: byId.get(x.actor_id ?? '')?.unit_id ?? null,
    }));
  }

  private async performers(actor: Actor, r: RequestRow, provenReporter = false, db: Kysely<DB> = this.db): Promise<Set<Performer>> {
    const handler = r.handler_unit_id ? await this.org.get(r.handler_unit_id, db) : undefined;
    return performersFor(actor, r, handler?.path ?? null, provenReporter);
  }

  /** Actions the machine allows, narrowed by the guards the service enforces. */
  private allowed(r: RequestRow, performers: Set<Performer>): Action[] {
    return availableActions(r.status as Status, performers).filter((a) => {
      if (a === 'request_extension') return r.extension_pending === 0;
      if (a === 'approve_extension' || a === 'deny_extension') return r.extension_pending === 1;
      if (a === 'reopen' && !performers.has('dispatcher')) return r.rating === 'unsatisfied';
      if (a === 'supervise') return r.supervised === 0;
      return true;
    });
  }

  // ---- the lifecycle ------------------------------------------------------------------------

  async transition(actor: Actor, idOrNumber: string, input: ActionInput, opts: { provenReporter?: boolean } = {}): Promise<RequestDetail> {
    const id = await this.db.transaction().execute(async (trx) => {
      const r = await this.repo.byIdOrNumber(idOrNumber, trx);
      if (!r || (!opts.provenReporter && !inScope(actor, r))) throw errors.notFound('诉求', 'Request');
      if (input.version !== undefined && input.version !== r.version) throw errors.staleVersion();
      const performers = await this.performers(actor, r, opts.provenReporter, trx);
      const check = checkTransition(r.status as Status, input.action, performers);
      if (!check.ok) {
        if (check.reason === 'status') throw errors.invalidTransition(input.action, r.status);
        throw errors.forbidden(`“${input.action}”`);
      }
      const now = this.clock.now();
      const { patch, note, data } = await this.effects(actor, r, input, performers, now, trx);
      const updated = await this.repo.updateIfVersion(trx, r.id, r.version, {
        ...patch,
        status: check.to,
        updated_at: now.toISOString(),
      });
      if (!updated) throw errors.staleVersion();
      const photos = 'photos' in input ? input.photos : undefined;
      await this.attach(trx, r.id, photos, actor);
      const who = actorLabel(actor);
      await this.repo.addEvent(trx, {
        request_id: r.id,
        at: now.toISOString(),
        actor_id: opts.provenReporter && actor.kind !== 'user' ? null : who.id,
        actor_role: opts.provenReporter && actor.kind !== 'user' ? 'reporter' : who.role,
        actor_unit_id: who.unitId,
        actor_name: opts.provenReporter && actor.kind !== 'user' ? '诉求人' : who.name,
        action: input.action,
        from_status: r.status,
        to_status: check.to,
        note,
        photos: photos?.length ? JSON.stringify(photos) : null,
        data: data ? JSON.stringify(data) : null,
      });
      return r.id;
    });
    return this.get(opts.provenReporter ? { kind: 'system', job: 'reporter' } : actor, id);
  }

  /** What an action changes besides the status, with the guards the state table cannot express. */
  private async effects(
    actor: Actor,
    r: RequestRow,
    input: ActionInput,
    performers: Set<Performer>,
    now: Date,
    trx: Kysely<DB>,
  ): Promise<{ patch: Updateable<RequestTable>; note: string | null; data?: Record<string, unknown> }> {
    const at = now.toISOString();
    const note = 'note' in input ? (input.note ?? null) : null;
    const calendar = await this.calendar.calendar(trx);
    const category = await this.categories.get(r.category_code, trx);
    const sla = category?.sla[r.urgency as 'urgent' | 'normal' | 'complex'];
    const onTime = (deadline: string | null) => (deadline === null || at <= deadline ? 1 : 0);
    switch (input.action) {
      case 'dispatch': {
        const target = await this.org.require(input.handlerUnitId, 'handlerUnitId', trx);
        if (target.kind === 'district')
          throw errors.validation(
            'handlerUnitId',
            'handlerUnitId：不能派给区本级',
            'handlerUnitId: cannot dispatch to the district itself',
          );
        if (!canDispatchTo(actor, target)) throw errors.forbidden(`派单给“${target.name}”`);
        return {
          patch: {
            handler_unit_id: target.id,
            dispatched_at: at,
            sign_deadline: sla ? calendar.deadline(now, sla.sign).toISOString() : null,
          },
          note,
          data: { handlerUnitId: target.id, handlerName: target.name },
        };
      }
      case 'sign': {
        // A grid worker signing a community-level request takes it into their grid; the
        // version check of the update makes the first signer win (requests.policy.ts).
        const takenBy = signerTakes(actor, r);
        if (!takenBy) return { patch: { signed_at: at }, note };
        return { patch: { signed_at: at, handler_unit_id: takenBy }, note, data: { handlerUnitId: takenBy, from: r.handler_unit_id } };
      }
      case 'contact':
        return { patch: { contacted_at: at, contacted_in_time: onTime(r.contact_deadline) }, note };
      case 'resolve':
        return {
          patch: {
            reply: input.reply,
            resolved_at: at,
            resolved_on_time: onTime(r.resolve_deadline),
            handling_seconds: Math.round((now.getTime() - new Date(r.created_at).getTime()) / 1000),
          },
          note: input.reply,
        };
      case 'rate':
        return {
          patch: {
            rating: input.rating,
            rating_resolved: input.resolved ? 1 : 0,
            rating_comment: input.comment ?? null,
            rated_at: at,
            period_month: chinaMonth(now),
          },
          note: input.comment ?? null,
          data: { rating: input.rating, resolved: input.resolved },
        };
      case 'close':
        return { patch: { closed_at: at }, note };
      case 'return':
        return {
          patch: { handler_unit_id: null, signed_at: null, sign_deadline: null },
          note: input.reason,
          data: { from: r.handler_unit_id },
        };
      case 'request_extension':
        // One pending request at a time: a second one would silently replace the days asked for.
        if (r.extension_pending) throw errors.conflict('已有待审批的延期申请', 'An extension request is already pending');
        return { patch: { extension_pending: 1 }, note: input.reason, data: { days: input.days } };
      case 'approve_extension': {
        const asked = await trx
          .selectFrom('request_events')
          .select('data')
          .where('request_id', '=', r.id)
          .where('action', '=', 'request_extension')
          .orderBy('id', 'desc')
          .executeTakeFirst();
        const days = asked?.data ? Number((JSON.parse(asked.data) as { days: number }).days) : 0;
        if (!r.extension_pending || !days) throw errors.conflict('没有待审批的延期申请', 'There is no pending extension request');
        // A deadline of N working days is the midnight that ends the N-th day; count on from that
        // day (the instant just before the deadline), not from the day the midnight opens.
        const from = r.resolve_deadline && r.resolve_deadline > at ? new Date(new Date(r.resolve_deadline).getTime() - 1) : now;
        const deadline = calendar.addWorkingDays(from, days).toISOString();
        return { patch: { extension_pending: 0, resolve_deadline: deadline, overdue: 0 }, note, data: { days, deadline } };
      }
      case 'deny_extension':
        if (!r.extension_pending) throw errors.conflict('没有待审批的延期申请', 'There is no pending extension request');
        return { patch: { extension_pending: 0 }, note: input.reason };
      case 'supervise':
        if (r.supervised) throw errors.conflict('该诉求已在督办中', 'This request is already supervised');
        return { patch: { supervised: 1 }, note };
      case 'reopen':
        if (!performers.has('dispatcher') && r.rating !== 'unsatisfied')
          throw errors.conflict('只有评价为“不满意”时才能申请重办', 'Only an unsatisfied rating can be reopened');
        return {
          patch: {
            reopen_count: r.reopen_count + 1,
            signed_at: null,
            contacted_at: null,
            resolved_at: null,
            rating: null,
            rating_resolved: null,
            rating_comment: null,
            rated_at: null,
            period_month: null,
            dispatched_at: at,
            sign_deadline: sla ? calendar.deadline(now, sla.sign).toISOString() : null,
            // Fresh deadlines, the contact one too: the reopened work is judged from now.
            contact_deadline: sla ? calendar.deadline(now, sla.contact).toISOString() : null,
            resolve_deadline: sla ? calendar.deadline(now, sla.resolve).toISOString() : null,
            overdue: 0,
          },
          note: input.reason,
          data: { previousRating: r.rating },
        };
      case 'reject':
        return { patch: { closed_at: at }, note: input.reason };
      case 'merge': {
        const target = await this.repo.byIdOrNumber(input.targetId, trx);
        if (!target || !inScope(actor, target))
          throw errors.validation('targetId', 'targetId：要合并到的诉求不存在', 'targetId: the request to merge into does not exist');
        if (target.id === r.id)
          throw errors.validation('targetId', 'targetId：不能合并到自身', 'targetId: cannot merge a request into itself');
        if (!isOpen(target.status as Status))
          throw errors.validation('targetId', 'targetId：只能合并到未办结的诉求', 'targetId: the target request is no longer open');
        const who = actorLabel(actor);
        await this.repo.addEvent(trx, {
          request_id: target.id,
          at,
          actor_id: who.id,
          actor_role: who.role,
          actor_unit_id: who.unitId,
          actor_name: who.name,
          action: 'comment',
          from_status: target.status,
          to_status: target.status,
          note: `合并了重复诉求 ${r.number}`,
          photos: null,
          data: JSON.stringify({ mergedFrom: r.id }),
        });
        return { patch: { merged_into_id: target.id, closed_at: at }, note, data: { targetId: target.id, targetNumber: target.number } };
      }
      case 'comment':
        return { patch: {}, note: input.note };
    }
  }

  // ---- tracking without an account ----------------------------------------------------------

  /** A resident proves they filed the request with the number plus the phone (or the code given at filing). */
  async proveReporter(number: string, phone?: string, code?: string): Promise<RequestRow> {
    const r = await this.repo.byNumber(number);
    const ok =
      r &&
      ((phone && r.reporter_phone && digits(phone) === digits(r.reporter_phone)) ||
        (code && r.track_code_hash && sha256(code.toUpperCase()) === r.track_code_hash));
    if (!r || !ok) throw errors.notFound('编号与电话（或查询码）匹配的诉求', 'A request with this number and phone (or code)');
    return r;
  }

  /** What a proven reporter sees of their request (track.service.ts proves them first). */
  async trackView(r: RequestRow): Promise<RequestDetail> {
    const performers = await this.performers({ kind: 'public' }, r, true);
    return {
      request: presentRequest(r, { forPublic: true }),
      timeline: (await this.repo.events(r.id)).map((e) => presentEvent(e, { forPublic: true })),
      actions: this.allowed(r, performers).filter((a) => a === 'rate' || a === 'reopen'),
    };
  }
}

function idempotencyScope(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'apikey':
      return `apikey:${actor.keyId}`;
    default:
      return 'public';
  }
}

/** Which intake channel an actor may use; staff default to entry on behalf of a caller (代录). */
function channelFor(actor: Actor, asked: string | undefined): string {
  const allowed: string[] =
    actor.kind === 'apikey'
      ? ['open311']
      : actor.kind !== 'user' || hasRole(actor, 'resident', 'volunteer')
        ? ['web']
        : hasRole(actor, 'grid_worker', 'inspector')
          ? ['patrol', 'proxy', 'liaison']
          : ['proxy', 'liaison', 'patrol'];
  const channel = asked ?? allowed[0];
  if (!channel || !allowed.includes(channel))
    throw errors.validation('channel', `channel：您不能使用渠道 ${asked}`, `channel: ${asked} is not available to you`);
  return channel;
}
