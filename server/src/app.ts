import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type Database, ping } from './db/database.js';
import { registerErrorHandler } from './http/error-handler.js';
import { openApiDocument, type RouteDef, registerRoutes, routeRegistry } from './http/route.js';
import { registerCompression, registerWebApp } from './http/web-app.js';
import { accountsRoutes } from './modules/auth/accounts.routes.js';
import type { Actor } from './modules/auth/actor.js';
import { authRoutes, SESSION_COOKIE } from './modules/auth/auth.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { jobsRoutes } from './modules/jobs/jobs.routes.js';
import { measuresRoutes } from './modules/measures/measures.routes.js';
import { noticesRoutes } from './modules/notices/notices.routes.js';
import { open311OpenApiPaths } from './modules/open311/open311.openapi.js';
import { open311Plugin } from './modules/open311/open311.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { placesRoutes } from './modules/places/places.routes.js';
import { requestCardRoutes } from './modules/requests/request-card.routes.js';
import { requestsRoutes } from './modules/requests/requests.routes.js';
import { requestsExportRoutes } from './modules/requests/requests-export.routes.js';
import { uploadsRoutes } from './modules/uploads/uploads.routes.js';
import { buildServices, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    sessionToken: string | null;
  }
}

/** Each feature contributes its routes; the order is the order of the OpenAPI document. */
const FEATURES: ((s: Services) => RouteDef<any, any, any>[])[] = [
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
];

export interface App {
  server: FastifyInstance;
  services: Services;
}

export async function buildApp(config: Config, database: Database, clock: Clock = systemClock): Promise<App> {
  const services = buildServices(config, database, clock);
  const server = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // Request ids and sessions are ours; keep Fastify from echoing internals.
    return503OnClosing: true,
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
  server.addHook('onRequest', async (req) => {
    req.actor = { kind: 'public' };
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? req.cookies[SESSION_COOKIE];
    if (!token) return;
    const actor = await services.auth.resolve(token);
    if (actor) {
      req.actor = actor;
      req.sessionToken = token;
    }
  });

  for (const feature of FEATURES) registerRoutes(server, feature(services));
  await server.register(open311Plugin(services), { prefix: '/open311/v2' });

  server.get('/healthz', async (_req, reply) => {
    try {
      await ping(database);
      return { status: 'ok', database: database.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.dialect });
    }
  });
  server.get('/api/openapi.json', async () => {
    const doc = openApiDocument(routeRegistry) as { paths: Record<string, unknown> };
    return { ...doc, paths: { ...doc.paths, ...open311OpenApiPaths() } };
  });
  if (process.env.LIANXIN_BENCH === '1') await (await import('./http/bench-baseline.js')).registerBenchBaseline(server, services);

  if (webShell && config.webDir) await registerWebApp(server, config.webDir);
  return { server, services };
}
