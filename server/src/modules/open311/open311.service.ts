import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { checkAttributes } from '../categories/attributes.js';
import type { CategoryView } from '../categories/categories.service.js';
import { KIND_POLICY, type Kind, kindsWhere } from '../requests/kinds.js';
import { OPEN311_STATUS, type Status } from '../requests/lifecycle.js';
import type { RequestRow } from '../requests/requests.repository.js';
import { presentDefinition, presentPublicRequest, presentService, presentUpdate } from './open311.presenter.js';
import { Open311Repository } from './open311.repository.js';
import type { ListQuery, PostBody, UpdatesQuery } from './open311.schema.js';

const DAY_MS = 86_400_000;
const CHANGESET = '2026-12-01T00:00:00Z';

/** GeoReport v2 over the request engine. Publishes only the kinds KIND_POLICY marks `open311`. */
export class Open311Service {
  private readonly repo: Open311Repository;

  constructor(
    db: Kysely<DB>,
    private readonly s: Pick<Services, 'clock' | 'categories' | 'org' | 'requests' | 'auth'>,
  ) {
    this.repo = new Open311Repository(db);
  }

  private get kinds(): Kind[] {
    return kindsWhere('open311');
  }

  /** A jurisdiction is the district (or the city above it) the tree is rooted at. */
  async checkJurisdiction(j: string | undefined): Promise<void> {
    if (j !== undefined && !(await this.s.org.isJurisdiction(j))) throw errors.notFound(`jurisdiction_id ${j}`, `jurisdiction_id ${j}`);
  }

  /** The endpoint without a trailing slash: clients append "/services.xml". */
  discovery(origin: string) {
    return {
      changeset: CHANGESET,
      contact: '离石区接诉即办指挥中心 / Lishi district command centre',
      key_service: 'lianxin apikey create',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${origin}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    };
  }

  /** The kind an Open311 report of this category is filed as: its first kind that is taken in and published. */
  private kindFor(c: CategoryView): Kind | undefined {
    return c.kinds.find((k): k is Kind => KIND_POLICY[k as Kind]?.open311 === true && KIND_POLICY[k as Kind]?.intake === true);
  }

  private async service(code: string): Promise<CategoryView & { kind: Kind }> {
    const c = await this.s.categories.get(code);
    const kind = c?.active ? this.kindFor(c) : undefined;
    if (!c || !kind) throw errors.notFound(`service_code ${code}`, `service_code ${code}`);
    return { ...c, kind };
  }

  /** Categories a client can file and then see in the feed (help-only ones, e.g. 为老代购, are not offered). */
  async services() {
    return (await this.s.categories.list()).filter((c) => this.kindFor(c)).map(presentService);
  }

  async definition(code: string) {
    return presentDefinition(await this.service(code));
  }

  async requests(q: ListQuery) {
    const end = q.end_date ? new Date(q.end_date) : this.s.clock.now();
    const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * DAY_MS);
    const statuses = q.status?.length
      ? (Object.keys(OPEN311_STATUS) as Status[]).filter((k) => q.status?.includes(OPEN311_STATUS[k]))
      : undefined;
    const rows = await this.repo.list(this.kinds, {
      numbers: q.service_request_id,
      codes: q.service_code,
      statuses,
      start: start.toISOString(),
      end: end.toISOString(),
      limit: 1000,
    });
    return Promise.all(rows.map((r) => this.present(r)));
  }

  async request(number: string) {
    const r = await this.repo.byNumber(this.kinds, number);
    if (!r) throw errors.notFound(`service_request_id ${number}`, `service_request_id ${number}`);
    return [await this.present(r)];
  }

  async token(token: string) {
    const r = await this.repo.numberOfToken(token);
    if (!r) throw errors.notFound(`token ${token}`, `token ${token}`);
    return [{ service_request_id: r.number, token }];
  }

  /** Status changes and handlers' replies on published requests, since a time, paged. */
  async updates(q: UpdatesQuery) {
    const to = q.end_date ? new Date(q.end_date) : this.s.clock.now();
    const from = q.start_date ? new Date(q.start_date) : q.updated_after ? undefined : new Date(to.getTime() - 7 * DAY_MS);
    const rows = await this.repo.statusChanges(this.kinds, {
      from: from?.toISOString(),
      after: q.updated_after ? new Date(q.updated_after).toISOString() : undefined,
      to: to.toISOString(),
      limit: q.page_size,
      offset: (q.page - 1) * q.page_size,
    });
    return rows.map(presentUpdate);
  }

  /** POST requests: the key is checked first (a missing or wrong api_key is a 403, GeoReport v2 general errors). */
  async requireKey(apiKey: string | undefined): Promise<Actor> {
    const actor = apiKey ? await this.s.auth.resolveApiKey(apiKey) : null;
    if (!actor)
      throw new AppError('FORBIDDEN', apiKey ? 'api_key 无效' : '缺少 api_key', apiKey ? 'api_key is invalid' : 'api_key is missing', {
        field: 'api_key',
      });
    return actor;
  }

  async create(actor: Actor, body: PostBody, idempotencyKey: string | undefined) {
    await this.checkJurisdiction(body.jurisdiction_id);
    // An unknown service_code is a 404 (not found), as for GET services/{code}.
    const service = await this.service(body.service_code);
    const attributes = checkAttributes(service.attributes, body.attribute, (code) => `attribute[${code}]`);
    const name = [body.last_name, body.first_name].filter(Boolean).join('') || undefined;
    if (body.phone && !/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(body.phone))
      throw errors.validation('phone', 'phone：电话号码格式不正确', 'phone: invalid phone number');
    const created = await this.s.requests.create(
      actor,
      {
        kind: service.kind,
        categoryCode: service.code,
        urgency: 'normal',
        description: body.description,
        location: { lat: body.lat, lng: body.long },
        address: body.address_string,
        anonymous: !name && !body.phone,
        reporterName: name,
        reporterPhone: body.phone,
        photos: [],
        publicLocation: false,
        attributes,
      },
      { idempotencyKey },
    );
    // A realtime service: the id, never a token beside it (the spec: one or the other).
    const answer = { service_request_id: created.request.number, service_notice: '已受理 / accepted', account_id: body.account_id };
    return { answer: [answer], replayed: created.replayed };
  }

  private async present(r: RequestRow) {
    const [unit, category, community] = await Promise.all([
      r.handler_unit_id ? this.s.org.get(r.handler_unit_id) : undefined,
      this.s.categories.get(r.category_code),
      r.community_code ? this.s.org.get(r.community_code) : undefined,
    ]);
    return presentPublicRequest(r, {
      serviceName: category?.name ?? r.category_code,
      agency: unit?.name ?? '',
      community: community?.name ?? '',
    });
  }
}
