import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errors } from '../errors.js';
import type { Actor, Role } from '../modules/auth/actor.js';
import type { RateLimitDecl } from '../modules/ratelimit/limits.js';
import { withFailureCost } from './rate-limit.js';
import { describeIssues } from './zod-messages.js';

/**
 * Who may call a route at all. Finer rules (scope: which requests, which units) live in each
 * feature's policy file; this is only the door.
 */
export type Access = 'public' | 'authenticated' | 'apikey' | readonly Role[];

export interface RouteContext<P, Q, B> {
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: Access;
  /**
   * The named limit each call is charged to (docs/security.md), and optionally what a failed
   * guess costs. Required for every route the public, API keys or residents can call
   * (http/rate-limit.test.ts walks the registry); staff-only routes may leave it out.
   */
  rateLimit?: RateLimitDecl;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * What a successful call answers, as the zod schema that sits beside the module's presenter
   * (`<feature>.responses.ts`). The OpenAPI document publishes it (200, or 201: `created`); in tests
   * every answer is checked against it; the web app imports its inferred type. Required unless
   * `file` (route-contract.test.ts).
   */
  response?: z.ZodType;
  /**
   * The route creates something and answers 201 with its `response`: `'always'` (the router sets
   * 201), or `'unless-replayed'` when a retried create (the same Idempotency-Key) answers 200 with
   * what the first call made (the handler says which). The document publishes it, and in tests a
   * 201 from a route that does not say so fails the call.
   */
  created?: 'always' | 'unless-replayed';
  /**
   * The route answers a file or a stream (a workbook, a PDF, a photo, GeoJSON for other apps),
   * not a JSON document: it declares no `response`. Every other route must (route-contract.test.ts).
   */
  file?: true;
  /** Set when the route acts on one request (:id); the scope matrix test walks these. */
  requestScoped?: boolean;
  /** Still open to a session whose password was reset and must be changed first (me, logout, change password). */
  whilePasswordChangeRequired?: boolean;
  /**
   * The scoped entity type the route's :id names (a request, a place …): the access-matrix test
   * walks every such route × every role × fixtures in and out of scope, and fails for one it has
   * no expectation for.
   */
  scoped?: 'request' | 'place' | 'wish' | 'drive' | 'inspection' | 'rectification';
  /** Multipart or raw bodies are parsed by the handler itself. */
  rawBody?: boolean;
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown>;
}

/** Every route registered through defineRoutes, for the OpenAPI document and the access-matrix test. */
export const routeRegistry: RouteDef<any, any, any>[] = [];

export function route<P = undefined, Q = undefined, B = undefined>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return def;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, root: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? (root === 'body' ? undefined : {}));
  if (!r.success) throw errors.validationIssues(describeIssues(r.error.issues, root));
  refuseControlCharacters(r.data, root);
  return r.data;
}

/** C0 control characters other than tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * Refuses any string holding a C0 control character other than tab, LF and CR, naming the field.
 * No human input needs them; XML 1.0 cannot carry them (one would break every Open311 XML feed),
 * and PostgreSQL cannot store or even compare U+0000. Every route's params, query and body pass
 * here, on both databases; Open311 calls it for its form bodies.
 */
