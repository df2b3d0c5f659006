/**
 * The access matrix's rows for wishes (access-matrix.test.ts spreads the probes in and runs the
 * walk): every wish-scoped route × every actor × wishes in and out of their area. The rule
 * (wishes.policy.ts, docs/roles.md): staff read the wishes of their area; the poster theirs; the
 * claimer what they claimed; anyone else "not found" — except that anyone signed in may try to
 * claim what is on the board.
 */
import { beforeAll, expect, it } from 'vitest';
import { act, postedWish, wishBody } from '../modules/wishes/wishes.test-helpers.js';
import type { Res } from './factories.js';
import type { TestContext } from './test-app.js';

const TOO_LONG_ID = 'x'.repeat(61);
const PROBE_QUERY = '?__probe=1';
const PROBE_BODY = { __probe: 1 };

export const WISH_PROBES = {
  'GET /api/wishes/board': { path: `/api/wishes/board${PROBE_QUERY}`, passed: 400 },
  'POST /api/wishes': { path: '/api/wishes', body: PROBE_BODY, passed: 400 },
  'GET /api/wishes': { path: `/api/wishes${PROBE_QUERY}`, passed: 400 },
  'GET /api/wishes/mine': { path: '/api/wishes/mine', passed: 200 },
  'GET /api/wishes/claims': { path: '/api/wishes/claims', passed: 200 },
  'GET /api/wishes/stats': { path: '/api/wishes/stats', passed: 200 },
  'GET /api/wishes/ledger.xlsx': { path: '/api/wishes/ledger.xlsx', passed: 200 },
  'GET /api/wishes/config': { path: '/api/wishes/config', passed: 200 },
  'PUT /api/wishes/config': { path: '/api/wishes/config', body: PROBE_BODY, passed: 400 },
  'GET /api/wishes/:id': { path: `/api/wishes/${TOO_LONG_ID}`, passed: 400 },
  'POST /api/wishes/:id/claim': { path: `/api/wishes/${TOO_LONG_ID}/claim`, passed: 400 },
  'POST /api/wishes/:id/actions': { path: `/api/wishes/${TOO_LONG_ID}/actions`, body: PROBE_BODY, passed: 400 },
  'GET /api/wishes/:id/contact': { path: `/api/wishes/${TOO_LONG_ID}/contact`, passed: 400 },
  'GET /api/memberships/mine': { path: '/api/memberships/mine', passed: 200 },
  'PUT /api/memberships/acting': { path: '/api/memberships/acting', body: PROBE_BODY, passed: 400 },
  'POST /api/memberships': { path: '/api/memberships', body: PROBE_BODY, passed: 400 },
  'DELETE /api/memberships/:userId/:unitId': { path: `/api/memberships/${TOO_LONG_ID}/u`, passed: 400 },
};

/** wJt: on the board in 交通路, posted by the resident; wJtNew: entered by 交通路 staff, not checked; wDg: the same in 东关. */
const FIXTURES = ['wJt', 'wJtNew', 'wDg'] as const;
type Wx = (typeof FIXTURES)[number];
const READS: Record<string, Wx[]> = {
  admin: ['wJt', 'wJtNew', 'wDg'],
  binhe: ['wJt', 'wJtNew', 'wDg'],
  jiaotonglu: ['wJt', 'wJtNew'],
  grid: ['wJt', 'wJtNew'],
  dongguan: ['wDg'],
  resident: ['wJt'],
  hwzx: [],
  volunteer: [],
  inspector: [],
};
const STAFF = ['admin', 'binhe', 'jiaotonglu', 'grid', 'dongguan'];

