import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { routeRegistry } from '../../http/route.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { DEFAULT_LIMITS, parseLimitRule } from './limits.js';
import { addressKey } from './ratelimit.service.js';

/** Small limits so a test can reach them; the windows are the defaults'. */
const LIMITS = {
  ...DEFAULT_LIMITS,
  intake: { address: 3, account: 6, windowSeconds: 600 },
  track: { address: 12, account: 12, windowSeconds: 600 },
  trackNumber: { address: 2, account: 2, windowSeconds: 3600 },
  feed: { address: 2, account: 2, windowSeconds: 60 },
  uploadMiB: { address: 3, account: 3, windowSeconds: 3600 },
  login: { address: 60, account: 7, windowSeconds: 600 },
};

describe('limit settings', () => {
  it('reads <address>,<account>/<seconds> and keeps defaults for parts left out', () => {
    const d = { address: 1, account: 2, windowSeconds: 3 };
    expect(parseLimitRule('30,300/600', d, 'x')).toEqual({ address: 30, account: 300, windowSeconds: 600 });
    expect(parseLimitRule('5', d, 'x')).toEqual({ address: 5, account: 2, windowSeconds: 3 });
    expect(parseLimitRule(',9', d, 'x')).toEqual({ address: 1, account: 9, windowSeconds: 3 });
    expect(parseLimitRule(undefined, d, 'x')).toBe(d);
    expect(() => parseLimitRule('lots', d, 'intake')).toThrow(/LIANXIN_RATE_INTAKE/);
    expect(loadConfig({ LIANXIN_RATE_INTAKE: '7/60' }).rateLimits.intake).toEqual({ address: 7, account: 300, windowSeconds: 60 });
  });

  it('is on unless LIANXIN_RATE_LIMIT=off', () => {
    expect(loadConfig({}).rateLimitEnabled).toBe(true);
    expect(loadConfig({ LIANXIN_RATE_LIMIT: 'off' }).rateLimitEnabled).toBe(false);
  });

  it('charges IPv6 callers by their /64, IPv4 by the address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(addressKey('10.0.0.7')).toBe('10.0.0.7');
  });
});

