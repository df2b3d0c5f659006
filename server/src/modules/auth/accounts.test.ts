/** The account lifecycle through the API: who may do what (docs/roles.md), what each action changes, the audit. */
import { describe, expect, it } from 'vitest';
import { routeRegistry } from '../../http/route.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { GRIDS } from '../../test/factories.js';
import { T0, useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const GRID2 = '141102001002-02'; // 交通路社区第2网格

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  async function signIn(username: string, password = DEMO_PASSWORD) {
    return ctx().f.call('POST', '/api/auth/login', { body: { username, password } });
  }
  const me = (token: string) => ctx().f.call('GET', '/api/auth/me', { token });
  async function audit(action: string, entityId: string) {
    const r = await ctx().f.call('GET', `/api/audit?action=${action}&entityId=${entityId}`, { token: await ctx().f.login('admin') });
    return r.body.items as { actor_id: string; detail: string | null }[];
  }

  it('refuses short and common passwords with a 400 naming the field; the demo password passes', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const create = (username: string, password: string) =>
      f.call('POST', '/api/users', { token: admin, body: { username, displayName: '测试', password, role: 'resident' } });
    for (const [i, p] of ['12345678', 'password', '1234567890', 'qwertyuiop'].entries()) {
      const r = await create(`weak-${i}`, p);
      expect(r.status, p).toBe(400);
      expect(r.body.error.field, p).toBe('password');
      expect(r.body.error.message, p).toMatch(/^password：/);
    }
    expect((await create('strong-1', DEMO_PASSWORD)).status).toBe(201);
  });

  it('reset: a temporary password shown once, old sessions end, the next session may only change its password', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const u = await f.user('grid_worker', GRIDS.jiaotonglu, 'reset-me');
    const reset = await f.call('POST', `/api/users/${u.id}/reset-password`, { token: admin });
    expect(reset.status).toBe(200);
    const temp = reset.body.temporaryPassword as string;
    expect(temp).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    expect((await me(u.token)).status).toBe(401);
    expect((await signIn(u.username)).status).toBe(401); // the old password is gone

    const login = await signIn(u.username, temp);
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const token = login.body.token as string;
    expect((await me(token)).body.user.mustChangePassword).toBe(true);
    const blocked = await f.call('GET', '/api/requests', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const change = (body: object) => f.call('POST', '/api/auth/password', { token, body });
    const wrong = await change({ currentPassword: 'Not-the-temp-1', newPassword: 'Grid-worker-2026' });
    expect([wrong.status, wrong.body.error.field]).toEqual([400, 'currentPassword']);
    const common = await change({ currentPassword: temp, newPassword: 'password123' });
    expect([common.status, common.body.error.field]).toEqual([400, 'newPassword']);
    const same = await change({ currentPassword: temp, newPassword: temp });
    expect([same.status, same.body.error.field]).toEqual([400, 'newPassword']);
    expect((await change({ currentPassword: temp, newPassword: 'Grid-worker-2026' })).status).toBe(200);

    // The same session goes on, now unrestricted; the temporary password no longer works.
    expect((await f.call('GET', '/api/requests', { token })).status).toBe(200);
    expect((await me(token)).body.user.mustChangePassword).toBe(false);
    expect((await signIn(u.username, temp)).status).toBe(401);
    expect((await signIn(u.username, 'Grid-worker-2026')).status).toBe(200);

    const [resetEvent] = await audit('user.password_reset', u.id);
    expect(resetEvent?.actor_id).toBeTruthy();
    expect(resetEvent?.detail).not.toContain(temp);
    const [changed] = await audit('user.password_changed', u.id);
    expect(JSON.parse(changed?.detail ?? '{}')).toMatchObject({ afterReset: true });
  });

  it('changing one’s own password needs the current one and ends the other sessions', async () => {
    const { f } = ctx();
    const u = await f.user('community_staff', '141102001001', 'change-mine');
    const other = (await signIn(u.username)).body.token as string;
    const r = await f.call('POST', '/api/auth/password', {
      token: u.token,
      body: { currentPassword: DEMO_PASSWORD, newPassword: 'Dongguan-2026-new' },
    });
    expect(r.status).toBe(200);
    expect((await me(u.token)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect((await f.call('POST', '/api/auth/password', { body: { currentPassword: 'x', newPassword: 'Whatever-2026-x' } })).status).toBe(
      401,
    );
  });

  it('two resets fired together: one wins, the other gets a 409, and the password shown is the one in force', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const u = await f.user('grid_worker', GRIDS.dongguan, 'double-reset');
    const rs = await Promise.all([1, 2].map(() => f.call('POST', `/api/users/${u.id}/reset-password`, { token: admin })));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = rs.find((r) => r.status === 200);
    expect((await signIn(u.username, won?.body.temporaryPassword)).status).toBe(200);
  });

  it('disable ends the sessions and refuses sign-in like a wrong password; enable restores it; both audited', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const u = await f.user('grid_worker', GRIDS.jiaotonglu, 'disable-me');
    const off = await f.call('POST', `/api/users/${u.id}/disable`, { token: admin });
    expect(off.body).toEqual({ sessionsEnded: 1 });
    expect((await me(u.token)).status).toBe(401);
    const refused = await signIn(u.username);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    expect((await f.call('POST', `/api/users/${u.id}/disable`, { token: admin })).status).toBe(409);
    const list = await f.call('GET', '/api/users?status=disabled&q=DISABLE-me', { token: admin });
    expect(list.body.items.map((a: { username: string }) => a.username)).toEqual([u.username]);
    expect((await f.call('POST', `/api/users/${u.id}/enable`, { token: admin })).status).toBe(200);
    expect((await signIn(u.username)).status).toBe(200);
    expect(await audit('user.disabled', u.id)).toHaveLength(1);
    expect(await audit('user.enabled', u.id)).toHaveLength(1);
  });

  it('move: within the role’s unit kind and the mover’s subtree; the moved account’s sessions end', async () => {
    const { f } = ctx();
    const jt = await f.login('jiaotonglu'); // 交通路社区
    const u = await f.user('grid_worker', GRIDS.jiaotonglu, 'move-me');
    const moved = await f.call('POST', `/api/users/${u.id}/move`, { token: jt, body: { unitId: GRID2 } });
    expect(moved.status).toBe(200);
    expect((await me(u.token)).status).toBe(401);
    expect((await me((await signIn(u.username)).body.token)).body.user.unit.id).toBe(GRID2);

    // Another community's grid: outside 交通路's subtree.
    expect((await f.call('POST', `/api/users/${u.id}/move`, { token: jt, body: { unitId: GRIDS.dongguan } })).status).toBe(403);
    // A grid worker cannot belong to a community; unknown units are named.
    const kind = await f.call('POST', `/api/users/${u.id}/move`, { token: jt, body: { unitId: '141102001002' } });
    expect([kind.status, kind.body.error.field]).toEqual([400, 'unitId']);
    const admin = await f.login('admin');
    const unknown = await f.call('POST', `/api/users/${u.id}/move`, { token: admin, body: { unitId: 'NOPE-1' } });
    expect([unknown.status, unknown.body.error.field]).toEqual([400, 'unitId']);
    // The command centre moves across communities.
    expect((await f.call('POST', `/api/users/${u.id}/move`, { token: admin, body: { unitId: GRIDS.dongguan } })).status).toBe(200);
    const [event] = await audit('user.moved', u.id);
    expect(JSON.parse(event?.detail ?? '{}')).toMatchObject({ from: GRID2, to: GRIDS.dongguan });
  });

  it('scope: street and community staff manage accounts in their own subtree only, never their own or the command centre’s', async () => {
    const { f } = ctx();
    const inJt = await f.user('grid_worker', GRIDS.jiaotonglu, 'scope-jt');
    const inDg = await f.user('grid_worker', GRIDS.dongguan, 'scope-dg');
    const dongguan = await f.login('dongguan');
    const binhe = await f.login('binhe'); // 滨河街道, above both communities
    const grid = await f.login('grid');
    const ids = Object.fromEntries(
      ((await f.call('GET', '/api/users', { token: await f.login('admin') })).body.items as { id: string; username: string }[]).map((a) => [
        a.username,
        a.id,
      ]),
    );
    const end = (token: string, id: string) => f.call('POST', `/api/users/${id}/end-sessions`, { token });
    expect((await end(dongguan, inJt.id)).status).toBe(403);
    expect((await end(dongguan, inDg.id)).status).toBe(200);
    expect((await end(binhe, inJt.id)).status).toBe(200);
    expect((await end(binhe, ids.admin as string)).status).toBe(403);
    expect((await end(dongguan, ids.dongguan as string)).status).toBe(403); // one's own: change password instead
    expect((await end(grid, inJt.id)).status).toBe(403); // grid workers manage no accounts
    expect((await end(dongguan, '00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const seen = (await f.call('GET', '/api/users', { token: dongguan })).body.items as { username: string; phone: string | null }[];
    expect(seen.map((a) => a.username)).toContain('scope-dg');
    expect(seen.map((a) => a.username)).not.toContain('scope-jt');
    expect(seen.map((a) => a.username)).not.toContain('resident');
    const all = (await f.call('GET', '/api/users?role=resident', { token: await f.login('admin') })).body.items as {
      username: string;
      phone: string | null;
    }[];
    expect(all.find((a) => a.username === 'resident')?.phone).toBe('139****2345');
    expect(all.every((a) => !('password_hash' in a) && !('passwordHash' in a))).toBe(true);
  });

  it('a session that must change its password gets 403 PASSWORD_CHANGE_REQUIRED on every route but me, logout, login and password', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    // A second command-centre account: the role that passes the most doors.
    const created = await f.call('POST', '/api/users', {
      token: admin,
      body: { username: 'admin-two', displayName: '指挥中心 二号', password: DEMO_PASSWORD, role: 'district_admin', unitId: '141102' },
    });
    expect(created.status).toBe(201);
    const temp = (await f.call('POST', `/api/users/${created.body.id}/reset-password`, { token: admin })).body.temporaryPassword;
    const token = (await signIn('admin-two', temp)).body.token as string;
    const open = new Set(['GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/login', 'POST /api/auth/password']);
    const reached: string[] = [];
    for (const r of routeRegistry) {
      const key = `${r.method} ${r.url}`;
      if (open.has(key)) {
        expect(r.whilePasswordChangeRequired, key).toBe(true);
        continue;
      }
      const res = await f.call(r.method, r.url.replace(/:(\w+)/g, 'x'), { token, ...(r.method === 'GET' ? {} : { body: {} }) });
      expect([res.status, res.body?.error?.code], key).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
      reached.push(key);
    }
    expect(reached.length).toBeGreaterThan(40);
    expect((await me(token)).status).toBe(200);
  });

  it('in a city: a district’s command centre manages its district’s accounts and residents, the city’s all of them', async () => {
    const { app, f } = ctx();
    const unit = (id: string, parent: string | null, kind: string, path: string, district: string) => ({
      id,
      parent_id: parent,
      kind,
      name: `测试${id}`,
      path,
      district_code: district,
      street_code: null,
      community_code: null,
      lat: null,
      lng: null,
      demo: 1,
      active: 1,
      created_at: T0,
    });
    for (const r of [
      unit('881100', null, 'city', '881100/', '881100'),
      unit('881101', '881100', 'district', '881100/881101/', '881101'),
      unit('881102', '881100', 'district', '881100/881102/', '881102'),
    ])
      await app.services.db
        .insertInto('units')
        .values(r as never)
        .execute();
    app.services.org.invalidate();
    // Made by the operator (the demo district's command centre is outside this city).
    const make = async (username: string, role: 'district_admin' | 'resident', unitId: string | null) =>
      (
        await app.services.auth.createUser(
          { kind: 'system', job: 'test' },
          { username, displayName: username, password: DEMO_PASSWORD, role, unitId },
        )
      ).id;
    const cityAdmin = await make('city-admin', 'district_admin', '881100');
    const d1Admin = await make('d1-admin', 'district_admin', '881101');
    const d2Admin = await make('d2-admin', 'district_admin', '881102');
    const citizen = await make('city-resident', 'resident', null);
    const d1 = (await signIn('d1-admin')).body.token as string;
    const city = (await signIn('city-admin')).body.token as string;
    const end = (token: string, id: string) => f.call('POST', `/api/users/${id}/end-sessions`, { token });
    expect((await end(d1, d2Admin)).status).toBe(403);
    expect((await end(d1, citizen)).status).toBe(200);
    expect((await end(city, d2Admin)).status).toBe(200);
    expect((await end(city, d1Admin)).status).toBe(200);
    const listed = await f.call('GET', '/api/users', { token: city });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const seen = (listed.body.items as { id: string }[]).map((a) => a.id);
    expect(seen).toEqual(expect.arrayContaining([cityAdmin, d1Admin, d2Admin, citizen]));
    const d1Again = (await signIn('d1-admin')).body.token as string; // the city ended its sessions above
    const seenByD1 = ((await f.call('GET', '/api/users', { token: d1Again })).body.items as { id: string }[]).map((a) => a.id);
    expect(seenByD1).toEqual(expect.arrayContaining([d1Admin, citizen]));
    expect(seenByD1).not.toContain(d2Admin);
    expect(seenByD1).not.toContain(cityAdmin);
  });
});
