/**
 * Sign-in under parallel guessing (docs/security.md, ## Accounts). The password check is
 * instrumented: `checked` counts the calls that really reached the hash, so the limits below are
 * measured, not assumed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { backoffMs, LOGIN_RULES } from './login-throttle.js';
import { verifyPassword } from './password.js';

const MINUTE = 60_000;

describe('back-off steps', () => {
  it('doubles from 1 minute after the free attempts, up to each rule’s cap', () => {
    const r = LOGIN_RULES.accountAddress;
    expect([5, 6, 7, 8, 9, 10, 30].map((n) => backoffMs(r, n) / MINUTE)).toEqual([1, 2, 4, 8, 15, 15, 15]);
    expect([30, 31, 35, 36, 90].map((n) => backoffMs(LOGIN_RULES.address, n) / MINUTE)).toEqual([1, 2, 32, 60, 60]);
    expect([20, 21, 22, 23, 40].map((n) => backoffMs(LOGIN_RULES.account, n) / MINUTE)).toEqual([1, 2, 4, 5, 5]);
  });
});

describe.each(DIALECTS)('login throttling on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  let checked: string[] = [];

  beforeEach(() => {
    checked = [];
    ctx().app.services.auth.verifyPassword = async (password, stored) => {
      checked.push(password);
      return verifyPassword(password, stored);
    };
  });

  async function login(username: string, password: string, ip: string) {
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });
    return { status: r.statusCode, body: r.json(), retryAfter: r.headers['retry-after'] };
  }

  it('300 parallel wrong guesses from one address: exactly 5 reach the hash; a later burst with the right password does not sign in', async () => {
    const { f } = ctx();
    const u = await f.user('community_staff', '141102001001', 'burst-300');
    checked = [];
    const burst = await Promise.all(Array.from({ length: 300 }, (_, i) => login(u.username, `Guess-${i}-wrong`, '10.1.0.1')));
    expect(checked).toHaveLength(LOGIN_RULES.accountAddress.free);
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(295);
    const refused = burst.find((r) => r.status === 429);
    expect(refused?.body.error.code).toBe('RATE_LIMITED');
    expect(refused?.body.error.message).toMatch(/^登录尝试过多/);
    expect(Number(refused?.retryAfter)).toBeGreaterThan(0);

    // The right password inside a burst while blocked: nothing is checked, nobody signs in.
    checked = [];
    const second = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(u.username, i === 15 ? DEMO_PASSWORD : `Again-${i}-wrong`, '10.1.0.1')),
    );
    expect(checked).toHaveLength(0);
    expect(second.every((r) => r.status === 429)).toBe(true);
  });

  it('an attacker’s throttled address does not keep the real user out from another address', async () => {
    checked = [];
    const attack = await Promise.all(Array.from({ length: 300 }, (_, i) => login('admin', `Admin-guess-${i}`, '10.2.0.66')));
    expect(attack.filter((r) => r.status === 401)).toHaveLength(5);
    expect(checked).toHaveLength(5);
    const real = await login('admin', DEMO_PASSWORD, '10.2.0.1');
    expect(real.status).toBe(200);
    // … and the attacker is still refused, even with the right password.
    expect((await login('admin', DEMO_PASSWORD, '10.2.0.66')).status).toBe(429);
  });

  it('one address spraying many accounts: 30 checks, then the address waits (other addresses do not)', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `spray-${i}`);
    checked = [];
    const rs = await Promise.all(names.map((n) => login(n, 'Spray-Password-1', '10.3.0.9')));
    expect(checked).toHaveLength(LOGIN_RULES.address.free);
    expect(rs.filter((r) => r.status === 429)).toHaveLength(60 - LOGIN_RULES.address.free);
    expect((await login('jiaotonglu', DEMO_PASSWORD, '10.3.0.9')).status).toBe(429);
    expect((await login('jiaotonglu', DEMO_PASSWORD, '10.3.0.10')).status).toBe(200);
  });

  it('unknown and real accounts get the same answers, Retry-After included, and both cost one hash per checked attempt', async () => {
    const { f } = ctx();
    const u = await f.user('grid_worker', GRIDS.dongguan, 'same-answers');
    const real: unknown[] = [];
    const ghost: unknown[] = [];
    checked = [];
    for (let i = 0; i < 7; i++) {
      const a = await login(u.username, `Wrong-pass-${i}`, '10.4.0.1');
      const b = await login('no-such-person', `Wrong-pass-${i}`, '10.4.0.2');
      real.push([a.status, a.body, a.retryAfter]);
      ghost.push([b.status, b.body, b.retryAfter]);
    }
    expect(ghost).toEqual(real);
    expect(real.map((r) => (r as number[])[0])).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(checked).toHaveLength(10); // 5 each: the unknown name was hashed too
    // A disabled account answers like an unknown one as well.
    const admin = await f.login('admin');
    expect((await f.call('POST', `/api/users/${u.id}/disable`, { token: admin })).status).toBe(200);
    const disabled = await login(u.username, DEMO_PASSWORD, '10.4.0.3');
    const unknown = await login('no-such-person-2', DEMO_PASSWORD, '10.4.0.4');
    expect([disabled.status, disabled.body]).toEqual([unknown.status, unknown.body]);
  });

  it('after the free attempts one try per back-off: 1, then 2 minutes; a success starts the count again', async () => {
    const { f, clock } = ctx();
    const u = await f.user('community_staff', '141102001002', 'backoff-me');
    const ip = '10.5.0.1';
    for (let i = 0; i < 5; i++) expect((await login(u.username, `Wrong-x-${i}`, ip)).status).toBe(401);
    const blocked = await login(u.username, DEMO_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfter).toBe('60');
    clock.advance(MINUTE);
    expect((await login(u.username, 'Wrong-x-6', ip)).status).toBe(401); // the 6th, checked: 2 minutes now
    expect((await login(u.username, DEMO_PASSWORD, ip)).retryAfter).toBe('120');
    clock.advance(MINUTE);
    expect((await login(u.username, DEMO_PASSWORD, ip)).status).toBe(429);
    clock.advance(MINUTE);
    expect((await login(u.username, DEMO_PASSWORD, ip)).status).toBe(200);
    // Counting starts again: four failures do not block.
    for (let i = 0; i < 4; i++) expect((await login(u.username, `Wrong-y-${i}`, ip)).status).toBe(401);
    expect((await login(u.username, DEMO_PASSWORD, ip)).status).toBe(200);
  });

  it('many addresses against one account: slowed after 20, except from an address it signed in from; unlock clears it', async () => {
    const { f } = ctx();
    const u = await f.user('street_staff', '141102001', 'botnet-target');
    expect((await login(u.username, DEMO_PASSWORD, '10.6.1.1')).status).toBe(200); // a known address
    checked = [];
    const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => login(u.username, `Bot-guess-${i}`, `10.6.2.${i + 1}`)));
    expect(checked).toHaveLength(LOGIN_RULES.account.free);
    expect(rs.filter((r) => r.status === 429)).toHaveLength(40 - LOGIN_RULES.account.free);
    expect((await login(u.username, DEMO_PASSWORD, '10.6.3.1')).status).toBe(429); // a new address waits
    expect((await login(u.username, DEMO_PASSWORD, '10.6.1.1')).status).toBe(200); // the known one does not

    const admin = await f.login('admin');
    const list = await f.call('GET', '/api/users?status=locked', { token: admin });
    expect(list.body.items.map((a: { username: string }) => a.username)).toContain(u.username);
    expect((await f.call('POST', `/api/users/${u.id}/unlock`, { token: admin })).status).toBe(200);
    expect((await login(u.username, DEMO_PASSWORD, '10.6.3.1')).status).toBe(200);
    const after = await f.call('GET', '/api/users?status=locked', { token: admin });
    expect(after.body.items.map((a: { username: string }) => a.username)).not.toContain(u.username);
  });

  it('the lockouts are audited once per block, never with the password', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const r = await f.call('GET', '/api/audit?action=auth.login_throttled&limit=500', { token: admin });
    const details = r.body.items.map((e: { detail: string }) => JSON.parse(e.detail));
    expect(details).toContainEqual({ username: 'burst-300', key: 'acctip' });
    expect(details.filter((d: { username: string }) => d.username === 'burst-300')).toHaveLength(1);
    expect(JSON.stringify(r.body.items)).not.toContain('Guess-');
  });

  it('a counter quiet for 24 hours starts again from zero, and is deleted by the next sign-in', async () => {
    const { f, clock, app } = ctx();
    const u = await f.user('grid_worker', GRIDS.jiaotonglu, 'quiet-one');
    for (let i = 0; i < 3; i++) expect((await login(u.username, `Old-wrong-${i}`, '10.7.0.1')).status).toBe(401);
    const keys = () =>
      app.services.db
        .selectFrom('login_throttle')
        .select('key')
        .where('key', 'in', ['ip:10.7.0.1', 'acctip:quiet-one|10.7.0.1', 'acct:quiet-one'])
        .execute()
        .then((rs) => rs.map((r) => r.key).sort());
    expect(await keys()).toEqual(['acct:quiet-one', 'acctip:quiet-one|10.7.0.1', 'ip:10.7.0.1']);
    clock.advance(25 * 60 * MINUTE);
    expect((await login('jiaotonglu', DEMO_PASSWORD, '10.7.0.2')).status).toBe(200);
    expect(await keys()).toEqual([]);
    // Had the three old failures counted, the fifth attempt below would start a block.
    for (let i = 0; i < 4; i++) expect((await login(u.username, `New-wrong-${i}`, '10.7.0.1')).status).toBe(401);
    expect((await login(u.username, DEMO_PASSWORD, '10.7.0.1')).status).toBe(200);
  });
});
