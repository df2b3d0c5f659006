/**
 * The access matrix's rows for inspections and rectification (kept beside the matrix so the
 * shared file gains two lines): a probe per route, and every route scoped to a round or an order
 * walked × every actor × fixtures in and out of scope. Who sees what (docs/inspections.md):
 * inspectors and the command centre every round of the district; the inspected units (street,
 * community, department) a round with a point of theirs, an unannounced one only once started;
 * orders by the platform's scope over their place columns, the responsible unit as the handler.
 * A street-attached inspector is walked on its own (it is not one of the matrix's shared actors).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { routeRegistry } from '../http/route.js';
import type { Role } from '../modules/auth/actor.js';
import type { Res } from './factories.js';
import type { TestContext } from './test-app.js';

const NOT_UUID = 'not-a-uuid';
const Q = '?__probe=1';
const B = { __probe: 1 };

export const INSPECTION_PROBES: Record<string, { path: string; body?: unknown; passed: number }> = {
  'GET /api/inspections/checklists': { path: `/api/inspections/checklists${Q}`, passed: 400 },
  'GET /api/inspections/checklists/template.xlsx': { path: '/api/inspections/checklists/template.xlsx', passed: 200 },
  'POST /api/inspections/checklists/import': { path: `/api/inspections/checklists/import${Q}`, passed: 400 },
  'GET /api/inspections/checklists/:id': { path: `/api/inspections/checklists/${NOT_UUID}`, passed: 400 },
  'POST /api/inspections/checklists': { path: '/api/inspections/checklists', body: B, passed: 400 },
  'GET /api/inspections/points': { path: `/api/inspections/points${Q}`, passed: 400 },
  'POST /api/inspections/points': { path: '/api/inspections/points', body: B, passed: 400 },
  'POST /api/inspections/rounds/sample': { path: '/api/inspections/rounds/sample', body: B, passed: 400 },
  'GET /api/inspections/rounds': { path: `/api/inspections/rounds${Q}`, passed: 400 },
  'POST /api/inspections/rounds': { path: '/api/inspections/rounds', body: B, passed: 400 },
  'GET /api/inspections/rounds/:id': { path: `/api/inspections/rounds/${NOT_UUID}`, passed: 400 },
  'POST /api/inspections/rounds/:id/actions': { path: `/api/inspections/rounds/${NOT_UUID}/actions`, body: B, passed: 400 },
  'POST /api/inspections/rounds/:id/entries': { path: `/api/inspections/rounds/${NOT_UUID}/entries`, body: B, passed: 400 },
  'GET /api/inspections/rounds/:id/scores': { path: `/api/inspections/rounds/${NOT_UUID}/scores`, passed: 400 },
  'GET /api/inspections/rounds/:id/report.docx': { path: `/api/inspections/rounds/${NOT_UUID}/report.docx`, passed: 400 },
  'GET /api/inspections/trend': { path: `/api/inspections/trend${Q}`, passed: 400 },
  'POST /api/inspections/rounds/:id/entries/:entryId/similar': {
    path: `/api/inspections/rounds/${NOT_UUID}/entries/${NOT_UUID}/similar`,
    passed: 400,
  },
  'GET /api/inspections/similar-checks': { path: `/api/inspections/similar-checks${Q}`, passed: 400 },
  'POST /api/inspections/similar-checks/:id/answer': { path: `/api/inspections/similar-checks/${NOT_UUID}/answer`, body: B, passed: 400 },
  'GET /api/rectification/orders': { path: `/api/rectification/orders${Q}`, passed: 400 },
  'GET /api/rectification/orders/ledger.xlsx': { path: `/api/rectification/orders/ledger.xlsx${Q}`, passed: 400 },
  'GET /api/rectification/orders/:id': { path: `/api/rectification/orders/${NOT_UUID}`, passed: 400 },
  'POST /api/rectification/orders/:id/actions': { path: `/api/rectification/orders/${NOT_UUID}/actions`, body: B, passed: 400 },
  'GET /api/rectification/rates': { path: `/api/rectification/rates${Q}`, passed: 400 },
};

const STAFF: Role[] = ['district_admin', 'inspector', 'street_staff', 'community_staff', 'department_staff'];
const INSPECTORS: Role[] = ['district_admin', 'inspector'];
const ROUNDS = ['rJtStarted', 'rJtPlanned', 'rDg'] as const;
const ORDERS = ['oJt', 'oDept', 'oDg'] as const;
type Rx = (typeof ROUNDS)[number];
type Ox = (typeof ORDERS)[number];

/**
 * rJtStarted: an unannounced round, started, at a back street of 交通路社区 and a toilet there managed
 * by 区环卫中心; rJtPlanned: an unannounced round at the same back street, not started; rDg: a planned
 * round, started, in 东关社区. Orders: oJt to 交通路社区, oDept to 区环卫中心 (in 交通路), oDg to 东关社区.
 */
