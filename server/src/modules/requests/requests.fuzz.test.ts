/**
 * Property-based: random and malformed input thrown at intake (POST /api/requests) and at the
 * lifecycle (POST /api/requests/:id/actions). Whatever comes in, the answer is a 4xx (never a
 * 500) that names the field, in Chinese with English beside, and nothing is written — not a
 * request, a timeline entry, an attached photo, a version bump or a serial number.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRIDS, type Res } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { DEFAULT_CATEGORIES } from '../categories/defaults.js';
import { actionBody, createRequestBody } from './requests.schema.js';

const RUNS = 200;
const CJK = /[\u4e00-\u9fff]/;

/** Strings that have broken other systems: SQL, HTML/JS, path, format and encoding tricks. */
const NASTY = [
  "'; DROP TABLE requests; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; DELETE FROM timeline',
  "1' UNION SELECT password_hash FROM users --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '%s%s%s%n',
  ['$', '{7*7}'].join(''), // template injection
  '{{7*7}}',
  '\\',
  '\u202e\u202d',
  '\ud800',
  '💩'.repeat(50),
  '０１２３',
  ' ',
  '\n\r\t',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
];

const nasty = fc.constantFrom(...NASTY);
const anyText = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 60 }));
const json = fc.jsonValue({ maxDepth: 3 });
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Snapshot = { requests: number; versions: number; events: number; uploads: number; attached: number; keys: number };

