import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { useTestApp } from './test/test-app.js';
import { DIALECTS } from './test/test-db.js';

/**
 * Every route Fastify knows, as "METHOD /path", rebuilt from printRoutes' tree: each line is a
 * node whose text is appended to its parent's path; methods are in parentheses.
 */
function fastifyRoutes(tree: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = line.match(/^(.*?)(?:├── |└── )(.*)$/);
    if (!m) continue;
    const depth = [...(m[1] ?? '')].length / 4;
    const [, segment = '', methods] = (m[2] ?? '').match(/^(.*?)(?: \(([A-Z, ]+)\))?$/) ?? [];
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + segment;
    stack[depth] = full;
    for (const method of (methods ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean))
      out.add(`${method} ${full}`);
  }
  return out;
}

describe.each(DIALECTS)('the app on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('GET /healthz answers 200 with the dialect in use', async () => {
    const r = await ctx().f.call('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', database: dialect });
  });

  it('GET /healthz answers from a second instance on the same database', async () => {
    const second = await ctx().second();
    const r = await second.server.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', database: dialect });
  });

  it('GET /api/openapi.json documents exactly the /api and /open311 routes the server answers', async () => {
    const { app, f } = ctx();
    const r = await f.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(r.body.paths as Record<string, Record<string, unknown>>))
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);

    const served = [...fastifyRoutes(app.server.printRoutes({ commonPrefix: false }))].filter(
      (x) => / \/(api|open311)\//.test(x) && !x.startsWith('HEAD ') && x !== 'GET /api/openapi.json',
    );
    expect(served.length).toBeGreaterThan(20);
    expect(served).toEqual(expect.arrayContaining(['GET /open311/v2/servicerequestupdates.:format', 'POST /open311/v2/requests.:format']));
    // Every route the server answers under /api is in the document …
    expect(served.filter((x) => !documented.has(x))).toEqual([]);
    // … and everything documented is served.
    for (const d of documented) {
      const [method, url] = d.split(' ') as [string, string];
      expect(app.server.hasRoute({ method: method as 'GET', url }), d).toBe(true);
    }
    // Spot checks of what the document says about a route.
    const login = r.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['username', 'password']));
    const day = r.body.paths['/api/calendar/days/{date}'].put;
    expect(day['x-access']).toEqual(['district_admin']);
    expect(day.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'date', in: 'path', required: true })]));
  });

  it('an unknown route answers 404 in the error format, Chinese first with English', async () => {
    const { f } = ctx();
    for (const [method, url] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/requests/x/unknown'],
      ['DELETE', '/api/categories'],
      ['GET', '/nothing-here?x=1'],
    ] as const) {
      const r = await f.call(method, url);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.headers['content-type']).toMatch(/application\/json/);
      expect(r.body).toEqual({
        error: { code: 'NOT_FOUND', message: expect.stringMatching(/[\u4e00-\u9fff]/), messageEn: expect.stringContaining('not found') },
      });
      expect(r.body.error.message).toContain(url.split('?')[0]);
    }
  });

  it('a plain-text body is refused with 415, not parsed as a missing body', async () => {
    const r = await ctx().f.call('POST', '/api/requests', { body: 'description=垃圾', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a malformed JSON body is a 400 naming the body, not a 500', async () => {
    const r = await ctx().f.call('POST', '/api/auth/login', { body: '{"username": ', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
  });
});

describe('the app with a built web app (web/dist)', () => {
  it('serves the app shell for client routes and still answers unknown /api routes with the 404 error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-web-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>连心</title>');
    const database = openDatabase({ url: `sqlite:${path.join(dir, 'x.db')}`, dataDir: dir });
    try {
      const app = await buildApp(loadConfig({}, { dataDir: dir, webDir: dir, logLevel: 'silent', sweepIntervalSeconds: 0 }), database);
      const shell = await app.server.inject({ method: 'GET', url: '/desk/requests' });
      expect(shell.statusCode).toBe(200);
      expect(shell.body).toContain('连心');
      const api = await app.server.inject({ method: 'GET', url: '/api/nope' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('NOT_FOUND');
      await app.server.close();
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
