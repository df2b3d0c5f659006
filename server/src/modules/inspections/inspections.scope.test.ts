/**
 * Who may do what in a round, on both databases (the review of issue 14): the inspected street
 * cannot withdraw its own findings; a street's inspector does not see (or start) a district's
 * unannounced round before it starts, and enters findings only at its own street's points; a
 * reused Idempotency-Key with another body is refused; a finished round scores unmarked items at
 * a visited point as pass.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { roundItem, uploadPhoto } from './test-helpers.js';

const FENGSHAN = '141102002';
const FSD = '141102002001'; // 凤山底社区, 凤山街道
const JT = '141102001002'; // a community of another street

describe.each(DIALECTS)('inspections scope on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const t = { admin: '', insp: '', streetInsp: '', street: '', fsd: '' };
  const p = { two: '', jt: '', dept: '' };
  let round: any;
  const call = (method: string, url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
    ctx().f.call(method, url, { token, body, headers });
  const item = roundItem;
  const entry = (token: string, body: Record<string, unknown>, key?: string) =>
    call(
      'POST',
      `/api/inspections/rounds/${round.id}/entries`,
      token,
      { takenAt: ctx().clock.now().toISOString(), ...body },
      key ? { 'idempotency-key': key } : undefined,
    );

  it('a district unannounced round stays hidden from a street-attached inspector until it starts, and only its owners start it', async () => {
    const { f } = ctx();
    t.admin = await f.login('admin');
    t.insp = await f.login('inspector');
    t.streetInsp = (await f.user('inspector', FENGSHAN)).token;
    t.street = (await f.user('street_staff', FENGSHAN)).token;
    t.fsd = (await f.user('community_staff', FSD)).token;
    for (const [k, name, unit, dept] of [
      ['two', '凤山底二巷', FSD],
      ['jt', '交通路小巷', JT],
      ['dept', '凤山底环卫点', FSD, 'D-HWZX'],
    ] as [keyof typeof p, string, string, string?][]) {
      const r = await call('POST', '/api/inspections/points', t.admin, {
        name,
        type: 'back_street',
        unitId: dept ?? unit,
        communityCode: unit,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      p[k] = r.body.id;
    }
    const c = await call('POST', '/api/inspections/rounds', t.insp, {
      title: '四不两直',
      mode: 'unannounced',
      plannedFor: '2026-03-10',
      pointIds: [p.two, p.jt, p.dept],
    });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    round = c.body;
    for (const token of [t.streetInsp, t.street, t.fsd]) {
      expect((await call('GET', '/api/inspections/rounds', token)).body.items.map((x: any) => x.id)).not.toContain(round.id);
      expect((await call('GET', `/api/inspections/rounds/${round.id}`, token)).status).toBe(404);
    }
    const early = await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.streetInsp, {
      action: 'start',
      version: round.version,
    });
    expect(early.status).toBe(404);
    round = (await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.insp, { action: 'start', version: round.version })).body;
    expect(round.status).toBe('in_progress');
    // once started the street's inspector sees it, but does not finish someone else's district round
    const seen = await call('GET', `/api/inspections/rounds/${round.id}`, t.streetInsp);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual([]);
    const fin = await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.streetInsp, {
      action: 'finish',
      version: round.version,
    });
    expect(fin.status).toBe(403);
  });

  it('once started, the inspected and area inspectors see only their own area’s points of it, their findings and photos', async () => {
    const names = async (token: string) =>
      ((await call('GET', `/api/inspections/rounds/${round.id}`, token)).body.points ?? []).map((x: any) => x.name).sort();
    expect(await names(t.fsd)).toEqual(['凤山底二巷', '凤山底环卫点'].sort());
    expect(await names(t.street)).toEqual(['凤山底二巷', '凤山底环卫点'].sort());
    expect((await names(t.insp)).length).toBe(3);
    // a finding with its photo at the other street's point: not in 凤山's view of the round, nor its photo
    const photo = await uploadPhoto(ctx().app, t.insp);
    const jt = await entry(t.insp, { pointId: p.jt, itemId: item(round, p.jt, 'street_vending').id, result: 'pass', photos: [photo] });
    expect(jt.status, JSON.stringify(jt.body)).toBe(200);
    const fsdView = (await call('GET', `/api/inspections/rounds/${round.id}`, t.fsd)).body;
    expect(fsdView.points.flatMap((x: any) => x.entries).map((e: any) => e.id)).not.toContain(jt.body.entry.id);
    expect((await call('GET', `/api/uploads/${photo}`, t.fsd)).status).not.toBe(200);
    expect((await call('GET', `/api/uploads/${photo}`, t.admin)).status).toBe(200);
    // accounts refuse an inspector attached to a community (users module), so areaActor's community case is defensive only
    const communityInsp = await call('POST', '/api/users', t.admin, {
      username: 'insp-fsd',
      displayName: '社区督查员',
      password: DEMO_PASSWORD,
      role: 'inspector',
      unitId: FSD,
    });
    expect(communityInsp.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'unitId' });
  });

  it('impossible dates are refused with 400 naming the field, and nothing is written', async () => {
    for (const plannedFor of ['2026-99-99', '2026-02-30', '0000-01-01']) {
      const r = await call('POST', '/api/inspections/rounds', t.insp, { title: '坏日期', mode: 'planned', plannedFor, pointIds: [p.two] });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.error)).toContain('plannedFor');
    }
    const listed = (await call('GET', '/api/inspections/rounds', t.admin)).body.items.map((x: any) => x.title);
    expect(listed).not.toContain('坏日期');
    const bad = await entry(t.insp, {
      pointId: p.two,
      itemId: item(round, p.two, 'bins').id,
      result: 'pass',
      takenAt: '0000-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('takenAt');
  });

  it('a street-attached inspector enters findings only at its own street’s points', async () => {
    const other = await entry(t.streetInsp, { pointId: p.jt, itemId: item(round, p.jt, 'bins').id, result: 'fail' });
    expect(other.status).toBe(403);
    const orders = await ctx().app.services.db.selectFrom('rectification_orders').select('id').where('point_id', '=', p.jt).execute();
    expect(orders).toEqual([]);
    const own = await entry(t.streetInsp, { pointId: p.two, itemId: item(round, p.two, 'flying_lead').id, result: 'pass' });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('an Idempotency-Key reused with a different body is refused with 409 naming the key; the same body replays', async () => {
    const body = { pointId: p.two, itemId: item(round, p.two, 'bins').id, result: 'fail' };
    const first = await entry(t.insp, body, 'reuse-key-1');
    expect(first.status).toBe(200);
    const again = await call(
      'POST',
      `/api/inspections/rounds/${round.id}/entries`,
      t.insp,
      { ...body, takenAt: first.body.entry.takenAt },
      {
        'idempotency-key': 'reuse-key-1',
      },
    );
    expect(again.body).toMatchObject({ replayed: true, entry: { id: first.body.entry.id } });
    const other = await entry(t.insp, { pointId: p.two, itemId: item(round, p.two, 'small_ads').id, result: 'fail' }, 'reuse-key-1');
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'CONFLICT', field: 'Idempotency-Key' });
    expect(other.body.error.message).toContain('Idempotency-Key');
    const marks = await ctx()
      .app.services.db.selectFrom('inspection_entries')
      .select('item_code')
      .where('round_id', '=', round.id)
      .execute();
    expect(marks.map((m) => m.item_code)).not.toContain('small_ads');
  });

  it('the inspected street cannot withdraw the order found at its point; it can press it; the finder can withdraw', async () => {
    const orderId = (
      await ctx()
        .app.services.db.selectFrom('rectification_orders')
        .select('id')
        .where('round_id', '=', round.id)
        .where('item_code', '=', 'bins')
        .executeTakeFirstOrThrow()
    ).id;
    let o = (await call('GET', `/api/rectification/orders/${orderId}`, t.street)).body;
    expect(o.actions).toEqual(['escalate']);
    const w = await call('POST', `/api/rectification/orders/${orderId}/actions`, t.street, {
      action: 'withdraw',
      reason: '不算',
      version: o.version,
    });
    expect(w.status).toBe(403);
    o = (
      await call('POST', `/api/rectification/orders/${orderId}/actions`, t.street, {
        action: 'escalate',
        note: '请抓紧',
        version: o.version,
      })
    ).body;
    expect(o.status).toBe('open');
    const mine = (await call('GET', `/api/rectification/orders/${orderId}`, t.insp)).body;
    expect(mine.actions).toContain('withdraw');
  });

  it('a finished round scores unmarked items at a visited point as pass; a point never visited stays unscored', async () => {
    const live = (await call('GET', `/api/inspections/rounds/${round.id}/scores`, t.admin)).body;
    const twoLive = live.points.find((x: any) => x.key === p.two);
    const fin = await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.insp, {
      action: 'finish',
      version: (await call('GET', `/api/inspections/rounds/${round.id}`, t.insp)).body.version,
    });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    const s = (await call('GET', `/api/inspections/rounds/${round.id}/scores`, t.admin)).body;
    const two = s.points.find((x: any) => x.key === p.two);
    const weights = round.checklists.find((c: any) => c.id === round.points.find((x: any) => x.id === p.two).checklistId).items;
    const all = weights.reduce((a: number, i: any) => a + i.weight, 0);
    const bins = weights.find((i: any) => i.code === 'bins').weight;
    expect(twoLive.possible).toBeLessThan(all);
    expect(two).toMatchObject({ possible: all, earned: all - bins });
    expect(s.points.find((x: any) => x.key === p.dept)).toMatchObject({ possible: 0, rate: null });
  });
});
