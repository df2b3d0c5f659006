/**
 * 微心愿: entry (the person, or staff 代录), the community's check, the public board, one claimer,
 * delivery with a photo, confirmation. Knows nothing of HTTP. Steps run through the workflow
 * (wish.workflow.ts); notices are told in the step's transaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Clock, chinaDate } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import { type Executor, inTransaction } from '../../platform/executor.js';
import { idempotencyScope, rememberKey, seenKey } from '../../platform/idempotency.js';
import { rowInScope } from '../../platform/scope.js';
import type { ServiceRecordsService } from '../../platform/service-records/service-records.service.js';
import { appendTimeline, readTimeline } from '../../platform/timeline.js';
import type { Tell } from '../../platform/workflow.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, isStaff } from '../auth/actor.js';
import type { MembershipsService } from '../memberships/memberships.service.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import { WISH_ENTITY, WISH_WORKFLOW, type WishStepContext } from './wish.workflow.js';
import { readWishConfig, writeWishConfig } from './wishes.config.js';
import { mayRead, performersFor, staffCovers, WISH_SCOPE, type WishRow } from './wishes.policy.js';
import { presentBoardItem, presentStep, presentWish } from './wishes.presenter.js';
import { WishesRepository } from './wishes.repository.js';
import type {
  BoardQuery,
  CreateWishInput,
  ListWishesQuery,
  WishActionInput,
  WishConfig,
  WishStepInput,
  WishView,
} from './wishes.schema.js';

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '40001', '40P01', '55P03']);

/**
 * Another instance holding the write lock is not an answer: the claim is tried again (briefly),
 * so the loser hears "taken" rather than "try again".
 */
async function busyRetry<T>(fn: () => Promise<T>, tries = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || !BUSY.has((e as { code?: string }).code ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 15 * i + Math.random() * 20));
    }
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const digits = (s: string) => s.replace(/\D/g, '');

