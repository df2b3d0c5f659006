import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, errors } from '../../errors.js';
import { STATUS, toAppError } from '../../http/error-handler.js';
import type { Services } from '../../services.js';
import { kindsWhere } from '../requests/kinds.js';
import { OPEN311_STATUS, type Status } from '../requests/lifecycle.js';
import { presentRequest, type RequestView } from '../requests/requests.presenter.js';
import { type DocKind, toXml } from './open311.format.js';

/** GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the same request engine. */
type Format = 'json' | 'xml';

const formatOf = (req: FastifyRequest): Format => {
  const f = (req.params as { format?: string }).format;
  if (f !== 'json' && f !== 'xml') throw errors.notFound(`格式 ${f}`, `Format ${f}`);
  return f;
};

function send(reply: FastifyReply, format: Format, kind: DocKind, data: unknown, status = 200) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(kind, data));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(data));
}

/** "a,b" → ["a", "b"]; the spec lets service_code and status be declared several times, comma delimited. */
const commaList = (max: number) =>
  z
    .string()
    .max(max * 50)
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );

const listQuery = z.object({
  jurisdiction_id: z.string().optional(),
  service_request_id: commaList(200)
    .pipe(z.array(z.string().max(40)).max(200))
    .optional(),
  service_code: commaList(50)
    .pipe(z.array(z.string().max(40)).max(50))
    .optional(),
  start_date: z.string().datetime({ offset: true }).optional(),
  end_date: z.string().datetime({ offset: true }).optional(),
  status: commaList(2)
    .pipe(z.array(z.enum(['open', 'closed'])).max(2))
    .optional(),
});

/** Help for the elderly (为老代购, 代办) carries a home address: never published through Open311. */
/** The kinds a district publishes on Open311 (kinds.ts). */
const PUBLIC_KINDS: string[] = kindsWhere('open311');

const postBody = z.object({
  jurisdiction_id: z.string().optional(),
  service_code: z.string().min(1).max(40),
  lat: z.coerce.number().min(-90).max(90),
  long: z.coerce.number().min(-180).max(180),
  address_string: z.string().max(200).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(40).optional(),
  last_name: z.string().max(40).optional(),
  phone: z.string().max(20).optional(),
  description: z.string().trim().min(1).max(2000),
  media_url: z.string().max(500).optional(),
});