export function wishScopeWalk<A extends string>(
  ctx: () => TestContext,
  actors: A[],
  call: (a: A, method: string, path: string, body?: unknown) => Promise<Res>,
) {
  const wx = {} as Record<Wx, { id: string }>;
  const reads = (a: string, x: Wx) => READS[a]?.includes(x) ?? false;
  const signedIn = (a: string) => a in READS;
  /** None of these change a wish: a claim for a unit nobody here belongs to, a step on a stale version. */
  const EXPECT: Record<string, { path: (id: string) => string; method: string; body?: unknown; want: (a: string, x: Wx) => number }> = {
    'GET /api/wishes/:id': {
      method: 'GET',
      path: (id) => `/api/wishes/${id}`,
      want: (a, x) => (!signedIn(a) ? 401 : reads(a, x) ? 200 : 404),
    },
    'POST /api/wishes/:id/claim': {
      method: 'POST',
      path: (id) => `/api/wishes/${id}/claim`,
      body: { asUnit: 'C-YZZX' },
      // On the board anyone may try (and is told they are no member); unchecked wishes exist only for their readers.
      want: (a, x) => (!signedIn(a) ? 401 : x === 'wJt' || reads(a, x) ? 403 : 404),
    },
    'POST /api/wishes/:id/actions': {
      method: 'POST',
      path: (id) => `/api/wishes/${id}/actions`,
      body: { action: 'publish', contactPhone: '13935800088', version: 99 },
      want: (a, x) => (!signedIn(a) ? 401 : reads(a, x) ? 409 : 404),
    },
    'GET /api/wishes/:id/contact': {
      method: 'GET',
      path: (id) => `/api/wishes/${id}/contact`,
      // Staff of the area (audited); the poster reads the wish but the contact is for the claimer.
      want: (a, x) => (!signedIn(a) ? 401 : !reads(a, x) ? 404 : STAFF.includes(a) ? 200 : 403),
    },
  };

  beforeAll(async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const posted = await f.call('POST', '/api/wishes', { token: resident, body: wishBody({ title: '矩阵心愿' }) });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(
      (await act(f, await f.login('jiaotonglu'), posted.body.wish.id, { action: 'publish', contactPhone: '13935800088' })).status,
    ).toBe(200);
    wx.wJt = posted.body.wish;
    wx.wJtNew = await postedWish(f, { publish: false });
    const dg = await f.call('POST', '/api/wishes', { token: await f.login('dongguan'), body: wishBody({ communityCode: '141102001001' }) });
    expect(dg.status).toBe(201);
    wx.wDg = dg.body.wish;
  }, 60_000);

  it('every wish-scoped route has an expectation', async () => {
    const { routeRegistry } = await import('../http/route.js');
    expect(
      routeRegistry
        .filter((r) => r.scoped === 'wish')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(Object.keys(EXPECT).sort());
  });

  it('every wish-scoped route × every actor × every wish: staff of its area, its poster, or "not found"', async () => {
    const failures: string[] = [];
    for (const [key, e] of Object.entries(EXPECT))
      for (const x of FIXTURES)
        for (const a of actors) {
          const res = await call(a, e.method, e.path(wx[x].id), e.body);
          const want = e.want(a, x);
          if (res.status !== want)
            failures.push(`${key} ${x} as ${a}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          if (want === 404) expect(JSON.stringify(res.body)).not.toContain('王秀英');
        }
    expect(failures).toEqual([]);
    // Nothing changed hands.
    const rows = await ctx()
      .database.db.selectFrom('wishes')
      .select(['status', 'claimer_user_id'])
      .where(
        'id',
        'in',
        FIXTURES.map((x) => wx[x].id),
      )
      .execute();
    expect(rows.every((r) => r.claimer_user_id === null)).toBe(true);
  });

  it('the desk list holds exactly the wishes of each staff member’s area', async () => {
    for (const a of STAFF) {
      const r = await call(a as A, 'GET', '/api/wishes?pageSize=200');
      const ids = new Set((r.body.items as { id: string }[]).map((w) => w.id));
      for (const x of FIXTURES) expect(ids.has(wx[x].id), `${a} ${x}`).toBe(reads(a, x));
    }
  });
}
