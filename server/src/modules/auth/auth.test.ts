import { describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { hashPassword, SCRYPT_N, TEST_SCRYPT_N, verifyPassword } from './password.js';

const MINUTE = 60_000;

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash and verifies only the right password', async () => {
    const h = await hashPassword('Lianxin@2026', SCRYPT_N);
    const [alg, n, r, p, salt, hash, ...rest] = h.split('$');
    expect(alg).toBe('scrypt');
    expect(Number(n)).toBe(2 ** 15);
    expect(Number(r)).toBe(8);
    expect(Number(p)).toBe(1);
    expect(rest).toEqual([]);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64url')).toHaveLength(32);
    expect(h).not.toContain('Lianxin@2026');

    expect(await verifyPassword('Lianxin@2026', h)).toBe(true);
    expect(await verifyPassword('lianxin@2026', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
    // A fresh salt every time: same password, different hash, both verify.
    const h2 = await hashPassword('Lianxin@2026', SCRYPT_N);
    expect(h2).not.toBe(h);
    expect(await verifyPassword('Lianxin@2026', h2)).toBe(true);
  });

  it('the suite hashes at its own low cost (LIANXIN_TEST_FAST_HASH), and such a hash still verifies by its stored N', async () => {
    const h = await hashPassword('Lianxin@2026');
    expect(Number(h.split('$')[1])).toBe(TEST_SCRYPT_N);
    expect(await verifyPassword('Lianxin@2026', h)).toBe(true);
  });

  it('rejects stored values that are not scrypt hashes', async () => {
    const h = await hashPassword('secret-123');
    expect(await verifyPassword('secret-123', h.replace(/^scrypt/, 'md5'))).toBe(false);
    expect(await verifyPassword('secret-123', 'secret-123')).toBe(false);
    expect(await verifyPassword('secret-123', '')).toBe(false);
    // The parameters are read from the stored value: a hash made with other parameters still verifies.
    const parts = h.split('$');
    parts[5] = Buffer.alloc(32).toString('base64url');
    expect(await verifyPassword('secret-123', parts.join('$'))).toBe(false);
  });
});

