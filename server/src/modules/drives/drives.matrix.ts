/**
 * The drives' rows of the access matrix (server/src/test/access-matrix.test.ts): a probe per route,
 * and the scope walk — every drive-scoped route × every actor × drives of a community, a street,
 * another community, a department and another street. Who sees which (drives.policy.ts,
 * docs/roles.md): the organising unit and the units above it; grid workers the drives of their community.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeRegistry } from '../../http/route.js';
import type { Res } from '../../test/factories.js';
import type { TestContext } from '../../test/test-app.js';

const NOT_UUID = 'not-a-uuid';
const Q = '?__probe=1';
const B = { __probe: 1 };

export const DRIVE_PROBES: Record<string, { path: string; body?: unknown; passed: number }> = {
  'GET /api/drives': { path: `/api/drives${Q}`, passed: 400 },
  'GET /api/drives/stats': { path: `/api/drives/stats${Q}`, passed: 400 },
  'POST /api/drives': { path: '/api/drives', body: B, passed: 400 },
  'GET /api/drives/:id': { path: `/api/drives/${NOT_UUID}`, passed: 400 },
  'POST /api/drives/:id/actions': { path: `/api/drives/${NOT_UUID}/actions`, body: B, passed: 400 },
  'POST /api/drives/:id/items': { path: `/api/drives/${NOT_UUID}/items`, body: B, passed: 400 },
  'POST /api/drives/:id/pledges': { path: `/api/drives/${NOT_UUID}/pledges`, body: B, passed: 400 },
  'POST /api/drives/:id/receipts': { path: `/api/drives/${NOT_UUID}/receipts`, body: B, passed: 400 },
  'GET /api/drives/:id/recipients': { path: `/api/drives/${NOT_UUID}/recipients`, passed: 400 },
  'POST /api/drives/:id/recipients': { path: `/api/drives/${NOT_UUID}/recipients`, body: B, passed: 400 },
  'GET /api/drives/:id/recipients/:childId/contact': { path: `/api/drives/${NOT_UUID}/recipients/${NOT_UUID}/contact`, passed: 400 },
  'POST /api/drives/:id/deliveries': { path: `/api/drives/${NOT_UUID}/deliveries`, body: B, passed: 400 },
  'POST /api/drives/:id/deliveries/:childId/actions': {
    path: `/api/drives/${NOT_UUID}/deliveries/${NOT_UUID}/actions`,
    body: B,
    passed: 400,
  },
  'GET /api/drives/:id/ledger.xlsx': { path: `/api/drives/${NOT_UUID}/ledger.xlsx`, passed: 400 },
  'GET /api/public/drives/:id': { path: `/api/public/drives/${NOT_UUID}`, passed: 400 },
};

const DRIVES = ['dJt', 'dStreet', 'dDg', 'dDept', 'dOther'] as const;
type Dx = (typeof DRIVES)[number];
/** dJt: 交通路社区's; dStreet: 滨河街道's; dDg: 东关社区's; dDept: 区环卫中心's; dOther: a community of another street. */
const SEES: Record<string, Dx[]> = {
  admin: [...DRIVES],
  binhe: ['dJt', 'dStreet', 'dDg'],
  jiaotonglu: ['dJt'],
  dongguan: ['dDg'],
  grid: ['dJt'],
  hwzx: ['dDept'],
  resident: [],
  volunteer: [],
  inspector: [],
};
const ORGANISERS = ['admin', 'binhe', 'jiaotonglu', 'dongguan', 'hwzx'];
const DELIVERERS = [...ORGANISERS, 'grid'];