describe.each(DIALECTS)('rate limits (%s)', (dialect) => {
  const t = useTestApp(dialect, { rateLimitEnabled: true, rateLimits: LIMITS });

  let at: { lat: number; lng: number };
  const intake = (from: string, headers: Record<string, string> = {}, token?: string) =>
    t().app.server.inject({
      method: 'POST',
      url: '/api/requests',
      remoteAddress: from,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      payload: JSON.stringify({ categoryCode: 'city_appearance', description: '路灯不亮', reporterPhone: '13935812345', location: at }),
    });

  it('declares a limit on every route the public, API keys or residents can call', () => {
    const byKey = new Map(routeRegistry.map((d) => [`${d.method} ${d.url}`, d]));
    const exempt = new Set(['GET /healthz', 'HEAD /healthz']); // load-balancer probes, one cheap query
    const missing = t()
      .app.routes.filter((r) => !exempt.has(`${r.method} ${r.url}`) && !r.rateLimit)
      .filter((r) => {
        const def = byKey.get(`${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`);
        if (!def) return true; // not a RouteDef (Open311, the OpenAPI document …): must be limited
        const a = def.access;
        return a === 'public' || a === 'apikey' || a === 'authenticated' || a.includes('resident') || a.includes('volunteer');
      })
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    for (const url of ['/open311/v2/requests.:format', '/open311/v2/servicerequestupdates.:format'])
      expect(
        t().app.routes.some((r) => r.method === 'GET' && r.url === url && r.rateLimit === 'feed'),
        url,
      ).toBe(true);
  });

  it('answers 429 with Retry-After and a Chinese-first message once an address has used its intake budget', async () => {
    at = await t().f.at(GRIDS.jiaotonglu);
    const from = '198.51.100.1';
    for (let i = 0; i < 3; i++) expect((await intake(from)).statusCode).toBe(201);
    const refused = await intake(from);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('600');
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请 600 秒后再试', retryAfter: 600 });
    // another address, and a forged X-Forwarded-For from this one (no proxy is trusted)
    expect((await intake('198.51.100.2')).statusCode).toBe(201);
    expect((await intake(from, { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(429);
    // a signed-in resident behind the same address pays from the account's own budget
    expect((await intake(from, {}, await t().f.login('resident'))).statusCode).toBe(201);
    // the next window starts again
    t().clock.advance(600_000);
    expect((await intake(from)).statusCode).toBe(201);
  });

  it('makes /api/track unwalkable: a failed proof costs 5, and a number has 2 failures from all addresses together', async () => {
    const r = await t().f.request();
    const other = await t().f.request();
    const track = (from: string, number: string, phone: string) =>
      t().app.server.inject({ method: 'POST', url: '/api/track', payload: { number, phone }, remoteAddress: from });
    // one address: the right phone costs 1, each wrong one 5 (budget 12)
    expect((await track('192.0.2.1', other.number, '13935812345')).statusCode).toBe(200); // 1
    expect((await track('192.0.2.1', 'LX-NOPE-1', '13900000000')).statusCode).toBe(404); // 6
    expect((await track('192.0.2.1', 'LX-NOPE-2', '13900000000')).statusCode).toBe(404); // 11
    expect((await track('192.0.2.1', other.number, '13935812345')).statusCode).toBe(200); // 12
    expect((await track('192.0.2.1', other.number, '13935812345')).statusCode).toBe(429); // 13
    // many addresses against one number: two wrong phones, then the number is closed for the hour
    expect((await track('192.0.2.2', r.number, '13900000001')).statusCode).toBe(404);
    expect((await track('192.0.2.3', r.number, '13900000002')).statusCode).toBe(404);
    const closed = await track('192.0.2.4', r.number, '13935812345');
    expect(closed.statusCode).toBe(429);
    expect(Number(closed.headers['retry-after'])).toBeGreaterThan(0);
    expect((await track('192.0.2.4', other.number, '13935812345')).statusCode).toBe(200);
    t().clock.advance(3600_000);
    expect((await track('192.0.2.4', r.number, '13935812345')).statusCode).toBe(200);
  });

  it('limits the Open311 request list per address, in the Open311 error format', async () => {
    const get = () => t().app.server.inject({ method: 'GET', url: '/open311/v2/requests.json', remoteAddress: '192.0.2.50' });
    expect((await get()).statusCode).toBe(200);
    expect((await get()).statusCode).toBe(200);
    const refused = await get();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()[0]).toMatchObject({ code: 429, description: expect.stringMatching(/^请求过于频繁/) });
  });

  it('charges an Open311 client with a valid api_key to the key’s budget, not its address’s', async () => {
    const { f } = t();
    at = await f.at(GRIDS.jiaotonglu);
    const key = (await f.call('POST', '/api/apikeys', { token: await f.login('admin'), body: { name: '12345 热线' } })).body.key as string;
    const post = (apiKey: string) =>
      t().app.server.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        remoteAddress: '192.0.2.70',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          api_key: apiKey,
          service_code: 'city_appearance',
          lat: String(at.lat),
          long: String(at.lng),
          description: '路口井盖缺失',
        }).toString(),
      });
    // the key's budget is 6 (account), more than the address's 3
    for (let i = 0; i < 6; i++) expect((await post(key)).statusCode, `call ${i + 1}`).toBe(201);
    expect((await post(key)).statusCode).toBe(429);
    // a wrong key pays by address: 3 tries (403 each), then 429
    for (let i = 0; i < 3; i++) expect((await post('wrong-key')).statusCode).toBe(403);
    expect((await post('wrong-key')).statusCode).toBe(429);
  });

  it('limits the photo bytes an address can store, and stores nothing it refuses', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1536 * 1024, 7)]); // 1.5 MiB: costs 2
    const send = async () => {
      const form = new FormData();
      form.append('file', new Blob([photo]), 'big.jpg');
      const req = new Request('http://localhost/', { method: 'POST', body: form });
      return t().app.server.inject({
        method: 'POST',
        url: '/api/uploads',
        remoteAddress: '192.0.2.80',
        headers: { 'content-type': req.headers.get('content-type') as string },
        payload: Buffer.from(await req.arrayBuffer()),
      });
    };
    const rows = async () => (await t().app.services.db.selectFrom('uploads').select('id').execute()).length;
    expect((await send()).statusCode).toBe(201);
    const before = await rows();
    const refused = await send();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(await rows()).toBe(before);
  });

  it('a wrong current password costs like a failed sign-in (failureOn), so a stolen session cannot guess it', async () => {
    const u = await t().f.user('community_staff', '141102001002');
    const change = (currentPassword: string) =>
      t().f.call('POST', '/api/auth/password', { token: u.token, body: { currentPassword, newPassword: 'Qz7#vLp2-xN9k' } });
    expect((await change('guess-one')).status).toBe(400); // 3 of 7
    expect((await change('guess-two')).status).toBe(400); // 6
    expect((await change('guess-three')).status).toBe(400); // 7 on entry, 9 after
    const refused = await change('guess-four');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
  });

  it.runIf(dialect === 'postgres')('shares one budget between two instances on the same database', async () => {
    at = await t().f.at(GRIDS.jiaotonglu);
    const a = t().app;
    const b = await t().second();
    const call = (app: typeof a) =>
      app.server.inject({
        method: 'POST',
        url: '/api/requests',
        remoteAddress: '198.51.100.77',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ categoryCode: 'city_appearance', description: '井盖松动', reporterPhone: '13935812345', location: at }),
      });
    expect((await call(a)).statusCode).toBe(201);
    expect((await call(b)).statusCode).toBe(201);
    expect((await call(a)).statusCode).toBe(201);
    expect((await call(b)).statusCode).toBe(429);
    expect((await call(a)).statusCode).toBe(429);
    // concurrent calls from both instances: the shared counter lets none through
    const burst = await Promise.all([call(a), call(b), call(a), call(b)]);
    expect(burst.map((x) => x.statusCode)).toEqual([429, 429, 429, 429]);
  });
});

describe.each(DIALECTS)('rate limits switched off (%s)', (dialect) => {
  const t = useTestApp(dialect, { rateLimitEnabled: false, rateLimits: LIMITS });
  it('never answers 429 when LIANXIN_RATE_LIMIT=off', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t().app.server.inject({ method: 'GET', url: '/open311/v2/requests.json', remoteAddress: '192.0.2.60' });
      expect(r.statusCode).toBe(200);
    }
  });
});
