/**
 * Community-level requests (dispatched to a community, no grid): every grid worker of that
 * community may sign; the first signer takes it into their grid and the others can no longer act;
 * two signing at the same moment: exactly one wins.
 */
import { describe, expect, it } from 'vitest';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const JIAOTONGLU = '141102001002';
const SECOND_GRID = '141102001002-02';

describe.each(DIALECTS)('community-level requests and grid workers on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  const communityRequest = async (description = '小区楼道堆放杂物，影响通行') => {
    const { f } = ctx();
    const r = await f.request({ token: null, body: { location: undefined, communityCode: JIAOTONGLU, description } });
    expect(r.status).toBe('dispatched');
    expect(r.gridCode).toBeNull();
    expect(r.handlerUnitId).toBe(JIAOTONGLU);
    return r;
  };

  it('a grid worker of the community sees it in 我的待办 with sign and return; a grid worker elsewhere does not see it', async () => {
    const { f } = ctx();
    const req = await communityRequest();
    const grid = await f.login('grid');
    const inbox = await f.call('GET', '/api/requests?queue=mine', { token: grid });
    expect(inbox.body.items.map((x: { id: string }) => x.id)).toContain(req.id);
    const d = await f.call('GET', `/api/requests/${req.id}`, { token: grid });
    expect(d.status).toBe(200);
    expect(d.body.actions).toEqual(expect.arrayContaining(['sign', 'return', 'comment']));
    const elsewhere = await f.user('grid_worker', GRIDS.dongguan);
    expect((await f.call('GET', `/api/requests/${req.id}`, { token: elsewhere.token })).status).toBe(404);
    expect((await f.act(elsewhere.token, req.id, { action: 'sign' })).status).toBe(404);
  });

  it('the first to sign takes it into their grid and carries it to 办结; the other grid worker can no longer act', async () => {
    const { f } = ctx();
    const req = await communityRequest();
    const grid = await f.login('grid');
    const other = await f.user('grid_worker', SECOND_GRID);
    const signed = await f.act(grid, req.id, { action: 'sign' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.request).toMatchObject({ status: 'signed', handlerUnitId: GRIDS.jiaotonglu });
    expect(signed.body.timeline.at(-1)).toMatchObject({
      action: 'sign',
      data: { handlerUnitId: GRIDS.jiaotonglu, from: JIAOTONGLU },
    });
    const seenByOther = await f.call('GET', `/api/requests/${req.id}`, { token: other.token });
    expect(seenByOther.body.actions).toEqual([]);
    expect((await f.act(other.token, req.id, { action: 'contact', note: '我也来' })).status).toBe(403);
    expect((await f.act(other.token, req.id, { action: 'return', reason: '不是我的' })).status).toBe(403);
    for (const body of [
      { action: 'contact', note: '已联系' },
      { action: 'resolve', reply: '已清理完毕' },
    ]) {
      const r = await f.act(grid, req.id, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const done = await f.call('GET', `/api/requests/${req.id}`, { token: await f.login('jiaotonglu') });
    expect(done.body.request.status).toBe('resolved');
  });

  it('once community staff signed it at the community, grid workers do not act on it', async () => {
    const { f } = ctx();
    const req = await communityRequest();
    expect((await f.act(await f.login('jiaotonglu'), req.id, { action: 'sign' })).status).toBe(200);
    const d = await f.call('GET', `/api/requests/${req.id}`, { token: await f.login('grid') });
    expect(d.body.request.handlerUnitId).toBe(JIAOTONGLU);
    expect(d.body.actions).toEqual([]);
  });

  it('two grid workers sign at the same moment: exactly one wins, one sign entry, the request is in the winner’s grid', async () => {
    const { f } = ctx();
    const grid = await f.login('grid');
    const other = await f.user('grid_worker', SECOND_GRID);
    for (let i = 0; i < 8; i++) {
      const req = await communityRequest(`并发签收社区诉求 ${i}`);
      const results = await Promise.all([f.act(grid, req.id, { action: 'sign' }), f.act(other.token, req.id, { action: 'sign' })]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409]);
      const winner = results[0]?.status === 200 ? GRIDS.jiaotonglu : SECOND_GRID;
      const row = await ctx().database.db.selectFrom('requests').selectAll().where('id', '=', req.id).executeTakeFirstOrThrow();
      expect(row.handler_unit_id).toBe(winner);
      const signs = await ctx()
        .database.db.selectFrom('timeline')
        .select('id')
        .where('entity_type', '=', 'request')
        .where('entity_id', '=', req.id)
        .where('action', '=', 'sign')
        .execute();
      expect(signs).toHaveLength(1);
    }
  });
});
