/**
 * 微心愿: entry (the person, or staff 代录), the community's check, the public board, one claimer,
 * delivery with a photo, confirmation. Knows nothing of HTTP. Steps run through the workflow
 * (wish.workflow.ts); notices are told in the step's transaction.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import { busyRetry } from '../../db/busy.js';
import type { DB } from '../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import { attachUploads } from '../../platform/attachments.js';
import { type Executor, inTransaction } from '../../platform/executor.js';
import type { ServiceRecordsService } from '../../platform/service-records/service-records.service.js';
import { readTimeline } from '../../platform/timeline.js';
import type { Recipient, Tell } from '../../platform/workflow.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { DrivesService } from '../drives/drives.service.js';
import type { MembershipsService } from '../memberships/memberships.service.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import { WISH_ENTITY, WISH_WORKFLOW, type WishStepContext } from './wish.workflow.js';
import { readWishConfig, writeWishConfig } from './wishes.config.js';
import { enterWish } from './wishes.entry.js';
import { mayRead, performersFor, staffCovers, type WishRow } from './wishes.policy.js';
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
    private readonly drives: DrivesService,
  ) {
    this.repo = new WishesRepository(db);
  }

  // ---- entry --------------------------------------------------------------------------------

  create(actor: Actor, input: CreateWishInput, opts: { idempotencyKey?: string } = {}): Promise<{ wish: WishView; replayed: boolean }> {
    return enterWish(
      { db: this.db, clock: this.clock, org: this.org, notices: this.notices, repo: this.repo, drives: this.drives },
      actor,
      input,
      opts,
    );
  }

  config(): Promise<WishConfig> {
    return readWishConfig(this.db);
  }

  /** The district's settings, audited in the same transaction. */
  async setConfig(actor: Actor, config: WishConfig): Promise<WishConfig> {
    await inTransaction(this.db, undefined, async (trx) => {
      await writeWishConfig(trx, config);
      await this.audit.record(trx, actor, 'wish.config_changed', 'settings', 'wishes.config', config);
    });
    return config;
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
    // Delivery photos only of confirmed wishes whose recipient agreed (the attachment policy lets the public open them).
    const photos = await this.repo.photos(rows.filter((w) => w.status === 'confirmed' && w.photo_consent === 1).map((w) => w.id));
    const items = [];
    for (const w of rows) {
      const unit = w.claimer_unit_id ? await this.org.get(w.claimer_unit_id) : undefined;
      items.push(presentBoardItem(w, (await name(w.community_code)) ?? '', unit?.kind === 'cobuild' ? unit.name : null, photos.get(w.id)));
    }
    const config = await readWishConfig(this.db);
    const communities = (await this.org.list()).filter((u) => u.kind === 'community' && u.active === 1);
    const withWishes = await this.repo.communitiesOnBoard();
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

  private view(actor: Actor, w: WishRow, timePending = false): WishView {
    const own = actor.kind === 'user' && w.poster_user_id === actor.userId;
    const staff = staffCovers(actor, w);
    return presentWish(w, {
      full: own || (staff && actor.kind === 'user' && w.entered_by === actor.userId),
      private: own || staff,
      timePending: staff && timePending,
    });
  }

  async get(actor: Actor, id: string, db: Executor = this.db) {
    const w = await this.readable(actor, id, db);
    const photos = (await this.repo.photos([w.id], db)).get(w.id) ?? [];
    const performers = performersFor(actor, w);
    const recordPending = (await this.repo.recordStatus(w.service_record_id, db)) === 'pending';
    const notes = performers.has('community') || performers.has('poster');
    return {
      wish: this.view(actor, w, recordPending && w.status === 'confirmed'),
      actions: WISH_WORKFLOW.available(w, performers).filter(
        (a) =>
          (a !== 'claim' || w.status === 'published') &&
          // Whoever claimed it confirms neither the wish nor their own time.
          ((a !== 'confirm' && a !== 'verify') || !performers.has('claimer')) &&
          (a !== 'verify' || recordPending),
      ),
      timeline: (await readTimeline(db, { type: WISH_ENTITY, id: w.id })).map((e) => presentStep(e, { notes })),
      photos,
    };
  }

  async list(actor: Actor, q: ListWishesQuery) {
    const { rows, total } = await this.repo.list(actor, q);
    const pending = await this.repo.timePending(rows);
    return { items: rows.map((w) => this.view(actor, w, pending.has(w.id))), total };
  }

  async mine(actor: Actor) {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    const { rows, total } = await this.repo.byPerson('poster_user_id', actor.userId);
    return { items: rows.map((w) => this.view(actor, w)), total };
  }

  async claims(actor: Actor) {
    if (actor.kind !== 'user') throw errors.unauthenticated();
    const { rows, total } = await this.repo.byPerson('claimer_user_id', actor.userId);
    return { items: rows.map((w) => this.view(actor, w)), total };
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
    // Only what is (or was) on the board exists for a claimer: an unchecked, declined or withdrawn wish is 404.
    if (!w || (!ON_BOARD_STATUSES.has(w.status) && !mayRead(actor, w))) throw errors.notFound('心愿', 'Wish');
    if (w.claimer_user_id === actor.userId) throw alreadyYours();
    const unit = await this.memberships.actingFor(actor, asUnit);
    const { claimDays, openClaimsPerPerson } = await readWishConfig(this.db);
    try {
      return await busyRetry(() =>
        this.step(actor, id, { action: 'claim', asUnit: unit?.unitId, claimDays, openClaimsCap: openClaimsPerPerson }),
      );
    } catch (e) {
      if (!(e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'INVALID_TRANSITION')) || e.details.openClaims) throw e;
      // Lost the race, or it had gone already: say who has it now.
      const now = await this.repo.byId(id);
      if (now?.claimer_user_id === actor.userId) throw alreadyYours();
      if (now?.claimer_user_id)
        throw errors.conflict(
          '这个心愿已被他人认领，请看看其他心愿',
          'This wish has already been claimed by someone else; please choose another one',
          {
            taken: true,
          },
        );
      if (now && !ON_BOARD_STATUSES.has(now.status)) throw errors.notFound('心愿', 'Wish');
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
        notify: (tx, told, s) => this.tell(tx, [...told, ...claimerToldOf(s.action, w, actor)], s.action, s.after, actor),
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

  private async tell(trx: Executor, told: Tell[], action: string, after: WishRow, actor: Actor) {
    for (const t of told)
      await this.notices.tell(trx, {
        event: `${WISH_ENTITY}.${action}.${t.audience}`,
        entity: { type: WISH_ENTITY, id: after.id },
        recipients: t.to,
        vars: { number: after.number, title: after.title },
        actor,
      });
  }

  /** Photos: whoever may read the wish; the public only for a fulfilled wish whose recipient agreed. */
  async mayOpenAttachment(actor: Actor, id: string): Promise<boolean> {
    const w = await this.repo.byId(id);
    if (!w) return false;
    return mayRead(actor, w) || (w.status === 'confirmed' && w.photo_consent === 1);
  }
}

const ON_BOARD_STATUSES = new Set(['published', 'claimed', 'fulfilled', 'confirmed']);
const alreadyYours = () =>
  errors.conflict('您已认领这个心愿，请在“我的认领”中查看', 'You have already claimed this wish; see My claims', { mine: true });

/** The claimer is gone from the row after a withdraw or release: told from the row before (not when they withdrew themselves). */
function claimerToldOf(action: string, before: WishRow, actor: Actor): Tell[] {
  if ((action !== 'withdraw' && action !== 'release') || !before.claimer_user_id) return [];
  if (actor.kind === 'user' && actor.userId === before.claimer_user_id) return [];
  const to: Recipient[] = [{ user: before.claimer_user_id }];
  return [{ audience: 'claimer', to }];
}
