import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AppError, errors } from '../../errors.js';
import { STATUS, toAppError } from '../../http/error-handler.js';
import { idempotencyKey } from '../../http/idempotency-key.js';
import { refuseControlCharacters } from '../../http/route.js';
import type { RouteServices } from '../../services.js';
import { type DocKind, publicText, toXml } from './open311.format.js';
import { createdDoc, definitionDoc, discoveryDoc, requestsDoc, servicesDoc, tokensDoc, updatesDoc } from './open311.responses.js';
import { jurisdictionQuery, listQuery, parseForm, postBody, updatesQuery, withoutEmpty } from './open311.schema.js';

/** GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the same request engine; the rules are in open311.service.ts. */
type Format = 'json' | 'xml';

const formatOf = (req: FastifyRequest): Format => {
  const f = (req.params as { format?: string }).format;
  if (f !== 'json' && f !== 'xml') throw errors.notFound(`格式 ${f}`, `Format ${f}`);
  return f;
};

/**
 * Every document goes out through here: characters XML cannot carry are dropped from both
 * formats. With `check` (tests) a successful answer must match its declared document (open311.responses.ts).
 */
function send(reply: FastifyReply, format: Format, kind: DocKind, data: unknown, status = 200, check?: z.ZodType) {
  reply.code(status);
  const clean = publicText(data);
  const r = check && status < 300 ? check.safeParse(clean) : null;
  if (r && !r.success) throw new Error(`Open311 ${kind} answer does not match its declared document: ${r.error.message}`);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(kind, clean));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(clean));
}

/** Query parameters, an empty one being the same as an absent one. */
const query = <T>(schema: z.ZodType<T>, req: FastifyRequest): T => schema.parse(withoutEmpty(req.query));

/** `attribute.x` → `attribute[x]`, the way the client spelled it. */
const formField = (path: string[]) => (path[0] === 'attribute' && path[1] !== undefined ? `attribute[${path[1]}]` : path.join('.'));

export function open311Plugin(s: RouteServices) {
  const open311 = s.open311;
  const checked = (schema: z.ZodType) => (s.config.checkResponses ? schema : undefined);
  return async (app: FastifyInstance) => {
    // The spec posts application/x-www-form-urlencoded.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
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

    app.get('/discovery.:format', async (req, reply) =>
      send(reply, formatOf(req), 'discovery', open311.discovery(`${req.protocol}://${req.host}`), 200, checked(discoveryDoc)),
    );

    app.get('/services.:format', async (req, reply) => {
      const format = formatOf(req);
      await open311.checkJurisdiction(query(jurisdictionQuery, req).jurisdiction_id);
      return send(reply, format, 'services', await open311.services(), 200, checked(servicesDoc));
    });

    app.get('/services/:code.:format', async (req, reply) => {
      const format = formatOf(req);
      await open311.checkJurisdiction(query(jurisdictionQuery, req).jurisdiction_id);
      return send(
        reply,
        format,
        'definition',
        await open311.definition((req.params as { code: string }).code),
        200,
        checked(definitionDoc),
      );
    });

    app.get('/requests.:format', async (req, reply) => {
      const format = formatOf(req);
      const q = query(listQuery, req);
      await open311.checkJurisdiction(q.jurisdiction_id);
      return send(reply, format, 'requests', await open311.requests(q), 200, checked(requestsDoc));
    });

    app.get('/requests/:id.:format', async (req, reply) => {
      const format = formatOf(req);
      await open311.checkJurisdiction(query(jurisdictionQuery, req).jurisdiction_id);
      return send(reply, format, 'requests', await open311.request((req.params as { id: string }).id), 200, checked(requestsDoc));
    });

    app.get('/tokens/:token.:format', async (req, reply) => {
      const format = formatOf(req);
      return send(reply, format, 'tokens', await open311.token((req.params as { token: string }).token), 200, checked(tokensDoc));
    });

    app.get('/servicerequestupdates.:format', async (req, reply) => {
      const format = formatOf(req);
      const q = query(updatesQuery, req);
      await open311.checkJurisdiction(q.jurisdiction_id);
      return send(reply, format, 'updates', await open311.updates(q), 200, checked(updatesDoc));
    });

    app.post('/requests.:format', async (req, reply) => {
      const format = formatOf(req);
      const raw = withoutEmpty(req.body);
      // api_key in the body or, as many clients send it, in the query string.
      const fromQuery = withoutEmpty(req.query).api_key;
      const apiKey = typeof raw.api_key === 'string' ? raw.api_key : typeof fromQuery === 'string' ? fromQuery : undefined;
      const actor = await open311.requireKey(apiKey);
      refuseControlCharacters(raw, 'body', formField);
      const body = postBody.parse(raw);
      const created = await open311.create(actor, body, idempotencyKey(req.headers['idempotency-key']));
      return send(reply, format, 'requests', created.answer, created.replayed ? 200 : 201, checked(createdDoc));
    });
  };
}

function zodToApp(err: z.ZodError): AppError {
  const i = err.issues[0];
  const field = formField((i?.path ?? []).map(String)) || 'request';
  return errors.validation(
    field,
    `${field}：${i?.code === 'invalid_type' && i.input === undefined ? '必填' : '取值无效'}`,
    `${field}: ${i?.code === 'invalid_type' && i.input === undefined ? 'is required' : 'is invalid'}`,
  );
}
