/**
 * Deadlines and rates of rectification orders, on both databases: 按期结案 judged by the unit's
 * passing answer, not by when the re-check came; a 督办 before the deadline does not stop the
 * overdue job; a rework gets a fresh deadline from the item's limit (and may be pressed again);
 * 按期结案率 = closed on time / (closed + open past deadline); 返工率 = sent back / answered.
 */
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../clock.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { uploadPhoto } from '../inspections/test-helpers.js';

const FENGSHAN = '141102002';
const FSD = '141102002001';

describe.each(DIALECTS)('rectification deadlines on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (method: string, url: string, token: string, body?: unknown) => ctx().f.call(method, url, { token, body });
  const photo = (token: string) => uploadPhoto(ctx().app, token);

  it('judges on-time by the answer, keeps the overdue job after an early 督办, gives a rework a new deadline, and rates by the brief', async () => {
    const { f, app, clock } = ctx();
    let admin = await f.login('admin');
    const insp = await f.login('inspector');
    const streetUser = await f.user('street_staff', FENGSHAN);
    const fsdUser = await f.user('community_staff', FSD);
    let street = streetUser.token;
    let fsd = fsdUser.token;
    // sessions lapse as the test clock moves: sign in again
    const again = async () => {
      for (const u of ['admin', streetUser.username, fsdUser.username]) f.forget(u);
      admin = await f.login('admin');
      street = await f.login(streetUser.username);
      fsd = await f.login(fsdUser.username);
    };
    const pt = await call('POST', '/api/inspections/points', admin, {
      name: '凤山底四巷',
      type: 'back_street',
      unitId: FSD,
      communityCode: FSD,
    });
    let round = (
      await call('POST', '/api/inspections/rounds', insp, {
        title: '周检',
        mode: 'planned',
        plannedFor: '2026-03-10',
        pointIds: [pt.body.id],
      })
    ).body;
    round = (await call('POST', `/api/inspections/rounds/${round.id}/actions`, insp, { action: 'start', version: round.version })).body;
    const items = round.checklists[0].items;
    const order: Record<string, any> = {};
    for (const code of ['bins', 'rubbish_piled', 'flying_lead']) {
      const e = await call('POST', `/api/inspections/rounds/${round.id}/entries`, insp, {
        pointId: pt.body.id,
        itemId: items.find((i: any) => i.code === code).id,
        result: 'fail',
        takenAt: clock.now().toISOString(),
      });
      expect(e.status, JSON.stringify(e.body)).toBe(200);
      order[code] = (await call('GET', `/api/rectification/orders/${e.body.entry.orderId}`, fsd)).body;
    }
    const act = async (token: string, code: string, body: Record<string, unknown>) => {
      const r = await call('POST', `/api/rectification/orders/${order[code].id}/actions`, token, { ...body, version: order[code].version });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      order[code] = r.body;
      return r.body;
    };
    clock.advance(HOUR_MS);
    await again();
    await act(fsd, 'bins', { action: 'answer', note: '已清洗', photos: [await photo(fsd)] });
    await act(fsd, 'flying_lead', { action: 'answer', note: '已拆除', photos: [await photo(fsd)] });
    await act(street, 'rubbish_piled', { action: 'escalate', note: '请抓紧' });
    clock.advance(29 * HOUR_MS); // every deadline (24 h, 4 h) has passed
    await again();
    const passed = await act(admin, 'bins', { action: 'pass' });
    expect(passed.closedAt > passed.deadlineAt).toBe(true);
    expect(passed.closedOnTime).toBe(true);
    expect(await app.services.rectification.sweepOverdue()).toBe(1);
    const piled = (await call('GET', `/api/rectification/orders/${order.rubbish_piled.id}`, admin)).body;
    expect(await app.services.rectification.sweepOverdue()).toBe(0); // once per deadline
    const told = await app.services.db.selectFrom('notices').select('event').where('entity_id', '=', order.rubbish_piled.id).execute();
    expect(told.map((n) => n.event)).toEqual(
      expect.arrayContaining(['rectification_order.create.unit', 'rectification_order.escalate.unit']),
    );
    const listed = (await call('GET', '/api/rectification/orders?overdue=1', admin)).body.items.map((o: any) => o.id);
    expect(listed).toContain(order.rubbish_piled.id);
    expect(piled.timeline.filter((x: any) => x.action === 'escalate')).toHaveLength(2);
    const back = await act(admin, 'flying_lead', { action: 'send_back', reason: '仍有飞线' });
    expect(back.deadlineAt).toBe(new Date(clock.now().getTime() + 4 * HOUR_MS).toISOString());
    expect(back.overdue).toBe(false);
    const rates = (await call('GET', `/api/rectification/rates?roundId=${round.id}`, admin)).body.total;
    // bins closed on time; rubbish_piled open past its deadline; flying_lead answered once and sent back
    expect(rates).toMatchObject({ total: 3, closed: 1, overdue: 1, reworked: 1, closeRate: 0.3333, onTimeRate: 0.5, reworkRate: 0.5 });
    // the rework's new deadline passes: the overdue job presses it again
    clock.advance(5 * HOUR_MS);
    await again();
    expect(await app.services.rectification.sweepOverdue()).toBe(1);
    const fl = (await call('GET', `/api/rectification/orders/${order.flying_lead.id}`, admin)).body;
    expect(fl.timeline.map((x: any) => x.action)).toEqual(['create', 'answer', 'send_back', 'escalate']);
  });
});