const SEES_ROUND: Record<string, Rx[]> = {
  admin: [...ROUNDS],
  inspector: [...ROUNDS],
  binhe: ['rJtStarted', 'rDg'],
  jiaotonglu: ['rJtStarted'],
  dongguan: ['rDg'],
  hwzx: ['rJtStarted'],
};
const SEES_ORDER: Record<string, Ox[]> = {
  admin: [...ORDERS],
  inspector: [...ORDERS],
  binhe: [...ORDERS],
  jiaotonglu: ['oJt', 'oDept'],
  dongguan: ['oDg'],
  hwzx: ['oDept'],
};

export function inspectionScopeSuite(
  ctx: () => TestContext,
  call: (actor: any, method: string, path: string, body?: unknown) => Promise<Res>,
  actors: readonly string[],
  roleOf: Record<string, Role>,
): void {
  describe('scope: inspection rounds and rectification orders', () => {
    const rx = {} as Record<Rx, string>;
    const ox = {} as Record<Ox, string>;
    const door = (a: string, roles: Role[]) => (a === 'anonymous' || a === 'apikey' ? 401 : roles.includes(roleOf[a] as Role) ? null : 403);
    const round = (roles: Role[], inScope: number) => (a: string, x: Rx) => door(a, roles) ?? (SEES_ROUND[a]?.includes(x) ? inScope : 404);
    const EXPECT: Record<string, (a: string, x: string) => number> = {
      'GET /api/inspections/rounds/:id': round(STAFF, 200) as never,
      'GET /api/inspections/rounds/:id/scores': round(STAFF, 200) as never,
      'GET /api/inspections/rounds/:id/report.docx': round(STAFF, 200) as never,
      // a stale version: told it changed
      'POST /api/inspections/rounds/:id/actions': round(INSPECTORS, 409) as never,
      // an entry that does not exist (or did not fail): named (400)
      'POST /api/inspections/rounds/:id/entries/:entryId/similar': round(INSPECTORS, 400) as never,
      // a point that does not exist: named (400), or the round has not started (409)
      'POST /api/inspections/rounds/:id/entries': ((a: string, x: Rx) => round(INSPECTORS, x === 'rJtPlanned' ? 409 : 400)(a, x)) as never,
      'GET /api/rectification/orders/:id': ((a: string, x: Ox) => door(a, STAFF) ?? (SEES_ORDER[a]?.includes(x) ? 200 : 404)) as never,
      'POST /api/rectification/orders/:id/actions': ((a: string, x: Ox) =>
        door(a, STAFF) ?? (SEES_ORDER[a]?.includes(x) ? 409 : 404)) as never,
    };
    const PATH: Record<string, (id: string) => { method: string; path: string; body?: unknown }> = {
      'GET /api/inspections/rounds/:id': (id) => ({ method: 'GET', path: `/api/inspections/rounds/${id}` }),
      'GET /api/inspections/rounds/:id/scores': (id) => ({ method: 'GET', path: `/api/inspections/rounds/${id}/scores` }),
      'GET /api/inspections/rounds/:id/report.docx': (id) => ({ method: 'GET', path: `/api/inspections/rounds/${id}/report.docx` }),
      'POST /api/inspections/rounds/:id/actions': (id) => ({
        method: 'POST',
        path: `/api/inspections/rounds/${id}/actions`,
        body: { action: 'finish', version: 99 },
      }),
      'POST /api/inspections/rounds/:id/entries': (id) => ({
        method: 'POST',
        path: `/api/inspections/rounds/${id}/entries`,
        body: {
          pointId: '00000000-0000-4000-8000-000000000000',
          itemId: '00000000-0000-4000-8000-000000000000',
          result: 'pass',
          takenAt: '2026-03-10T10:00:00+08:00',
        },
      }),
      'POST /api/inspections/rounds/:id/entries/:entryId/similar': (id) => ({
        method: 'POST',
        path: `/api/inspections/rounds/${id}/entries/00000000-0000-4000-8000-000000000000/similar`,
      }),
      'GET /api/rectification/orders/:id': (id) => ({ method: 'GET', path: `/api/rectification/orders/${id}` }),
      'POST /api/rectification/orders/:id/actions': (id) => ({
        method: 'POST',
        path: `/api/rectification/orders/${id}/actions`,
        body: { action: 'escalate', note: '矩阵', version: 99 },
      }),
    };

    beforeAll(async () => {
      const { f } = ctx();
      const admin = await f.login('admin');
      const inspector = await f.login('inspector');
      const point = async (name: string, type: string, unitId: string, communityCode: string) => {
        const r = await f.call('POST', '/api/inspections/points', { token: admin, body: { name, type, unitId, communityCode } });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return r.body.id as string;
      };
      const jt = await point('矩阵·交通路小巷', 'back_street', '141102001002', '141102001002');
      const toilet = await point('矩阵·交通路公厕', 'toilet', 'D-HWZX', '141102001002');
      const dg = await point('矩阵·东关小巷', 'back_street', '141102001001', '141102001001');
      const plan = async (mode: string, pointIds: string[], start: boolean) => {
        const r = await f.call('POST', '/api/inspections/rounds', {
          token: inspector,
          body: { title: '矩阵督查', mode, plannedFor: '2026-03-10', pointIds },
        });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        if (!start) return r.body;
        return (
          await f.call('POST', `/api/inspections/rounds/${r.body.id}/actions`, {
            token: inspector,
            body: { action: 'start', version: r.body.version },
          })
        ).body;
      };
      const fail = async (r: any, pointId: string, code: string) => {
        const p = r.points.find((x: any) => x.id === pointId);
        const itemId = r.checklists.find((c: any) => c.id === p.checklistId).items.find((i: any) => i.code === code).id;
        const e = await f.call('POST', `/api/inspections/rounds/${r.id}/entries`, {
          token: inspector,
          body: { pointId, itemId, result: 'fail', takenAt: '2026-03-10T10:00:00+08:00' },
        });
        expect(e.status, JSON.stringify(e.body)).toBe(200);
        return e.body.entry.orderId as string;
      };
      const started = await plan('unannounced', [jt, toilet], true);
      rx.rJtStarted = started.id;
      rx.rJtPlanned = (await plan('unannounced', [jt], false)).id;
      const dgRound = await plan('planned', [dg], true);
      rx.rDg = dgRound.id;
      ox.oJt = await fail(started, jt, 'bins');
      ox.oDept = await fail(started, toilet, 'toilet_clean');
      ox.oDg = await fail(dgRound, dg, 'bins');
    }, 60_000);

    it('every route scoped to a round or an order has an expectation', () => {
      expect(
        routeRegistry
          .filter((r) => r.scoped === 'inspection' || r.scoped === 'rectification')
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual(Object.keys(EXPECT).sort());
    });

    it('every round- and order-scoped route × every actor × every fixture', async () => {
      const failures: string[] = [];
      for (const r of routeRegistry.filter((x) => x.scoped === 'inspection' || x.scoped === 'rectification')) {
        const key = `${r.method} ${r.url}`;
        const fixtures: [string, string][] = r.scoped === 'inspection' ? ROUNDS.map((x) => [x, rx[x]]) : ORDERS.map((x) => [x, ox[x]]);
        for (const [x, id] of fixtures)
          for (const a of actors) {
            const c = PATH[key]!(id);
            const res = await call(a, c.method, c.path, c.body);
            const want = EXPECT[key]!(a, x);
            if (res.status !== want)
              failures.push(`${key} ${x} as ${a}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          }
      }
      expect(failures).toEqual([]);
    });

    it('an inspector attached to a street (滨河): rounds with its points once started, never the unannounced plan; runs none of them', async () => {
      const token = (await ctx().f.user('inspector', '141102001')).token;
      const want: Record<string, Record<string, number>> = {
        'GET /api/inspections/rounds/:id': { rJtStarted: 200, rJtPlanned: 404, rDg: 200 },
        'GET /api/inspections/rounds/:id/scores': { rJtStarted: 200, rJtPlanned: 404, rDg: 200 },
        'POST /api/inspections/rounds/:id/actions': { rJtStarted: 403, rJtPlanned: 404, rDg: 403 },
        'POST /api/inspections/rounds/:id/entries': { rJtStarted: 400, rJtPlanned: 404, rDg: 400 },
        'POST /api/inspections/rounds/:id/entries/:entryId/similar': { rJtStarted: 400, rJtPlanned: 404, rDg: 400 },
        'GET /api/rectification/orders/:id': { oJt: 200, oDept: 200, oDg: 200 },
        'POST /api/rectification/orders/:id/actions': { oJt: 409, oDept: 409, oDg: 409 },
      };
      const failures: string[] = [];
      for (const [key, byFixture] of Object.entries(want))
        for (const [x, status] of Object.entries(byFixture)) {
          const c = PATH[key]!((rx as Record<string, string>)[x] ?? (ox as Record<string, string>)[x]!);
          const res = await ctx().f.call(c.method, c.path, { token, body: c.body });
          if (res.status !== status) failures.push(`${key} ${x}: expected ${status}, got ${res.status}`);
        }
      expect(failures).toEqual([]);
      const rounds = (await ctx().f.call('GET', '/api/inspections/rounds?pageSize=200', { token })).body.items.map((r: any) => r.id);
      expect(ROUNDS.filter((x) => rounds.includes(rx[x]))).toEqual(['rJtStarted', 'rDg']);
    });

    it('the lists hold exactly the rounds and orders each role sees', async () => {
      for (const a of Object.keys(SEES_ROUND)) {
        const rounds = (await call(a, 'GET', '/api/inspections/rounds?pageSize=200')).body.items.map((r: { id: string }) => r.id);
        expect(
          ROUNDS.filter((x) => rounds.includes(rx[x])),
          a,
        ).toEqual(SEES_ROUND[a]);
        const orders = (await call(a, 'GET', '/api/rectification/orders?pageSize=500')).body.items.map((o: { id: string }) => o.id);
        expect(
          ORDERS.filter((x) => orders.includes(ox[x])),
          a,
        ).toEqual(SEES_ORDER[a]);
      }
    });
  });
}
