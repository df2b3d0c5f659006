import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type Database, ping } from './db/database.js';
import { registerErrorHandler } from './http/error-handler.js';
import { chargeRoute, rateLimitHook } from './http/rate-limit.js';
import { openApiDocument, type RouteDef, registerRoutes, routeRegistry } from './http/route.js';
import { checkSameOrigin, contentSecurityPolicy, inlineScriptHashes, securityHeaders } from './http/security.js';
import { registerCompression, registerWebApp } from './http/web-app.js';
import { accountsRoutes } from './modules/auth/accounts.routes.js';
import type { Actor } from './modules/auth/actor.js';
import { authRoutes, SESSION_COOKIE } from './modules/auth/auth.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { drivesRoutes } from './modules/drives/drives.routes.js';
import { inspectionsRoutes } from './modules/inspections/inspections.routes.js';
import { jobsRoutes } from './modules/jobs/jobs.routes.js';
import { measuresRoutes } from './modules/measures/measures.routes.js';
import { membershipsRoutes } from './modules/memberships/memberships.routes.js';
import { noticesRoutes } from './modules/notices/notices.routes.js';
import { open311OpenApiPaths } from './modules/open311/open311.openapi.js';
import { open311Plugin } from './modules/open311/open311.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { placesRoutes } from './modules/places/places.routes.js';
import type { RateLimitDecl } from './modules/ratelimit/limits.js';
import { rectificationRoutes } from './modules/rectification/rectification.routes.js';
import { requestCardRoutes } from './modules/requests/request-card.routes.js';
import { requestsRoutes } from './modules/requests/requests.routes.js';
import { requestsExportRoutes } from './modules/requests/requests-export.routes.js';
import { uploadsRoutes } from './modules/uploads/uploads.routes.js';
import { wishesRoutes } from './modules/wishes/wishes.routes.js';
import { buildServices, type RouteServices, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    sessionToken: string | null;
  }
}

/** Each feature contributes its routes; the order is the order of the OpenAPI document. */
const FEATURES: ((s: RouteServices) => RouteDef<any, any, any>[])[] = [
  authRoutes,
  accountsRoutes,
  orgRoutes,
  categoriesRoutes,
  calendarRoutes,
  uploadsRoutes,
  requestsExportRoutes,
  requestsRoutes,
  requestCardRoutes,
  measuresRoutes,
  placesRoutes,
  jobsRoutes,
  noticesRoutes,
  membershipsRoutes,
  wishesRoutes,
  drivesRoutes,
  inspectionsRoutes,
  rectificationRoutes,
];

export interface App {
  server: FastifyInstance;
  services: Services;
  /** Every route the server answers, with its declared limit (the rate-limit test walks these). */
  routes: { method: string; url: string; rateLimit?: RateLimitDecl }[];
}

/** Open311's routes are the open311 module's own; their limits are declared here, by method and path. */
function open311Limit(method: string, url: string): RateLimitDecl {
  if (method === 'POST') return 'intake';
  // the lists (requests, updates since a time) are the bulk reads
  return /\/(requests|servicerequestupdates)\.:format$/.test(url) ? 'feed' : 'general';
}

export async function buildApp(config: Config, database: Database, clock: Clock = systemClock): Promise<App> {
  const services = buildServices(config, database, clock);
  const server = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For/-Proto/-Host are believed only from the configured proxies (docs/security.md).
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    // Request ids and sessions are ours; keep Fastify from echoing internals.
    return503OnClosing: true,
  });
  const routes: App['routes'] = [];
  server.addHook('onRoute', (r) => {
    // read later: a plugin's own onRoute hook (Open311's limits below) may still set the config
    for (const method of [r.method].flat())
      routes.push({
        method,
        url: r.url,
        get rateLimit() {
          return r.config?.rateLimit;
        },
      });
  });
  const webShell = !!config.webDir && fs.existsSync(path.join(config.webDir, 'index.html'));
  registerErrorHandler(server, { spaShell: webShell });
  // JSON is the API's only body type (uploads are multipart): plain text is refused with 415, not parsed.
  server.removeContentTypeParser('text/plain');
  await registerCompression(server);
  await server.register(cookie);
  await server.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, parts: 12 } });

  server.decorateRequest('actor', null as never);
  server.decorateRequest('sessionToken', null);
  server.decorate('rateLimiter', services.rateLimiter);
  const shellHtml = webShell && config.webDir ? fs.readFileSync(path.join(config.webDir, 'index.html'), 'utf8') : '';
  server.addHook('onSend', securityHeaders(contentSecurityPolicy(config.cspImgHosts, inlineScriptHashes(shellHtml))));
  server.addHook('onRequest', async (req) => {
    req.actor = { kind: 'public' };
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? req.cookies[SESSION_COOKIE];
    if (!token) return;
    const actor = await services.auth.resolve(token);
    if (actor) {
      req.actor = actor;
      req.sessionToken = token;
      checkSameOrigin(req, !bearer);
    }
  });
  server.addHook('onRequest', rateLimitHook(services.rateLimiter));

  for (const feature of FEATURES) registerRoutes(server, feature(services), { checkResponses: config.checkResponses });
  await server.register(
    async (scope) => {
      scope.addHook('onRoute', (r) => {
        const rateLimit = r.config?.rateLimit ?? open311Limit([r.method].flat()[0] ?? 'GET', r.url);
        r.config = { ...r.config, rateLimit, rateLimitAfterBody: true };
      });
      // Open311 clients name themselves with api_key (form body or query), not a header: once the
      // body is read, a valid key makes the call the key's, charged to its own budget (a hotline
      // posts for many residents from one address); anything else pays by address.
      scope.addHook('preHandler', async (req, reply) => {
        const fromBody = (req.body as { api_key?: unknown } | undefined)?.api_key;
        const key = typeof fromBody === 'string' ? fromBody : (req.query as { api_key?: unknown }).api_key;
        if (typeof key === 'string' && key && req.actor.kind === 'public')
          req.actor = (await services.auth.resolveApiKey(key)) ?? req.actor;
        await chargeRoute(services.rateLimiter, req, reply);
      });
      await scope.register(open311Plugin(services));
    },
    { prefix: '/open311/v2' },
  );

  server.get('/healthz', async (_req, reply) => {
    try {
      await ping(database);
      return { status: 'ok', database: database.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.dialect });
    }
  });
  server.get('/api/openapi.json', { config: { rateLimit: 'feed' } }, async () => {
    const doc = openApiDocument(routeRegistry) as { paths: Record<string, unknown> };
    return { ...doc, paths: { ...doc.paths, ...open311OpenApiPaths() } };
  });
  if (process.env.LIANXIN_BENCH === '1') await (await import('./http/bench-baseline.js')).registerBenchBaseline(server, services);

  if (webShell && config.webDir) await registerWebApp(server, config.webDir);
  return { server, services, routes };
}
