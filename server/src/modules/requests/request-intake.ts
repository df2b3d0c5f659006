/**
 * Intake: a request is recorded, routed to its community and grid, numbered, given the time
 * limits its kind's clock runs on, and — for grid categories — dispatched at once. On SQLite the
 * intakes of one moment share a transaction (db/group-commit.ts); a caller with its own
 * transaction (another module's step) passes it and the intake commits with that step.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Clock, chinaDate, chinaMonth } from '../../clock.js';
import type { WriteQueue } from '../../db/group-commit.js';
import { timeOrderedId } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import type { Executor } from '../../platform/executor.js';
import { idempotencyScope, rememberKey, seenKey } from '../../platform/idempotency.js';
import { appendTimeline, type TimelineEntry } from '../../platform/timeline.js';
import { type Actor, hasRole } from '../auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { checkAttributes } from '../categories/attributes.js';
import type { CategoriesService, CategoryView } from '../categories/categories.service.js';
import type { OrgService } from '../org/org.service.js';
import { kindPolicy } from './kinds.js';
import { REQUEST_ENTITY } from './request.workflow.js';
import type { RequestRow, RequestsRepository } from './requests.repository.js';
import type { CreateRequestInput } from './requests.schema.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface Intake {
  row: RequestRow;
  replayedId?: string;
  trackCode?: string;
}

export class RequestIntake {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly categories: CategoriesService,
    private readonly calendar: CalendarService,
    private readonly repo: RequestsRepository,
    private readonly writes: WriteQueue,
  ) {}

  /** Records a request; `replayedId` is set when the key was seen before (nothing is written then). */
  async create(
    actor: Actor,
    input: CreateRequestInput,
    opts: { idempotencyKey?: string; trx?: Executor } = {},
  ): Promise<Intake | { replayedId: string }> {
    const key = opts.idempotencyKey;
    // Hashing an anonymous body costs: only when there is a key to scope.
    const idemScope = key ? idempotencyScope(actor, input) : '';
    const reader = opts.trx ?? this.db;
    // A retry is answered with the original before anything else is looked at, whatever it carries.
    if (key) {
      const seen = await seenKey(reader, idemScope, key, REQUEST_ENTITY);
      if (seen) return { replayedId: seen };
    }
    const policy = kindPolicy(input.kind);
    if (!policy?.intake)
      throw errors.validation('kind', `kind：不再受理“${input.kind}”类诉求`, `kind: requests of kind ${input.kind} are no longer taken`);
    const category = await this.categories.get(input.categoryCode, reader);
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
    const attributes = checkAttributes(category.attributes, input.attributes);
    const channel = channelFor(actor, input.channel);
    const place = await this.place(input, reader);
    const now = this.clock.now();
    const nowIso = now.toISOString();
    // A kind without a clock (an interim wish or finding) gets no time limits, so no sweep or measure counts it.
    const calendar = policy.clock === 'sla' ? await this.calendar.calendar(reader) : null;
    const sla = category.sla[input.urgency as keyof CategoryView['sla']];
    const limit = (which: 'sign' | 'contact' | 'resolve') => (calendar ? calendar.deadline(now, sla[which]).toISOString() : null);
    const reporter = reporterOf(actor, input, channel);
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
    // taken inside it, at no cost to anyone. A caller's own transaction takes it inside too.
    const inside = this.writes.grouped || !!opts.trx;
    const early = inside ? null : numbered(await this.repo.nextSerial(this.db, counter));
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
      sign_deadline: autoHandler ? limit('sign') : null,
      contact_deadline: limit('contact'),
      resolve_deadline: limit('resolve'),
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
      public_location: input.publicLocation ? 1 : 0,
      attributes: attributes ? JSON.stringify(attributes) : null,
    };
    const entity = { type: REQUEST_ENTITY, id };
    // The create and, for grid categories, the automatic dispatch: one statement.
    const entries: TimelineEntry[] = [
      {
        entity,
        at: nowIso,
        actor,
        action: 'create',
        from: null,
        to: 'accepted',
        photos: input.photos,
        data: { channel, categoryCode: category.code, urgency: input.urgency },
      },
    ];
    if (autoHandler)
      entries.push({
        entity,
        at: nowIso,
        actor: { kind: 'system', job: 'auto-dispatch' },
        action: 'dispatch',
        from: 'accepted',
        to: 'dispatched',
        data: { handlerUnitId: autoHandler, auto: true },
      });

    const write = async (trx: Executor) => {
      if (!early) row.number = numbered(await this.repo.nextSerial(trx, counter));
      await this.repo.insert(trx, row);
      await appendTimeline(trx, entries);
      await this.attach(trx, id, input.photos, actor);
      if (key) await rememberKey(trx, idemScope, key, entity, nowIso);
    };
    try {
      if (opts.trx) await write(opts.trx);
      else await this.writes.run(write);
    } catch (err) {
      // A retry racing its original: the key's unique row lost; answer with the original.
      if (key && !opts.trx) {
        const seen = await seenKey(this.db, idemScope, key, REQUEST_ENTITY);
        if (seen) return { replayedId: seen };
      }
      throw err;
    }
    return { row, trackCode };
  }

  async attach(trx: Executor, requestId: string, photos: readonly string[] | undefined, actor: Actor): Promise<void> {
    if (!photos?.length) return;
    const owner = actor.kind === 'user' ? actor.userId : null;
    const n = await attachUploads(trx, { type: REQUEST_ENTITY, id: requestId }, photos, owner);
    if (n !== photos.length)
      throw errors.validation(
        'photos',
        'photos：照片不存在、已被使用或不属于您',
        'photos: a photo does not exist, is already used, or is not yours',
      );
  }

  private async place(input: CreateRequestInput, db: Executor) {
    if (input.location) {
      const at = await this.org.locate(input.location, db);
      const community = await this.org.get(at.communityCode, db);
      return { districtCode: community?.district_code ?? '', ...at };
    }
    if (input.communityCode) {
      const c = await this.org.get(input.communityCode, db);
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
}

function reporterOf(actor: Actor, input: CreateRequestInput, channel: string) {
  if (actor.kind === 'user' && hasRole(actor, 'resident', 'volunteer'))
    return { userId: actor.userId, name: input.reporterName ?? actor.name, phone: input.reporterPhone ?? null };
  if (channel === 'patrol') return { userId: null, name: null, phone: null };
  return { userId: null, name: input.reporterName ?? null, phone: input.reporterPhone ?? null };
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
