import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestApp } from '../test/test-app.js';
import { registerErrorHandler } from './error-handler.js';
import { registerRoutes, route, routeRegistry } from './route.js';

const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../modules');

/** The one contract: every JSON route declares what it answers, and the document publishes it. */
describe('the route contract', () => {
  const ctx = useTestApp('sqlite');

  it('every route declares a response schema, or says it answers a file (never both)', () => {
    expect(ctx().app.routes.length).toBeGreaterThan(60);
    const undeclared = routeRegistry.filter((r) => !r.response && !r.file).map((r) => `${r.method} ${r.url}`);
    const both = routeRegistry.filter((r) => r.response && r.file).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    expect(both).toEqual([]);
  });

  it('the OpenAPI document gives every JSON route, Open311 included, its success answer (201 for a create)', async () => {
    const r = await ctx().f.call('GET', '/api/openapi.json');
    const missing: string[] = [];
    for (const [p, ops] of Object.entries(r.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>))
      for (const [method, op] of Object.entries(ops)) {
        const def = routeRegistry.find((d) => d.method === method.toUpperCase() && d.url.replace(/:(\w+)/g, '{$1}') === p);
        const status = def?.created === 'always' ? '201' : '200';
        const ok = (op.responses[status] as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
        if (!def?.file && !ok?.['application/json']?.schema) missing.push(`${method} ${p}`);
        if (def?.created && !op.responses['201']) missing.push(`${method} ${p} (201)`);
      }
    expect(missing).toEqual([]);
    const tracked = r.body.paths['/api/track'].post.responses['200'].content['application/json'].schema;
    expect(tracked.required).toEqual(expect.arrayContaining(['request', 'timeline', 'actions', 'access', 'sms']));
    const feed = r.body.paths['/open311/v2/requests.{format}'].get.responses['200'].content['application/json'].schema;
    expect(feed.items.properties).toHaveProperty('service_request_id');
    expect(feed.items.properties).not.toHaveProperty('phone');
    // a create answers 201; one that may be a replay (Idempotency-Key) also publishes its 200
    expect(Object.keys(r.body.paths['/api/requests'].post.responses).sort()).toEqual(['200', '201', 'default']);
    expect(Object.keys(r.body.paths['/api/users'].post.responses).sort()).toEqual(['201', 'default']);
  });

  it('routes reach no database and no repository: access, validation, one service call', () => {
    const offences: string[] = [];
    for (const dir of fs.readdirSync(MODULES))
      for (const file of fs.readdirSync(path.join(MODULES, dir)).filter((f) => f.endsWith('.routes.ts'))) {
        const text = fs.readFileSync(path.join(MODULES, dir, file), 'utf8');
        for (const [name, pattern] of [
          ['database', /\bs\.(db|database)\b/],
          ['repository', /\.repo\b/],
          ['transaction', /\btransaction\(|inTransaction/],
          ['query', /\b(selectFrom|insertInto|updateTable|deleteFrom)\(/],
        ] as const)
          if (pattern.test(text)) offences.push(`${dir}/${file}: ${name}`);
      }
    expect(offences).toEqual([]);
  });
});

describe('answers are checked against their schema in tests', () => {
  const build = async (answer: unknown, checkResponses: boolean) => {
    const app = Fastify({ logger: false });
    registerErrorHandler(app, { spaShell: false });
    app.decorateRequest('actor', null as never);
    app.addHook('onRequest', async (req) => {
      req.actor = { kind: 'public' };
    });
    registerRoutes(
      app,
      [
        route({
          method: 'GET',
          url: '/t',
          summary: 'test',
          tag: 'test',
          access: 'public',
          response: z.strictObject({ id: z.string(), note: z.string().nullable() }),
          handler: async () => answer,
        }),
      ],
      { checkResponses },
    );
    return app;
  };

  it('an answer that matches passes untouched', async () => {
    const app = await build({ id: 'a', note: null }, true);
    const r = await app.inject({ method: 'GET', url: '/t' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: 'a', note: null });
  });

  it('an answer with a field the contract does not name, or a wrong type, fails the call with a 500', async () => {
    for (const answer of [{ id: 'a', note: null, phone: '13800000000' }, { id: 1, note: null }, { id: 'a' }]) {
      const app = await build(answer, true);
      const r = await app.inject({ method: 'GET', url: '/t' });
      expect(r.statusCode, JSON.stringify(answer)).toBe(500);
    }
  });

  it('is off outside tests: the answer goes out as the handler made it', async () => {
    const app = await build({ id: 1, note: null }, false);
    const r = await app.inject({ method: 'GET', url: '/t' });
    expect(r.statusCode).toBe(200);
  });
});
