import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../seed/demo.js';
import { GRIDS } from '../test/factories.js';
import { type TestContext, useTestApp } from '../test/test-app.js';
import { DIALECTS } from '../test/test-db.js';

const login = (t: () => TestContext, headers: Record<string, string> = {}) =>
  t().app.server.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ username: 'jiaotonglu', password: DEMO_PASSWORD }),
  });

describe.each(DIALECTS)('security headers, trust and origin (%s)', (dialect) => {
  const t = useTestApp(dialect);

  it('sends the CSP, frame refusal, referrer policy and nosniff on API answers, errors and Open311', async () => {
    for (const url of ['/api/categories', '/api/nope', '/open311/v2/services.xml']) {
      const r = await t().app.server.inject({ method: 'GET', url });
      const csp = String(r.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toMatch(/img-src [^;]*https:\/\/\*\.tianditu\.gov\.cn/);
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(r.headers['strict-transport-security']).toBeUndefined(); // plain HTTP here
    }
  });

  it('believes no X-Forwarded-* without trusted proxies: the audit log records the real address, the cookie is not Secure', async () => {
    const r = await login(t, { 'x-forwarded-for': '203.0.113.5', 'x-forwarded-proto': 'https' });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    const row = await t()
      .app.services.db.selectFrom('audit_log')
      .select(['ip'])
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.ip).toBe('127.0.0.1');
  });

  it('refuses a cookie-authenticated write from another origin or a sibling site; API keys, bearer tokens and anonymous callers are not checked', async () => {
    const r = await login(t);
    const cookie = String(r.headers['set-cookie']).split(';')[0] as string;
    const token = r.json().token as string;
    const write = (headers: Record<string, string>) =>
      t().app.server.inject({
        method: 'POST',
        url: '/api/places',
        headers: { 'content-type': 'application/json', ...headers },
        payload: '{}',
      });
    const crossSite: Record<string, string>[] = [
      { cookie, origin: 'https://evil.example' },
      { cookie, origin: 'null' },
      { cookie, 'sec-fetch-site': 'same-site', origin: 'http://other.localhost:80' },
      { cookie, 'sec-fetch-site': 'cross-site' },
    ];
    for (const h of crossSite) {
      const refused = await write(h);
      expect(refused.statusCode, JSON.stringify(h)).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'FORBIDDEN',
        field: 'Origin',
        message: expect.stringMatching(/^请求来自其他网站/),
      });
    }
    // the same page's own calls pass the check (and reach validation)
    expect((await write({ cookie, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(400);
    expect((await write({ cookie, origin: 'http://localhost:80' })).statusCode).toBe(400);
    expect((await write({ cookie })).statusCode).toBe(400); // no browser headers: not a cross-site browser request
    // reads with the cookie from anywhere are not writes
    const read = await t().app.server.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
    // a bearer token is not ambient: no check
    expect((await write({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })).statusCode).toBe(400);
    // anonymous intake from a third-party site is allowed (no credential to abuse)
    const anon = await t().app.server.inject({
      method: 'POST',
      url: '/api/requests',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: JSON.stringify({
        categoryCode: 'city_appearance',
        description: '路灯不亮',
        reporterPhone: '13935812345',
        location: await t().f.at(GRIDS.jiaotonglu),
      }),
    });
    expect(anon.statusCode).toBe(201);
    // logging someone out from a sibling subdomain is refused too
    const logout = await t().app.server.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'sec-fetch-site': 'same-site' },
    });
    expect(logout.statusCode).toBe(403);
    expect((await t().app.server.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe.each(DIALECTS)('behind a trusted proxy (%s)', (dialect) => {
  const t = useTestApp(dialect, { trustedProxies: ['127.0.0.1'] });

  it('believes the proxy: the audit log records the forwarded address, the cookie is Secure over HTTPS, HSTS is sent', async () => {
    const r = await login(t, { 'x-forwarded-for': '203.0.113.5', 'x-forwarded-proto': 'https' });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    expect(r.headers['strict-transport-security']).toBe('max-age=15552000');
    const row = await t()
      .app.services.db.selectFrom('audit_log')
      .select(['ip'])
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.ip).toBe('203.0.113.5');
    // over plain HTTP through the proxy: no Secure flag
    const plain = await login(t, { 'x-forwarded-for': '203.0.113.5', 'x-forwarded-proto': 'http' });
    expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('a caller that is not the proxy is not believed', async () => {
    const r = await t().app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.51.100.20',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.6', 'x-forwarded-proto': 'https' },
      payload: JSON.stringify({ username: 'jiaotonglu', password: DEMO_PASSWORD }),
    });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    const row = await t()
      .app.services.db.selectFrom('audit_log')
      .select(['ip'])
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.ip).toBe('198.51.100.20');
  });
});