describe.each(DIALECTS)('authentication on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  /** A signed-in session made now (the factories cache tokens; the clock moves in these tests). */
  async function freshLogin(username: string, password = DEMO_PASSWORD, app?: App) {
    const r = await (app
      ? inject(app, 'POST', '/api/auth/login', { body: { username, password } })
      : ctx().f.call('POST', '/api/auth/login', { body: { username, password } }));
    return r;
  }

  async function inject(app: App, method: string, url: string, opts: { token?: string; body?: unknown; cookie?: string } = {}) {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.cookie) headers.cookie = opts.cookie;
    const r = await app.server.inject({ method: method as 'GET', url, headers, ...(opts.body ? { payload: opts.body as object } : {}) });
    return { status: r.statusCode, body: r.body ? r.json() : null, headers: r.headers };
  }

  async function adminToken(): Promise<string> {
    const r = await freshLogin('admin');
    expect(r.status).toBe(200);
    return r.body.token as string;
  }

  it('login sets an HttpOnly session cookie and returns a bearer token; both identify the user', async () => {
    const { f } = ctx();
    const r = await freshLogin('jiaotonglu');
    expect(r.status).toBe(200);
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(r.body.user).toMatchObject({ role: 'community_staff', unit: { id: '141102001002', kind: 'community' } });
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toContain(`lx_session=${r.body.token}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);

    const byCookie = await f.call('GET', '/api/auth/me', { headers: { cookie: `lx_session=${r.body.token}` } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.user.role).toBe('community_staff');
    const byBearer = await f.call('GET', '/api/auth/me', { token: r.body.token });
    expect(byBearer.status).toBe(200);
    expect(byBearer.body.user.name).toBe('交通路社区 赵书记');

    // No session presented: an answer, not an error (anonymous pages ask on every load).
    const anonymous = await f.call('GET', '/api/auth/me');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ user: null });
    expect((await f.call('GET', '/api/auth/me', { token: 'not-a-session' })).status).toBe(401);
  });

  it('a wrong password and an unknown user get the same 401', async () => {
    const wrong = await freshLogin('jiaotonglu', 'Wrong@2026');
    const unknown = await freshLogin('nobody-here', 'Wrong@2026');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    expect(unknown.body.error).toEqual(wrong.body.error);
    // The failed attempt on a real account does not count against the next correct login.
    expect((await freshLogin('jiaotonglu')).status).toBe(200);
  });

  it('a staff session ends after 30 minutes idle; activity keeps it alive; a resident’s does not idle out', async () => {
    const { f, clock } = ctx();
    const staff = (await freshLogin('dongguan')).body.token as string;
    const resident = (await freshLogin('resident')).body.token as string;

    clock.advance(29 * MINUTE);
    expect((await f.call('GET', '/api/auth/me', { token: staff })).status).toBe(200);
    clock.advance(29 * MINUTE); // 58 minutes after login, 29 after the last request
    expect((await f.call('GET', '/api/auth/me', { token: staff })).status).toBe(200);
    clock.advance(31 * MINUTE);
    const idle = await f.call('GET', '/api/auth/me', { token: staff });
    expect(idle.status).toBe(401);
    expect(idle.body.error.code).toBe('UNAUTHENTICATED');
    // Gone for good, even if the clock were turned back.
    clock.advance(-31 * MINUTE);
    expect((await f.call('GET', '/api/auth/me', { token: staff })).status).toBe(401);
    clock.advance(31 * MINUTE);

    // The resident was idle for the whole 89 minutes and is still signed in …
    expect((await f.call('GET', '/api/auth/me', { token: resident })).status).toBe(200);
    clock.advance(3 * 24 * 60 * MINUTE);
    expect((await f.call('GET', '/api/auth/me', { token: resident })).status).toBe(200);
    // … until the absolute lifetime (30 days) is over.
    clock.advance(28 * 24 * 60 * MINUTE);
    expect((await f.call('GET', '/api/auth/me', { token: resident })).status).toBe(401);
  });

  it('a session made on one instance works on another; logout on one ends it on both', async () => {
    const { app } = ctx();
    const second = await ctx().second();
    const login = await freshLogin('binhe', DEMO_PASSWORD, app);
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    expect((await inject(second, 'GET', '/api/auth/me', { token })).body.user.role).toBe('street_staff');
    expect((await inject(second, 'GET', '/api/auth/me', { cookie: `lx_session=${token}` })).status).toBe(200);
    expect((await inject(app, 'GET', '/api/auth/me', { token })).status).toBe(200);

    const out = await inject(second, 'POST', '/api/auth/logout', { token });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/lx_session=;/);
    expect((await inject(app, 'GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await inject(second, 'GET', '/api/auth/me', { token })).status).toBe(401);

    // And the other way round.
    const again = (await freshLogin('binhe', DEMO_PASSWORD, second)).body.token as string;
    expect((await inject(app, 'GET', '/api/auth/me', { token: again })).status).toBe(200);
    expect((await inject(app, 'POST', '/api/auth/logout', { token: again })).status).toBe(200);
    expect((await inject(second, 'GET', '/api/auth/me', { token: again })).status).toBe(401);
  });

  it('logins, failures, lockouts and logouts are in the audit log', async () => {
    const { f } = ctx();
    f.forget('admin'); // the clock moved: the cached staff session has idled out
    const u = await f.user('grid_worker', GRIDS.dongguan, 'audited');
    expect((await freshLogin(u.username, 'Wrong-pass-1')).status).toBe(401);
    const good = await freshLogin(u.username);
    expect(good.status).toBe(200);
    await f.call('POST', '/api/auth/logout', { token: good.body.token });
    expect((await freshLogin('ghost-user', 'Wrong-pass-1')).status).toBe(401);

    const admin = await adminToken();
    const list = async (action: string) => {
      const r = await f.call('GET', `/api/audit?action=${action}&limit=500`, { token: admin });
      expect(r.status).toBe(200);
      return r.body.items as {
        actor_id: string | null;
        actor_role: string;
        action: string;
        entity_type: string;
        entity_id: string | null;
        detail: string | null;
        at: string;
      }[];
    };
    const logins = (await list('auth.login')).filter((e) => e.entity_id === u.id);
    expect(logins).toHaveLength(2); // f.user signs in once, plus the login above
    expect(logins[0]).toMatchObject({ actor_id: u.id, actor_role: 'grid_worker', entity_type: 'user' });

    const failed = await list('auth.login_failed');
    const mine = failed.filter((e) => e.entity_id === u.id);
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]?.detail ?? '{}')).toEqual({ username: u.username });
    expect(failed.some((e) => e.entity_id === null && JSON.parse(e.detail ?? '{}').username === 'ghost-user')).toBe(true);
    expect(failed.every((e) => !(e.detail ?? '').includes('Wrong-pass-1'))).toBe(true);

    expect((await list('auth.logout')).some((e) => e.actor_id === u.id)).toBe(true);
    // Lockouts (auth.login_throttled): login-throttle.test.ts.

    // Only the command centre reads the audit log.
    const street = (await freshLogin('binhe')).body.token as string;
    expect((await f.call('GET', '/api/audit', { token: street })).status).toBe(403);
    expect((await f.call('GET', '/api/audit')).status).toBe(401);
  });

  it('creating an account checks the unit: wrong kind, missing, unknown → 400 naming unitId', async () => {
    const { f } = ctx();
    const admin = await adminToken();
    const create = (body: Record<string, unknown>) =>
      f.call('POST', '/api/users', { token: admin, body: { displayName: '测试', password: DEMO_PASSWORD, ...body } });

    const wrongKind = await create({ username: 'grid-in-community', role: 'grid_worker', unitId: '141102001002' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'unitId' });
    expect(wrongKind.body.error.message).toMatch(/^unitId：/);
    expect(wrongKind.body.error.messageEn).toMatch(/^unitId: /);

    const streetInGrid = await create({ username: 'street-in-grid', role: 'street_staff', unitId: GRIDS.jiaotonglu });
    expect(streetInGrid.status).toBe(400);
    expect(streetInGrid.body.error.field).toBe('unitId');

    const missing = await create({ username: 'staff-no-unit', role: 'community_staff' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('unitId');

    const unknown = await create({ username: 'staff-bad-unit', role: 'department_staff', unitId: 'D-NOPE' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('unitId');

    // None of them exists afterwards.
    for (const username of ['grid-in-community', 'street-in-grid', 'staff-no-unit', 'staff-bad-unit'])
      expect((await freshLogin(username)).status).toBe(401);

    // The right kind works, and the new account is scoped to its unit.
    const ok = await create({ username: 'grid-ok', role: 'grid_worker', unitId: GRIDS.dongguan });
    expect(ok.status).toBe(201);
    const me = await f.call('GET', '/api/auth/me', { token: (await freshLogin('grid-ok')).body.token });
    expect(me.body.user.unit).toMatchObject({ id: GRIDS.dongguan, kind: 'grid', communityCode: '141102001001' });

    // Duplicates, short and common passwords are refused without a 500 (password-policy.test.ts).
    expect((await create({ username: 'grid-ok', role: 'grid_worker', unitId: GRIDS.dongguan })).status).toBe(409);
    const short = await create({ username: 'short-pw', role: 'resident', password: 'abc' });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('password');
    // Only the command centre creates accounts.
    const street = (await freshLogin('binhe')).body.token as string;
    expect(
      (
        await f.call('POST', '/api/users', {
          token: street,
          body: { username: 'x-by-street', displayName: 'x', password: DEMO_PASSWORD, role: 'resident' },
        })
      ).status,
    ).toBe(403);
  });
});