export function open311Plugin(s: Services) {
  return async (app: FastifyInstance) => {
    // The spec posts application/x-www-form-urlencoded.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.setErrorHandler((err, req, reply) => {
      const e = err instanceof z.ZodError ? zodToApp(err) : toAppError(err);
      const status = e ? STATUS[e.code] : 500;
      if (!e) req.log.error({ err }, 'open311 error');
      const format: Format = (req.params as { format?: string }).format === 'xml' ? 'xml' : 'json';
      const description = e ? `${e.message} / ${e.messageEn}` : '服务器内部错误 / Internal server error';
      return send(reply, format, 'errors', [{ code: status, description }], status);
    });

    // Unknown paths under the prefix answer in the spec's error format too.
    app.setNotFoundHandler((req, reply) => {
      const format: Format = /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json';
      const path = (req.url.split('?')[0] ?? '').replace(/\.(json|xml)$/, '.{format}');
      return send(
        reply,
        format,
        'errors',
        [{ code: 404, description: `接口 ${req.method} ${path} 不存在 / Route ${req.method} ${path} not found` }],
        404,
      );
    });

    const checkJurisdiction = async (j: string | undefined) => {
      if (j !== undefined && !(await s.org.isJurisdiction(j))) throw errors.notFound(`jurisdiction_id ${j}`, `jurisdiction_id ${j}`);
    };

    app.get('/discovery.:format', async (req, reply) => {
      const format = formatOf(req);
      const base = `${req.protocol}://${req.host}/open311/v2/`;
      return send(reply, format, 'discovery', {
        changeset: '2026-11-23T00:00:00Z',
        contact: '离石区接诉即办指挥中心 / Lishi district command centre',
        key_service: 'lianxin apikey create',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: '2026-11-23T00:00:00Z',
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      });
    });

    app.get('/services.:format', async (req, reply) => {
      const format = formatOf(req);
      await checkJurisdiction((req.query as { jurisdiction_id?: string }).jurisdiction_id);
      const cats = await s.categories.list();
      return send(
        reply,
        format,
        'services',
        cats.map((c) => ({
          service_code: c.code,
          service_name: c.name,
          description: `${c.name} (${c.nameEn})`,
          metadata: false,
          type: 'realtime',
          keywords: c.kinds.join(','),
          group: c.handler === 'department' ? '职能部门 department' : '网格 grid',
        })),
      );
    });

    app.get('/services/:code.:format', async (req, reply) => {
      const format = formatOf(req);
      const { code } = req.params as { code: string };
      await checkJurisdiction((req.query as { jurisdiction_id?: string }).jurisdiction_id);
      const c = await s.categories.get(code);
      if (!c?.active) throw errors.notFound(`service_code ${code}`, `service_code ${code}`);
      return send(reply, format, 'definition', { service_code: c.code, attributes: [] });
    });

    app.get('/requests.:format', async (req, reply) => {
      const format = formatOf(req);
      const q = listQuery.parse(req.query);
      await checkJurisdiction(q.jurisdiction_id);
      const end = q.end_date ? new Date(q.end_date) : s.clock.now();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86400_000);
      let db = s.db.selectFrom('requests').selectAll().where('kind', 'in', PUBLIC_KINDS);
      // service_request_id overrides every other argument (GeoReport v2).
      if (q.service_request_id?.length) db = db.where('number', 'in', q.service_request_id);
      else {
        db = db.where('created_at', '>=', start.toISOString()).where('created_at', '<=', end.toISOString());
        if (q.service_code?.length) db = db.where('category_code', 'in', q.service_code);
        const statuses = q.status ?? [];
        if (statuses.length)
          db = db.where(
            'status',
            'in',
            (Object.keys(OPEN311_STATUS) as Status[]).filter((k) => statuses.includes(OPEN311_STATUS[k])),
          );
      }
      const rows = await db.orderBy('created_at', 'desc').limit(1000).execute();
      return send(reply, format, 'requests', await Promise.all(rows.map((r) => present(s, presentRequest(r, { forPublic: true })))));
    });

    app.get('/requests/:id.:format', async (req, reply) => {
      const format = formatOf(req);
      const { id } = req.params as { id: string };
      await checkJurisdiction((req.query as { jurisdiction_id?: string }).jurisdiction_id);
      const r = await s.requests.repo.byNumber(id);
      if (!r || !PUBLIC_KINDS.includes(r.kind)) throw errors.notFound(`service_request_id ${id}`, `service_request_id ${id}`);
      return send(reply, format, 'requests', [await present(s, presentRequest(r, { forPublic: true }))]);
    });

    app.get('/tokens/:token.:format', async (req, reply) => {
      const format = formatOf(req);
      const { token } = req.params as { token: string };
      const r = await s.db.selectFrom('requests').select(['number', 'open311_token']).where('open311_token', '=', token).executeTakeFirst();
      if (!r) throw errors.notFound(`token ${token}`, `token ${token}`);
      return send(reply, format, 'tokens', [{ service_request_id: r.number, token }]);
    });

    app.post('/requests.:format', async (req, reply) => {
      const format = formatOf(req);
      // The key first: a missing or wrong api_key is a 403 (GeoReport v2, general errors).
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const apiKey = typeof raw.api_key === 'string' ? raw.api_key : '';
      const actor = apiKey ? await s.auth.resolveApiKey(apiKey) : null;
      if (!actor)
        throw new AppError('FORBIDDEN', apiKey ? 'api_key 无效' : '缺少 api_key', apiKey ? 'api_key is invalid' : 'api_key is missing', {
          field: 'api_key',
        });
      const body = postBody.parse(raw);
      await checkJurisdiction(body.jurisdiction_id);
      // An unknown service_code is a 404 (not found), as for GET services/{code}.
      const category = await s.categories.get(body.service_code);
      if (!category?.active) throw errors.notFound(`service_code ${body.service_code}`, `service_code ${body.service_code}`);
      const name = [body.last_name, body.first_name].filter(Boolean).join('') || undefined;
      const created = await s.requests.create(
        actor,
        {
          kind: 'problem',
          categoryCode: body.service_code,
          urgency: 'normal',
          description: body.description,
          location: { lat: body.lat, lng: body.long },
          address: body.address_string,
          anonymous: !name && !body.phone,
          reporterName: name,
          reporterPhone: body.phone ? phoneOrFail(body.phone) : undefined,
          photos: [],
        },
        { idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined },
      );
      const row = await s.requests.repo.byId(created.request.id);
      return send(
        reply,
        format,
        'requests',
        [
          {
            service_request_id: created.request.number,
            token: row?.open311_token ?? undefined,
            service_notice: '已受理 / accepted',
            account_id: body.account_id,
          },
        ],
        created.replayed ? 200 : 201,
      );
    });
  };
}

function phoneOrFail(p: string): string {
  if (!/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(p))
    throw errors.validation('phone', 'phone：电话号码格式不正确', 'phone: invalid phone number');
  return p;
}

function zodToApp(err: z.ZodError): AppError {
  const i = err.issues[0];
  const field = i?.path.join('.') || 'request';
  return errors.validation(
    field,
    `${field}：${i?.code === 'invalid_type' && i.input === undefined ? '必填' : '取值无效'}`,
    `${field}: ${i?.code === 'invalid_type' && i.input === undefined ? 'is required' : 'is invalid'}`,
  );
}

async function present(s: Services, r: RequestView) {
  const unit = r.handlerUnitId ? await s.org.get(r.handlerUnitId) : undefined;
  const category = await s.categories.get(r.categoryCode);
  return {
    service_request_id: r.number,
    status: OPEN311_STATUS[r.status],
    status_notes: r.reply ?? r.statusName.zh,
    service_name: category?.name ?? r.categoryCode,
    service_code: r.categoryCode,
    description: r.description,
    agency_responsible: unit?.name ?? '',
    service_notice: `${r.statusName.zh} / ${r.statusName.en}`,
    requested_datetime: r.createdAt,
    updated_datetime: r.updatedAt,
    expected_datetime: r.deadlines.resolve ?? '',
    address: r.address ?? '',
    address_id: '',
    zipcode: '',
    lat: r.location?.lat ?? '',
    long: r.location?.lng ?? '',
    media_url: '',
  };
}