/** The drive-scoped walk, inside the matrix's describe (its app, its signed-in actors). */
export function describeDriveScope(
  ctx: () => TestContext,
  actors: readonly string[],
  call: (a: string, m: string, p: string, b?: unknown) => Promise<Res>,
) {
  describe('scope: drive-scoped routes (aid drives)', () => {
    const dx = {} as Record<Dx, { id: string; itemId: string; deliveryId: string }>;
    const sees = (a: string, x: Dx) => (SEES[a] ?? []).includes(x);
    const gate = (a: string, roles: string[]) => (a === 'anonymous' || a === 'apikey' ? 401 : roles.includes(a) ? null : 403);
    /** Door first (401/403), then out of scope reads "not found", then what the probe's input earns in scope. */
    const rule = (roles: string[], inScope: number) => (a: string, x: Dx) => gate(a, roles) ?? (sees(a, x) ? inScope : 404);
    const EXPECT: Record<string, (a: string, x: Dx) => number> = {
      'GET /api/drives/:id': rule(DELIVERERS, 200),
      'POST /api/drives/:id/actions': rule(ORGANISERS, 409), // a stale version
      'POST /api/drives/:id/items': rule(ORGANISERS, 200),
      'POST /api/drives/:id/pledges': rule(ORGANISERS, 400), // an item of no drive
      'POST /api/drives/:id/receipts': rule(ORGANISERS, 400),
      'GET /api/drives/:id/recipients': rule(DELIVERERS, 200),
      'POST /api/drives/:id/recipients': rule(ORGANISERS, 400), // a community that does not exist
      'GET /api/drives/:id/recipients/:childId/contact': rule(DELIVERERS, 400), // not a recipient of this drive
      'POST /api/drives/:id/deliveries': rule(DELIVERERS, 400), // not a recipient of this drive
      'POST /api/drives/:id/deliveries/:childId/actions': rule(DELIVERERS, 409), // a stale version
      'GET /api/drives/:id/ledger.xlsx': rule(DELIVERERS, 200),
    };
    const PATH: Record<string, (x: Dx) => { method: string; path: string; body?: unknown }> = {
      'GET /api/drives/:id': (x) => ({ method: 'GET', path: `/api/drives/${dx[x].id}` }),
      'POST /api/drives/:id/actions': (x) => ({
        method: 'POST',
        path: `/api/drives/${dx[x].id}/actions`,
        body: { action: 'close', version: 99 },
      }),
      'POST /api/drives/:id/items': (x) => ({ method: 'POST', path: `/api/drives/${dx[x].id}/items`, body: { name: '矩阵物资' } }),
      'POST /api/drives/:id/pledges': (x) => ({
        method: 'POST',
        path: `/api/drives/${dx[x].id}/pledges`,
        body: { itemId: randomUUID(), donorKind: 'person', donorName: '矩阵捐赠人', quantity: 1 },
      }),
      'POST /api/drives/:id/receipts': (x) => ({
        method: 'POST',
        path: `/api/drives/${dx[x].id}/receipts`,
        body: { itemId: randomUUID(), quantity: 1 },
      }),
      'GET /api/drives/:id/recipients': (x) => ({ method: 'GET', path: `/api/drives/${dx[x].id}/recipients` }),
      'POST /api/drives/:id/recipients': (x) => ({
        method: 'POST',
        path: `/api/drives/${dx[x].id}/recipients`,
        body: { name: '矩阵受助人', phone: '13935800777', communityCode: '141102999999', reason: '矩阵' },
      }),
      'GET /api/drives/:id/recipients/:childId/contact': (x) => ({
        method: 'GET',
        path: `/api/drives/${dx[x].id}/recipients/${randomUUID()}/contact`,
      }),
      'POST /api/drives/:id/deliveries': (x) => ({
        method: 'POST',
        path: `/api/drives/${dx[x].id}/deliveries`,
        body: { recipientId: randomUUID(), confirmation: { method: 'callback' } },
      }),
      'POST /api/drives/:id/deliveries/:childId/actions': (x) => ({
        method: 'POST',
        path: `/api/drives/${dx[x].id}/deliveries/${dx[x].deliveryId}/actions`,
        body: { action: 'confirm', version: 99, confirmation: { method: 'callback', note: '矩阵' } },
      }),
      'GET /api/drives/:id/ledger.xlsx': (x) => ({ method: 'GET', path: `/api/drives/${dx[x].id}/ledger.xlsx` }),
    };

    beforeAll(async () => {
      const units = await ctx().app.services.org.list();
      const other = units.find((u) => u.kind === 'community' && u.street_code !== '141102001')!;
      const organiser: Record<Dx, [string, string]> = {
        dJt: ['141102001002', '141102001002'],
        dStreet: ['141102001', '141102001002'],
        dDg: ['141102001001', '141102001001'],
        dDept: ['D-HWZX', '141102001002'],
        dOther: [other.id, other.id],
      };
      for (const x of DRIVES) {
        const [unit, community] = organiser[x];
        const ok = async (r: Promise<Res>) => {
          const res = await r;
          expect(res.status, `${x}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
          return res.body;
        };
        const d = await ok(
          call('admin', 'POST', '/api/drives', {
            title: `矩阵活动-${x}`,
            organiserUnitId: unit,
            targetCount: 2,
            items: [{ name: '矩阵邮包' }],
          }),
        );
        const itemId = d.items[0].id;
        await ok(call('admin', 'POST', `/api/drives/${d.id}/receipts`, { itemId, quantity: 2 }));
        await ok(call('admin', 'POST', `/api/drives/${d.id}/actions`, { action: 'start', version: d.version }));
        const r = await ok(
          call('admin', 'POST', `/api/drives/${d.id}/recipients`, {
            name: '矩阵母亲',
            idNumber: `14110219900101${String(DRIVES.indexOf(x)).padStart(4, '0')}`,
            communityCode: community,
            reason: '矩阵',
          }),
        );
        const delivery = await ok(
          call('admin', 'POST', `/api/drives/${d.id}/deliveries`, { recipientId: r.id, confirmation: { method: 'callback' } }),
        );
        dx[x] = { id: d.id, itemId, deliveryId: delivery.id };
      }
    }, 60_000);

    it('every drive-scoped route has a scope expectation', () => {
      expect(
        routeRegistry
          .filter((r) => r.scoped === 'drive')
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual(Object.keys(EXPECT).sort());
    });

    it('every drive-scoped route × every actor × every drive: the organising unit and those above it, grid workers their community’s', async () => {
      const failures: string[] = [];
      for (const key of Object.keys(EXPECT))
        for (const x of DRIVES)
          for (const a of actors) {
            const c = PATH[key]!(x);
            const res = await call(a, c.method, c.path, c.body);
            const want = EXPECT[key]!(a, x);
            if (res.status !== want)
              failures.push(`${key} ${x} as ${a}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
            if (want === 404) expect(JSON.stringify(res.body)).not.toContain(`矩阵活动-${x}`);
          }
      expect(failures).toEqual([]);
    });

    it('the desk list and the monthly counts hold exactly the drives each role sees', async () => {
      for (const a of DELIVERERS) {
        const list = await call(a, 'GET', '/api/drives?pageSize=200');
        const mine = (list.body.items as { title: string }[]).map((d) => d.title).filter((t) => t.startsWith('矩阵活动-'));
        expect(new Set(mine), a).toEqual(new Set(SEES[a]!.map((x) => `矩阵活动-${x}`)));
        const stats = await call(a, 'GET', '/api/drives/stats');
        const counted = (stats.body.items as { title: string }[]).map((d) => d.title).filter((t) => t.startsWith('矩阵活动-'));
        expect(new Set(counted), a).toEqual(new Set(SEES[a]!.map((x) => `矩阵活动-${x}`)));
      }
    });
  });
}
