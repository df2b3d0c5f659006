import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { WriteQueue } from '../../db/group-commit.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { type Executor, inTransaction } from '../../platform/executor.js';
import { readTimeline } from '../../platform/timeline.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, hasRole } from '../auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { CategoriesService } from '../categories/categories.service.js';
import type { NoticesService } from '../notices/notices.service.js';
import type { OrgService } from '../org/org.service.js';
import { kindPolicy } from './kinds.js';
import type { Action, Performer } from './lifecycle.js';
import { REQUEST_ENTITY, REQUEST_WORKFLOW, type RequestStepContext } from './request.workflow.js';
import { RequestIntake } from './request-intake.js';
import { RequestNotices } from './request-notices.js';
import { inScope, mayUnmaskPhone, performersFor } from './requests.policy.js';
import { presentEvent, presentRequest, type RequestView } from './requests.presenter.js';
import { type RequestRow, RequestsRepository } from './requests.repository.js';
import type { RequestDetail } from './requests.responses.js';
import type { ActionInput, CreateRequestInput, ListQuery } from './requests.schema.js';

export type { RequestDetail } from './requests.responses.js';

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The request engine: intake, routing, the lifecycle, tracking. Knows nothing of HTTP. */
export class RequestsService {
  readonly repo: RequestsRepository;
  private readonly intake: RequestIntake;
  private readonly told: RequestNotices;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly categories: CategoriesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    writes: WriteQueue,
    readonly notices: NoticesService,
  ) {
    this.repo = new RequestsRepository(db);
    this.intake = new RequestIntake(db, clock, org, categories, calendar, this.repo, writes);
    this.told = new RequestNotices(db, clock, org, categories, this.repo, notices);
  }

  // ---- intake -------------------------------------------------------------------------------

  /**
   * Records a request. `trx`: the caller's transaction, when the intake is one step of a larger
   * one (a place report dispatched at once, a wish becoming a request) and must commit with it.
   */
  async create(
    actor: Actor,
    input: CreateRequestInput,
    opts: { idempotencyKey?: string; trx?: Executor } = {},
  ): Promise<{ request: RequestView; replayed: boolean; trackCode?: string }> {
    const r = await this.intake.create(actor, input, opts);
    if (!('row' in r)) return { request: await this.viewById(r.replayedId, actor.kind !== 'user', opts.trx), replayed: true };
    return { request: presentRequest(r.row), replayed: false, trackCode: r.trackCode };
  }

  /** A replayed answer for a caller without an account shows what the public may see (names masked). */
  private async viewById(id: string, forPublic = false, db: Executor = this.db): Promise<RequestView> {
    const r = await this.repo.byId(id, db);
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

  async get(actor: Actor, idOrNumber: string, db: Executor = this.db): Promise<RequestDetail> {
    const r = await this.visible(actor, idOrNumber, db);
    const performers = await this.performers(actor, r, false, db);
    const forPublic = actor.kind !== 'user' || hasRole(actor, 'resident', 'volunteer');
    return {
      request: presentRequest(r),
      timeline: (await readTimeline(db, { type: REQUEST_ENTITY, id: r.id })).map((e) => presentEvent(e, { forPublic })),
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
    const rows = await this.audit.list({ entityType: 'request', entityId: r.id, action: 'request.phone_viewed', limit: 200 });
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

  /** Actions the workflow offers these performers now (its state table narrowed by its guards). */
  private allowed(r: RequestRow, performers: Set<Performer>): Action[] {
    return REQUEST_WORKFLOW.available(r, performers);
  }

  // ---- the lifecycle ------------------------------------------------------------------------

  /**
   * Takes one step of the request's workflow (request.workflow.ts). `trx`: the caller's
   * transaction, when this step must commit with another module's (then the caller reads the
   * result after its commit; the detail returned is read inside the transaction).
   */
  async transition(
    actor: Actor,
    idOrNumber: string,
    input: ActionInput,
    /** `silent`: tell no one (the demo seed replays months of history). */
    opts: { provenReporter?: boolean; trx?: Executor; silent?: boolean } = {},
  ): Promise<RequestDetail> {
    const id = await inTransaction(this.db, opts.trx, async (trx) => {
      const r = await this.repo.byIdOrNumber(idOrNumber, trx);
      if (!r || (!opts.provenReporter && !inScope(actor, r))) throw errors.notFound('诉求', 'Request');
      if (input.version !== undefined && input.version !== r.version) throw errors.staleVersion();
      const performers = await this.performers(actor, r, opts.provenReporter, trx);
      const category = await this.categories.get(r.category_code, trx);
      const ctx: RequestStepContext = {
        calendar: await this.calendar.calendar(trx),
        // A kind without a clock gets no new deadlines from a dispatch or a reopen either.
        sla: kindPolicy(r.kind)?.clock === 'sla' ? category?.sla[r.urgency as 'urgent' | 'normal' | 'complex'] : undefined,
        org: this.org,
        repo: this.repo,
      };
      const photos = 'photos' in input ? input.photos : undefined;
      await REQUEST_WORKFLOW.take({
        trx,
        actor,
        row: r,
        input,
        performers,
        now: this.clock.now(),
        ctx,
        as: opts.provenReporter ? { role: 'reporter', name: '诉求人' } : undefined,
        photos,
        notify: opts.silent ? undefined : (tx, told, step) => this.told.tell(tx, told, step.action, step.after, actor, category),
      });
      await this.intake.attach(trx, r.id, photos, actor);
      return r.id;
    });
    return this.get(opts.provenReporter ? { kind: 'system', job: 'reporter' } : actor, id, opts.trx);
  }

  /** The system's own steps tell people too: the overdue sweep's 督办 (in its transaction). */
  tellEscalated(trx: Executor, requestId: string): Promise<void> {
    return this.told.escalated(trx, requestId);
  }

  /** What intake dispatched at once, told to the grids by a periodic job (request-notices.ts). */
  tellAutoDispatched(): Promise<number> {
    return this.told.autoDispatched();
  }

  /** The request module's rule for its photos: whoever sees the request (its reporter by token: track.service.ts). */
  async mayOpenAttachment(actor: Actor, requestId: string): Promise<boolean> {
    const r = await this.repo.byId(requestId);
    return !!r && inScope(actor, r);
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
      timeline: (await readTimeline(this.db, { type: REQUEST_ENTITY, id: r.id })).map((e) => presentEvent(e, { forPublic: true })),
      actions: this.allowed(r, performers).filter((a) => a === 'rate' || a === 'reopen'),
    };
  }
}