describe.each(DIALECTS)('malformed input on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const tokens: Record<string, string> = {};
  let base: Record<string, unknown>;
  /** A request waiting for its grid worker (dispatched) and one waiting for the centre (accepted). */
  let dispatched: { id: string; number: string; version: number };
  let accepted: { id: string; number: string; version: number };
  let foreignPhoto: string;

  beforeAll(async () => {
    const { f } = ctx();
    for (const u of ['resident', 'grid', 'admin', 'volunteer']) tokens[u] = await f.login(u);
    base = {
      categoryCode: 'city_appearance',
      description: '路灯不亮',
      location: await f.at(GRIDS.jiaotonglu),
      reporterPhone: '13935812345',
    };
    dispatched = await f.request();
    accepted = await f.request({ body: { categoryCode: 'garbage' } });
    // A photo uploaded by someone else: no one else may attach it.
    foreignPhoto = await upload(tokens.volunteer!);
  }, 60_000);

  async function upload(token: string): Promise<string> {
    const boundary = `----lx${randomUUID()}`;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(r.statusCode, r.body).toBe(201);
    return JSON.parse(r.body).id;
  }

  /** Everything an invalid call must leave untouched, in one query. */
  async function snapshot(): Promise<Snapshot> {
    const r = await sql<Record<string, unknown>>`select
        (select count(*) from requests) as requests,
        (select coalesce(sum(version), 0) from requests) as versions,
        (select count(*) from timeline) as events,
        (select count(*) from uploads) as uploads,
        (select count(*) from uploads where entity_id is not null) as attached,
        (select count(*) from idempotency) as keys`.execute(ctx().database.db);
    return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)])) as Snapshot;
  }

  /** 4xx, never 5xx; a named field; Chinese message and English messageEn; nothing written. */
  function expectRejected(res: Res, before: Snapshot, after: Snapshot, opts: { field?: string | RegExp; status?: number[] } = {}) {
    const what = JSON.stringify(res.body)?.slice(0, 400);
    expect(res.status, what).toBeGreaterThanOrEqual(400);
    expect(res.status, what).toBeLessThan(500);
    if (opts.status) expect(opts.status, what).toContain(res.status);
    const e = res.body?.error;
    expect(e, what).toBeTruthy();
    expect(typeof e.code).toBe('string');
    expect(e.message, what).toMatch(CJK);
    expect(typeof e.messageEn).toBe('string');
    expect(e.messageEn, what).toMatch(/[A-Za-z]{3,}/);
    if (res.status !== 404) {
      const field = e.field ?? e.issues?.[0]?.field;
      expect(typeof field, what).toBe('string');
      expect(field.length, what).toBeGreaterThan(0);
      if (typeof opts.field === 'string') expect(field, what).toBe(opts.field);
      else if (opts.field) expect(field, what).toMatch(opts.field);
    }
    expect(after, `no partial write: ${what}`).toEqual(before);
  }

  const post = (url: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
    ctx().f.call('POST', url, {
      token,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });

  async function rejected(
    url: string,
    body: unknown,
    token: string | undefined,
    opts: Parameters<typeof expectRejected>[3] = {},
    headers?: Record<string, string>,
  ) {
    const before = await snapshot();
    const res = await post(url, body, token, headers);
    // A body carrying prototype-poisoning keys anywhere is refused whole, as invalid JSON.
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const poisoned = /"(__proto__|constructor)"\s*:/.test(text ?? '');
    expectRejected(res, before, await snapshot(), poisoned && res.body?.error?.field === 'body' ? { ...opts, field: 'body' } : opts);
    return res;
  }

  const CREATE_KEYS = Object.keys(createRequestBody.shape);
  const isValidCreate = (b: unknown) => createRequestBody.safeParse(b).success;
  const isValidAction = (b: unknown) => actionBody.safeParse(b).success;
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const asUser = fc.constantFrom('resident', 'grid', 'admin', 'anonymous');
  const tokenOf = (u: string) => (u === 'anonymous' ? undefined : tokens[u]);

  describe('POST /api/requests', () => {
    it('any JSON value that is not a valid request body', async () => {
      await fc.assert(
        fc.asyncProperty(
          json.filter((v) => !isValidCreate(v)),
          asUser,
          async (body, user) => {
            await rejected('/api/requests', body, tokenOf(user), { status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('a valid body with one field of the wrong type or shape: the field is named', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CREATE_KEYS), fc.oneof(json, anyText), async (key, value) => {
          const body = { ...base, [key]: value };
          fc.pre(!isValidCreate(body));
          await rejected('/api/requests', body, tokens.resident, { field: new RegExp(`^${key}(\\.|$)`), status: [400] });
        }),
        { numRuns: RUNS },
      );
    });

    it('a required field missing, or an unknown field added', async () => {
      const unknownKey = fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !CREATE_KEYS.includes(k) && !RESERVED_KEYS.has(k));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom('description', 'categoryCode').map((k) => ({ drop: k, add: null as null | [string, unknown] })),
            fc.tuple(unknownKey, json).map(([k, v]) => ({ drop: null as null | string, add: [k, v] as [string, unknown] })),
          ),
          async ({ drop, add }) => {
            const body: Record<string, unknown> = { ...base };
            if (drop) delete body[drop];
            if (add) body[add[0]] = add[1];
            await rejected('/api/requests', body, tokens.resident, { field: drop ?? add![0], status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('huge strings in every text field', async () => {
      const limits: [string, number][] = [
        ['description', 4000],
        ['title', 80],
        ['address', 200],
        ['reporterName', 40],
        ['categoryCode', 40],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...limits),
          fc.integer({ min: 1, max: 100_000 }),
          fc.constantFrom('x', '诉', '💩', "'; --"),
          async ([key, max], extra, unit) => {
            // Limits count characters (code points), so 💩 is one and 诉 is one.
            const value = unit.repeat(Math.ceil((max + extra) / [...unit].length));
            const body = { ...base, [key]: value };
            const bytes = Buffer.byteLength(JSON.stringify(body));
            // Past the body limit it is the body that is too large; below it, the field.
            await rejected(
              '/api/requests',
              body,
              tokens.resident,
              bytes > 256 * 1024 ? { field: 'body', status: [413] } : { field: key, status: [400] },
            );
          },
        ),
        { numRuns: RUNS / 2 },
      );
    });

    it('injection strings in fields with a fixed vocabulary or format, and unknown codes', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('categoryCode', 'communityCode', 'reporterPhone', 'channel', 'kind', 'urgency', 'photos'),
          fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 30 })),
          async (key, value) => {
            const body: Record<string, unknown> = { ...base, [key]: key === 'photos' ? [value] : value };
            if (key === 'communityCode') delete body.location; // a community is used only without a point
            fc.pre(!(key === 'kind' && value === 'problem') && !(key === 'urgency' && ['urgent', 'normal', 'complex'].includes(value)));
            fc.pre(!(key === 'channel' && value === 'web'));
            fc.pre(!(key === 'categoryCode' && DEFAULT_CATEGORIES.some((c) => c.code === value)));
            await rejected('/api/requests', body, tokens.resident, { field: new RegExp(`^${key}(\\.|$)`), status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('bad coordinates: out of range, not numbers, missing half, or outside the district', async () => {
      const outside = fc
        .record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }) })
        .filter((p) => !(p.lat > 35 && p.lat < 40 && p.lng > 109 && p.lng < 114));
      const badNumber = fc.oneof(
        fc.double({ min: 90.000001, max: 1e300, noNaN: true }),
        fc.double({ min: -1e300, max: -90.000001, noNaN: true }),
        json.filter((v) => typeof v !== 'number'),
        anyText,
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            outside.map((location) => ({ location, field: /^location$/ })),
            badNumber.map((lat) => ({ location: { lat, lng: 111.1 }, field: /^location\.lat$/ })),
            fc
              .oneof(fc.double({ min: 180.000001, max: 1e300, noNaN: true }), anyText)
              .map((lng) => ({ location: { lat: 37.5, lng }, field: /^location\.lng$/ })),
            fc.constantFrom(
              { location: { lat: 37.5 }, field: /^location\.lng$/ },
              { location: [37.5, 111.1], field: /^location$/ },
              { location: '37.5,111.1', field: /^location$/ },
            ),
          ),
          async ({ location, field }) => {
            await rejected('/api/requests', { ...base, location }, tokens.resident, { field, status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('photos that do not exist or are not the caller’s are refused, and the request is rolled back with them', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.uuid(), { minLength: 1, maxLength: 9 }), fc.boolean(), async (ids, withForeign) => {
          const photos = withForeign ? [...ids.slice(0, 8), foreignPhoto] : ids;
          await rejected('/api/requests', { ...base, photos }, tokens.resident, { field: 'photos', status: [400] });
        }),
        { numRuns: RUNS / 2 },
      );
      const row = await ctx()
        .database.db.selectFrom('uploads')
        .select('entity_id as request_id')
        .where('id', '=', foreignPhoto)
        .executeTakeFirstOrThrow();
      expect(row.request_id).toBeNull();
      // Too many photos is refused by shape.
      await rejected('/api/requests', { ...base, photos: Array.from({ length: 10 }, () => randomUUID()) }, tokens.resident, {
        field: 'photos',
        status: [400],
      });
    });

    it('semantic refusals name their field: kind not taken by the category, a channel the caller may not use, an unknown community', async () => {
      await rejected('/api/requests', { ...base, kind: 'wish' }, tokens.resident, { field: 'kind', status: [400] });
      for (const channel of ['patrol', 'proxy', 'liaison', 'open311'])
        await rejected('/api/requests', { ...base, channel }, tokens.resident, { field: 'channel', status: [400] });
      await rejected('/api/requests', { ...base, channel: 'open311' }, tokens.grid, { field: 'channel', status: [400] });
      await fc.assert(
        fc.asyncProperty(fc.stringMatching(/^9\d{11}$/), async (code) => {
          const { location: _, ...noPoint } = base;
          await rejected('/api/requests', { ...noPoint, communityCode: code }, tokens.resident, { field: 'communityCode', status: [400] });
        }),
        { numRuns: 20 },
      );
      const { location: _, ...noPlace } = base;
      await rejected('/api/requests', noPlace, tokens.resident, { field: 'location', status: [400] });
    });

    it('malformed JSON text, a wrong content type and bodies over 256 KB', async () => {
      const notJson = fc
        .oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          json.map((v) => JSON.stringify({ ...base, x: v }).slice(0, -1)), // truncated
          fc.constantFrom(
            '{',
            '{"description":',
            "{'a':1}",
            '{"a":1,}',
            '[1,2',
            'NaN',
            'undefined',
            '{"a":01}',
            '\u0000',
            '{"__proto__":{"x":1}}',
            '{"constructor":{"prototype":{"x":1}}}',
          ),
        )
        .filter((t) => {
          try {
            JSON.parse(t);
            return t.includes('__proto__') || t.includes('constructor');
          } catch {
            return true;
          }
        });
      await fc.assert(
        fc.asyncProperty(notJson, asUser, async (text, user) => {
          await rejected('/api/requests', text, tokenOf(user), { status: [400] });
        }),
        { numRuns: RUNS },
      );
      for (const type of ['application/xml', 'application/octet-stream', 'application/x-www-form-urlencoded', 'application/vnd.api+json'])
        await rejected(
          '/api/requests',
          'description=x',
          tokens.resident,
          { field: 'Content-Type', status: [415] },
          { 'content-type': type },
        );
      // Plain text and multipart have parsers (Fastify's own, uploads') and reach the route without a JSON body: 400 naming the body.
      for (const type of ['text/plain', 'multipart/form-data; boundary=x'])
        await rejected(
          '/api/requests',
          'description=x',
          tokens.resident,
          { field: /^(body|Content-Type)$/, status: [400, 415] },
          { 'content-type': type },
        );
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 256 * 1024 + 1, max: 2 * 1024 * 1024 }), fc.boolean(), async (size, valid) => {
          const text = valid ? JSON.stringify({ ...base, description: 'x'.repeat(size) }) : 'x'.repeat(size);
          await rejected('/api/requests', text, tokens.resident, { field: 'body', status: [413] });
        }),
        { numRuns: 15 },
      );
    });

    it('injection strings in free text are stored verbatim, nothing else happens', async () => {
      const { f } = ctx();
      await fc.assert(
        fc.asyncProperty(
          nasty.filter((s) => s.trim().length > 0 && !s.includes('\u0000') && !s.includes('\ud800')),
          async (s) => {
            const before = await snapshot();
            const r = await f.call('POST', '/api/requests', {
              token: tokens.resident,
              body: { ...base, description: `${s} 描述`, address: `${s} 地址`, title: s.slice(0, 80) },
            });
            expect(r.status, JSON.stringify(r.body)).toBe(201);
            expect(r.body.description).toBe(`${s} 描述`.trim());
            const after = await snapshot();
            expect(after.requests).toBe(before.requests + 1);
            expect(after.events).toBe(before.events + 2); // create + automatic dispatch
            const back = await f.call('GET', `/api/requests/${r.body.id}`, { token: tokens.admin });
            expect(back.body.request.address).toBe(`${s} 地址`.trim());
          },
        ),
        { numRuns: 40 },
      );
      // The tables are all still there.
      for (const t of ['requests', 'timeline', 'users'] as const)
        expect(
          Number(
            (
              await ctx()
                .database.db.selectFrom(t)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ).toBeGreaterThan(0);
    });

    it('text with NUL characters is refused with the field named (PostgreSQL cannot store it)', async () => {
      for (const key of ['description', 'title', 'address', 'reporterName'])
        await rejected('/api/requests', { ...base, [key]: `前\u0000后` }, tokens.resident, { field: key, status: [400] });
    });
  });

  describe('POST /api/requests/:id/actions', () => {
    const url = () => `/api/requests/${dispatched.id}/actions`;
    /** Valid bodies per action (the version field aside). */
    const VALID: Record<string, Record<string, unknown>> = {
      dispatch: { action: 'dispatch', handlerUnitId: 'D-HWZX' },
      sign: { action: 'sign' },
      contact: { action: 'contact', note: '已联系' },
      resolve: { action: 'resolve', reply: '已处理' },
      rate: { action: 'rate', rating: 'satisfied', resolved: true },
      close: { action: 'close' },
      return: { action: 'return', reason: '不属于本网格' },
      request_extension: { action: 'request_extension', days: 3, reason: '需协调' },
      approve_extension: { action: 'approve_extension' },
      deny_extension: { action: 'deny_extension', reason: '可按期' },
      supervise: { action: 'supervise', note: '督办' },
      reopen: { action: 'reopen', reason: '没修好' },
      reject: { action: 'reject', reason: '不属于受理范围' },
      merge: { action: 'merge', targetId: 'x' },
      comment: { action: 'comment', note: '备注' },
    };

    it('any JSON value that is not a valid action body', async () => {
      await fc.assert(
        fc.asyncProperty(
          json.filter((v) => !isValidAction(v)),
          fc.constantFrom('grid', 'admin', 'resident'),
          async (body, user) => {
            await rejected(url(), body, tokens[user], { status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('a valid action with one field wrong, missing, unknown or huge: the field is named', async () => {
      const actionArb = fc.constantFrom(...Object.keys(VALID));
      await fc.assert(
        fc.asyncProperty(
          actionArb,
          fc.oneof(
            fc
              .tuple(
                fc.constantFrom(
                  'note',
                  'reason',
                  'reply',
                  'handlerUnitId',
                  'targetId',
                  'rating',
                  'resolved',
                  'days',
                  'version',
                  'photos',
                  'comment',
                ),
                fc.oneof(json, anyText),
              )
              .map(([k, v]) => ({ kind: 'set' as const, k, v })),
            fc
              .constantFrom('reason', 'note', 'reply', 'handlerUnitId', 'targetId', 'rating', 'resolved', 'days')
              .map((k) => ({ kind: 'drop' as const, k, v: undefined })),
            fc
              .tuple(
                fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !RESERVED_KEYS.has(k)),
                json,
              )
              .map(([k, v]) => ({ kind: 'set' as const, k, v })),
            fc
              .tuple(fc.constantFrom('note', 'reason', 'reply', 'comment'), fc.integer({ min: 2001, max: 60_000 }))
              .map(([k, n]) => ({ kind: 'set' as const, k, v: '办'.repeat(n) })),
          ),
          async (action, m) => {
            const body: Record<string, unknown> = { ...VALID[action] };
            if (m.kind === 'drop') {
              fc.pre(m.k in body);
              delete body[m.k];
            } else body[m.k] = m.v;
            fc.pre(!isValidAction(body));
            await rejected(url(), body, tokens.grid, { field: new RegExp(`^${escapeRe(m.k)}(\\.|$)`), status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('an unknown action or a malformed version', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc
              .oneof(anyText, json)
              .filter((a) => typeof a !== 'string' || !(a in VALID))
              .map((action) => ({ body: { action, note: 'x' }, field: 'action' })),
            fc
              .oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true, noNaN: true }), anyText, fc.boolean())
              .map((version) => ({ body: { action: 'sign', version }, field: 'version' })),
          ),
          async ({ body, field }) => {
            await rejected(url(), body, tokens.grid, { field, status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('unknown ids inside the body: handler unit, merge target, photos — refused, rolled back', async () => {
      const idLike = (max: number) =>
        fc.oneof(nasty, fc.string({ minLength: 1, maxLength: max }), fc.uuid()).filter((s) => s.length <= max && s.trim().length > 0);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            idLike(40)
              .filter((s) => !/^(1411|D-|C-)/.test(s))
              .map((handlerUnitId) => ({ body: { action: 'dispatch', handlerUnitId }, field: 'handlerUnitId' })),
            idLike(60)
              .filter((s) => !s.startsWith('LX'))
              .map((targetId) => ({ body: { action: 'merge', targetId }, field: 'targetId' })),
            fc
              .array(fc.uuid(), { minLength: 1, maxLength: 9 })
              .map((photos) => ({ body: { action: 'comment', note: '附照片', photos }, field: 'photos' })),
          ),
          async ({ body, field }) => {
            await rejected(`/api/requests/${accepted.id}/actions`, body, tokens.admin, { field, status: [400] });
          },
        ),
        { numRuns: RUNS },
      );
      // A photo that belongs to someone else cannot be slipped into an action either.
      await rejected(`/api/requests/${accepted.id}/actions`, { action: 'comment', note: '附照片', photos: [foreignPhoto] }, tokens.admin, {
        field: 'photos',
        status: [400],
      });
      await rejected(url(), { action: 'sign', photos: [foreignPhoto] }, tokens.grid, { field: 'photos', status: [400] });
      expect((await ctx().f.call('GET', `/api/requests/${dispatched.id}`, { token: tokens.admin })).body.request.status).toBe('dispatched');
    });

    it('unknown request ids in the path: 404 (or 400 naming `id` when too long), nothing written', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 100 }), fc.uuid()),
          fc.constantFrom('grid', 'admin', 'resident'),
          async (id, user) => {
            fc.pre(id !== dispatched.id && id !== accepted.id && id !== dispatched.number && id !== accepted.number);
            fc.pre(!/[\ud800-\udfff]/.test(id.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))); // a lone surrogate cannot be put in a URL at all
            const before = await snapshot();
            const res = await post(`/api/requests/${encodeURIComponent(id)}/actions`, { action: 'comment', note: '看看' }, tokens[user]);
            expectRejected(res, before, await snapshot(), { status: [400, 404] });
            if (res.status === 400) expect(res.body.error.field).toBe('id');
            else expect(res.body.error.code).toBe('NOT_FOUND');
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('malformed JSON text and oversize bodies', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom('{', '{"action":', '{"action":"sign",}', 'nul', '\u0000', "{'action':'sign'}"),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }).filter((t) => {
              try {
                JSON.parse(t);
                return false;
              } catch {
                return true;
              }
            }),
          ),
          async (text) => {
            await rejected(url(), text, tokens.grid, { field: 'body', status: [400] });
          },
        ),
        { numRuns: RUNS / 2 },
      );
      for (const size of [256 * 1024 + 1, 600 * 1024, 3 * 1024 * 1024])
        await rejected(url(), JSON.stringify({ action: 'comment', note: 'x'.repeat(size) }), tokens.grid, { field: 'body', status: [413] });
    });

    it('text with NUL characters in notes and reasons is refused with the field named', async () => {
      await rejected(url(), { action: 'comment', note: 'a\u0000b' }, tokens.grid, { field: 'note', status: [400] });
      await rejected(url(), { action: 'return', reason: 'a\u0000b' }, tokens.grid, { field: 'reason', status: [400] });
    });
  });
});