export class WishesService {
  readonly repo: WishesRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly notices: NoticesService,
    private readonly memberships: MembershipsService,
    private readonly serviceRecords: ServiceRecordsService,
    private readonly requests: RequestsService,
  ) {
    this.repo = new WishesRepository(db);
  }

  // ---- entry --------------------------------------------------------------------------------

  async create(
    actor: Actor,
    input: CreateWishInput,
    opts: { idempotencyKey?: string } = {},
  ): Promise<{ wish: WishView; replayed: boolean }> {
    const community = await this.org.get(input.communityCode);
    if (community?.kind !== 'community')
      throw errors.validation('communityCode', `communityCode：社区 ${input.communityCode} 不存在`, `communityCode: unknown community`);
    const config = await readWishConfig(this.db);
    if (!config.groups.some((g) => g.code === input.groupCode))
      throw errors.validation('groupCode', 'groupCode：没有这个心愿类别', 'groupCode: no such group');
    if (input.valueYuan > config.valueCapYuan)
      throw errors.validation(
        'valueYuan',
        `valueYuan：每个心愿价值不超过 ${config.valueCapYuan} 元`,
        `valueYuan: a wish may be worth at most ${config.valueCapYuan} yuan`,
      );
    const staff = isStaff(actor);
    if (
      staff &&
      !rowInScope(WISH_SCOPE, actor, {
        district_code: community.district_code,
        street_code: community.street_code,
        community_code: community.id,
        grid_code: null,
      })
    )
      throw errors.forbidden(`为“${community.name}”代录心愿`);
    if (actor.kind !== 'user' && !input.recipientPhone)
      throw errors.validation(
        'recipientPhone',
        'recipientPhone：没有账号时请留下电话，以便告知进度',
        'recipientPhone: without an account, leave a phone to be told of progress',
      );
    const householdKey = input.idNumber
      ? sha256(`id:${input.idNumber.toUpperCase()}`)
      : input.recipientPhone
        ? sha256(`phone:${digits(input.recipientPhone)}`)
        : actor.kind === 'user'
          ? sha256(`user:${actor.userId}`)
          : '';
    const now = this.clock.now();
    const year = Number(chinaDate(now).slice(0, 4));
    const key = opts.idempotencyKey;
    const scope = key ? idempotencyScope(actor, input) : '';

    return inTransaction(this.db, undefined, async (trx) => {
      if (key) {
        const seen = await seenKey(trx, scope, key, WISH_ENTITY);
        if (seen) return { wish: presentWish((await this.repo.byId(seen, trx)) as WishRow, { full: true, private: true }), replayed: true };
      }
      if ((await this.repo.householdCount(trx, householdKey, year)) >= config.householdYearlyCap)
        throw errors.conflict(
          `同一家庭每年最多 ${config.householdYearlyCap} 个心愿，今年已满`,
          `A household may post at most ${config.householdYearlyCap} wishes a year; this year's are used`,
          { field: 'household' },
        );
      const elsewhere = await this.repo.openElsewhere(trx, householdKey, community.id);
      if (elsewhere) {
        const other = await this.org.get(elsewhere.community_code, trx);
        throw errors.conflict(
          `该家庭在${other?.name ?? '其他社区'}已有未完成的心愿`,
          'This household already has an open wish in another community',
          { field: 'household' },
        );
      }
      const id = randomUUID();
      const row: WishRow = {
        id,
        number: `XY${chinaDate(now).replace(/-/g, '')}${randomBytes(3).toString('hex').toUpperCase()}`,
        status: 'submitted',
        version: 1,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        district_code: community.district_code,
        street_code: community.street_code,
        community_code: community.id,
        grid_code: null,
        group_code: input.groupCode,
        title: input.title,
        story: input.story ?? null,
        value_yuan: input.valueYuan,
        recipient_name: input.recipientName,
        recipient_age: input.recipientAge ?? null,
        recipient_phone: input.recipientPhone ?? null,
        household_key: householdKey,
        board_text: null,
        contact_mode: 'worker',
        contact_name: null,
        contact_phone: null,
        phone_consent: input.phoneConsent ? 1 : 0,
        photo_consent: input.photoConsent ? 1 : 0,
        channel: staff ? 'proxy' : 'self',
        poster_user_id: actor.kind === 'user' && !staff ? actor.userId : null,
        poster_phone: input.recipientPhone ?? null,
        entered_by: actor.kind === 'user' ? actor.userId : null,
        claimer_user_id: null,
        claimer_name: null,
        claimer_unit_id: null,
        claimed_at: null,
        claim_due_at: null,
        reminded_at: null,
        fulfilled_at: null,
        service_record_id: null,
        confirmed_at: null,
        decline_reason: null,
        request_id: null,
        year,
        demo: 0,
      };
      await trx.insertInto('wishes').values(row).execute();
      await appendTimeline(trx, [
        { entity: { type: WISH_ENTITY, id }, at: row.created_at, actor, action: 'create', from: null, to: 'submitted', note: null },
      ]);
      await this.notices.tell(trx, {
        event: 'wish.create.community',
        entity: { type: WISH_ENTITY, id },
        recipients: [{ unit: community.id }],
        vars: this.vars(row),
        actor,
      });
      if (key) await rememberKey(trx, scope, key, { type: WISH_ENTITY, id }, row.created_at);
      return { wish: presentWish(row, { full: true, private: true }), replayed: false };
    });
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The public board: only what the community chose to show; never a phone, an address or a face. */
  async board(q: BoardQuery) {
    const { rows, total, lit } = await this.repo.board(q);
    const names = new Map<string, string>();
    const name = async (id: string | null) => {
      if (!id) return null;
      if (!names.has(id)) names.set(id, (await this.org.get(id))?.name ?? '');
      return names.get(id) ?? null;
    };
    const items = [];
    for (const w of rows) {
      const unit = w.claimer_unit_id ? await this.org.get(w.claimer_unit_id) : undefined;
      items.push(presentBoardItem(w, (await name(w.community_code)) ?? '', unit?.kind === 'cobuild' ? unit.name : null));
    }
    const config = await readWishConfig(this.db);
    const communities = (await this.org.list()).filter((u) => u.kind === 'community' && u.active === 1);
    const withWishes = new Set(
      (
        await this.db
          .selectFrom('wishes')
          .select('community_code')
          .distinct()
          .where('status', 'in', ['published', 'claimed', 'fulfilled', 'confirmed'])
          .execute()
      ).map((r) => r.community_code),
    );
    return {
      items,
      total,
      lit,
      groups: config.groups,
      communities: communities.filter((c) => withWishes.has(c.id)).map((c) => ({ code: c.id, name: c.name })),
    };
  }

  private async readable(actor: Actor, id: string, db: Executor = this.db): Promise<WishRow> {
    const w = await this.repo.byId(id, db);
    if (!w || !mayRead(actor, w)) throw errors.notFound('心愿', 'Wish');
    return w;
  }

  private view(actor: Actor, w: WishRow): WishView {
    const own = actor.kind === 'user' && w.poster_user_id === actor.userId;
    const staff = staffCovers(actor, w);
    return presentWish(w, { full: own || (staff && actor.kind === 'user' && w.entered_by === actor.userId), private: own || staff });
  }

  async get(actor: Actor, id: string, db: Executor = this.db) {
    const w = await this.readable(actor, id, db);
    const photos = await db
      .selectFrom('uploads')
      .select('id')
      .where('entity_type', '=', WISH_ENTITY)
      .where('entity_id', '=', w.id)
      .execute();
    return {
      wish: this.view(actor, w),
      actions: WISH_WORKFLOW.available(w, performersFor(actor, w)).filter((a) => a !== 'claim' || w.status === 'published'),
      timeline: (await readTimeline(db, { type: WISH_ENTITY, id: w.id })).map(presentStep),
      photos: photos.map((p) => p.id),
    };
  }

  async list(actor: Actor, q: ListWishesQuery) {
    const { rows, total } = await this.repo.list(actor, q);
    return { items: rows.map((w) => this.view(actor, w)), total };
  }

  async mine(actor: Actor) {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    return { items: (await this.repo.byPoster(actor.userId)).map((w) => this.view(actor, w)), total: 0 };
  }

  async claims(actor: Actor) {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    return { items: (await this.repo.byClaimer(actor.userId)).map((w) => this.view(actor, w)), total: 0 };
  }

  /** Who the claimer calls to deliver: the community's worker, or the recipient if they agreed. Audited. */
  async contact(actor: Actor, id: string, ip: string | null) {
    const w = await this.readable(actor, id);
    const claimer = actor.kind === 'user' && w.claimer_user_id === actor.userId;
    if (!(claimer && (w.status === 'claimed' || w.status === 'fulfilled')) && !staffCovers(actor, w))
      throw errors.forbidden('查看送达联系人');
    const recipient = w.contact_mode === 'recipient' && w.phone_consent === 1 && w.recipient_phone;
    await this.audit.record(this.db, actor, 'wish.contact_viewed', WISH_ENTITY, w.id, { kind: recipient ? 'recipient' : 'worker' }, ip);
    return recipient
      ? { kind: 'recipient' as const, name: `${w.recipient_name.slice(0, 1)}**`, phone: w.recipient_phone as string }
      : { kind: 'worker' as const, name: w.contact_name ?? '社区工作人员', phone: w.contact_phone ?? '' };
  }

  // ---- steps --------------------------------------------------------------------------------

  /** One claimer wins: the versioned update lets exactly one of many concurrent claims through. */
  async claim(actor: Actor, id: string, asUnit?: string) {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    const w = await this.repo.byId(id);
    if (!w || (w.status === 'submitted' && !mayRead(actor, w))) throw errors.notFound('心愿', 'Wish');
    const unit = await this.memberships.actingFor(actor, asUnit);
    const { claimDays, openClaimsPerPerson } = await readWishConfig(this.db);
    try {
      return await busyRetry(() =>
        this.step(actor, id, { action: 'claim', asUnit: unit?.unitId, claimDays, openClaimsCap: openClaimsPerPerson }),
      );
    } catch (e) {
      if (e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'INVALID_TRANSITION') && !e.details.openClaims)
        throw errors.conflict(
          '这个心愿已被他人认领，请看看其他心愿',
          'This wish has already been claimed by someone else; please choose another one',
          {
            taken: true,
          },
        );
      throw e;
    }
  }

  act(actor: Actor, id: string, input: WishActionInput) {
    return this.step(actor, id, input);
  }

  /** Takes one step of the workflow in its own transaction (or the caller's) and answers the detail. */
  async step(actor: Actor, id: string, input: WishStepInput, trx?: Executor) {
    const wishId = await inTransaction(this.db, trx, async (t) => {
      const w = await this.repo.byId(id, t);
      const performers = w ? performersFor(actor, w) : new Set();
      // Only a claim is open to those who cannot read the wish (anyone may claim what is on the board).
      const claiming = input.action === 'claim' && performers.has('claimant');
      if (!w || (!mayRead(actor, w) && !claiming && actor.kind !== 'system')) throw errors.notFound('心愿', 'Wish');
      if ('version' in input && input.version !== undefined && input.version !== w.version) throw errors.staleVersion();
      const staffPhone =
        actor.kind === 'user'
          ? ((await t.selectFrom('users').select('phone').where('id', '=', actor.userId).executeTakeFirst())?.phone ?? null)
          : null;
      const ctx: WishStepContext = { serviceRecords: this.serviceRecords, requests: this.requests, staffPhone };
      const photos = input.action === 'fulfil' ? input.photos : undefined;
      await WISH_WORKFLOW.take({
        trx: t,
        actor,
        row: w,
        input,
        performers: performersFor(actor, w),
        now: this.clock.now(),
        ctx,
        photos,
        notify: (tx, told, s) => this.tell(tx, told, s.action, s.after, actor),
      });
      if (photos) {
        const n = await attachUploads(t, { type: WISH_ENTITY, id: w.id }, photos, actor.kind === 'user' ? actor.userId : null);
        if (n !== new Set(photos).size)
          throw errors.validation(
            'photos',
            'photos：有照片不存在、不是您上传的或已被使用',
            'photos: an upload is missing, not yours, or already used',
          );
      }
      return w.id;
    });
    if (actor.kind === 'system') return null;
    const after = (await this.repo.byId(wishId, trx)) as WishRow;
    // A claimer who withdrew no longer reads the wish: they see what the board shows of it.
    if (!mayRead(actor, after)) return { wish: presentWish(after, { full: false, private: false }), actions: [], timeline: [], photos: [] };
    return this.get(actor, wishId, trx);
  }

  private vars(w: WishRow) {
    return { number: w.number, title: w.title };
  }

  private async tell(trx: Executor, told: Tell[], action: string, after: WishRow, actor: Actor) {
    for (const t of told)
      await this.notices.tell(trx, {
        event: `${WISH_ENTITY}.${action}.${t.audience}`,
        entity: { type: WISH_ENTITY, id: after.id },
        recipients: t.to,
        vars: this.vars(after),
        actor,
      });
  }

  /** Photos: whoever may read the wish; the public only for a fulfilled wish whose recipient agreed. */
  async mayOpenAttachment(actor: Actor, id: string): Promise<boolean> {
    const w = await this.repo.byId(id);
    if (!w) return false;
    return mayRead(actor, w) || (w.status === 'confirmed' && w.photo_consent === 1);
  }

  /** The district's wish settings, and setting them (audited in the same transaction). */
  config(): Promise<WishConfig> {
    return readWishConfig(this.db);
  }
  async setConfig(actor: Actor, config: WishConfig): Promise<WishConfig> {
    await this.db.transaction().execute(async (trx) => {
      await writeWishConfig(trx, config);
      await this.audit.record(trx, actor, 'wish.config_changed', 'settings', 'wishes.config', config);
    });
    return config;
  }
}