export function refuseControlCharacters(value: unknown, root: string, spell: (path: string[]) => string = (p) => p.join('.')): void {
  const found = pathOfControl(value, []);
  if (!found) return;
  const field = spell(found.path) || root;
  const code = `U+${(found.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw errors.validation(field, `${field}：不能包含控制字符（${code}）`, `${field}: must not contain control characters (${code})`);
}

function pathOfControl(value: unknown, path: string[]): { path: string[]; char: string } | null {
  if (typeof value === 'string') {
    const m = CONTROL.exec(value);
    return m ? { path, char: m[0] } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = pathOfControl(value[i], [...path, String(i)]);
      if (p) return p;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = pathOfControl(v, [...path, k]);
      if (p) return p;
    }
  }
  return null;
}

export function checkAccess(access: Access, actor: Actor): void {
  if (access === 'public') return;
  if (access === 'apikey') {
    if (actor.kind !== 'apikey') throw errors.unauthenticated();
    return;
  }
  if (actor.kind !== 'user') throw errors.unauthenticated();
  if (access === 'authenticated') return;
  if (!access.includes(actor.role)) throw errors.forbidden();
}

/**
 * Checks an answer against the route's declared response schema. On in tests (config
 * `checkResponses`): an answer that leaves its contract fails the call with a 500 naming the
 * route and the fields, so the drift shows in the test that caused it, not in a client.
 */
function checkResponse(def: RouteDef<any, any, any>, status: number, result: unknown): void {
  if (status === 201 && !def.created) throw new Error(`${def.method} ${def.url} answered 201 but does not declare \`created\``);
  if (!def.response || status >= 300) return;
  const r = def.response.safeParse(result);
  if (r.success) return;
  const where = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new Error(`response of ${def.method} ${def.url} does not match its declared schema: ${where}`);
}

export function registerRoutes(app: FastifyInstance, defs: RouteDef<any, any, any>[], opts: { checkResponses?: boolean } = {}): void {
  for (const def of defs) {
    if (!routeRegistry.some((r) => r.method === def.method && r.url === def.url)) routeRegistry.push(def);
    app.route({
      method: def.method,
      url: def.url,
      config: { rateLimit: def.rateLimit },
      handler: async (req, reply) => {
        const actor = req.actor;
        checkAccess(def.access, actor);
        if (actor.kind === 'user' && actor.mustChangePassword && !def.whilePasswordChangeRequired) throw errors.passwordChangeRequired();
        const params = parse(def.params, req.params, 'params');
        const query = parse(def.query, req.query, 'query');
        const body = def.rawBody ? (undefined as unknown) : parse(def.body, req.body, 'body');
        const result = await withFailureCost(app.rateLimiter, def.rateLimit, req, reply, { params, query, body }, () =>
          def.handler({ actor, params, query, body, req, reply }),
        );
        if (reply.sent) return reply;
        if (def.created === 'always' && reply.statusCode === 200) reply.code(201);
        const answer = result ?? { ok: true };
        if (opts.checkResponses) checkResponse(def, reply.statusCode, answer);
        return answer;
      },
    });
  }
}

/** The success answers a route publishes: 200, 201, or 201 with 200 for a replayed create. */
function successResponses(schema: z.ZodType, created: RouteDef['created']): Record<string, unknown> {
  const content = { 'application/json': { schema: z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) } };
  if (!created) return { 200: { description: 'OK', content } };
  const made = { 201: { description: 'Created', content } };
  return created === 'always'
    ? made
    : { ...made, 200: { description: 'Replayed: the same Idempotency-Key; what the first call made', content } };
}

/** OpenAPI 3.1 built from the same zod schemas that validate the requests. */
export function openApiDocument(defs: RouteDef<any, any, any>[]): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const toJson = (s: z.ZodType | undefined) => (s ? z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) : undefined);
  for (const d of defs) {
    const p = d.url.replace(/:(\w+)/g, '{$1}');
    const paramSchema = toJson(d.params) as { properties?: Record<string, unknown> } | undefined;
    const querySchema = toJson(d.query) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    paths[p] ??= {};
    paths[p][d.method.toLowerCase()] = {
      summary: d.summary,
      tags: [d.tag],
      'x-access': d.access,
      ...(d.rateLimit ? { 'x-rate-limit': typeof d.rateLimit === 'string' ? d.rateLimit : d.rateLimit.name } : {}),
      parameters: [
        ...Object.entries(paramSchema?.properties ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
        ...Object.entries(querySchema?.properties ?? {}).map(([name, schema]) => ({
          name,
          in: 'query',
          required: querySchema?.required?.includes(name) ?? false,
          schema,
        })),
      ],
      ...(d.body ? { requestBody: { content: { 'application/json': { schema: toJson(d.body) } } } } : {}),
      responses: {
        ...(d.response ? successResponses(d.response, d.created) : {}),
        default: { description: 'See the error format in docs/architecture.md' },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Lianxin API', version: '0.1.0' }, paths };
}
