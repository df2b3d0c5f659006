/**
 * 创城督查 end to end through the API, on both databases: an unannounced round hidden from the
 * inspected until it starts; idempotent entries (the phone outbox's replays); a failure's
 * rectification order answered, sent back (rework), re-checked by a different inspector, with
 * two re-checks at once (one wins); scores from the checklist version used, and recomputed;
 * 举一反三; recurring; the 督查通报 and the ledger (the overdue job: rectification.deadlines.test.ts).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../test/read-docs.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { roundItem, uploadPhoto } from './test-helpers.js';

const FENGSHAN = '141102002';
const FSD = '141102002001'; // 凤山底社区
const QJG = '141102002002'; // 乔家沟社区

describe.each(DIALECTS)('inspections on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const t = { admin: '', inspector: '', inspector2: '', fsd: '', qjg: '', street: '' };
  const pts = { two: '', three: '', qjg: '', school: '' };
  let round: any;
  let firstEntry: any;
  let orderId = '';

  const photo = (token: string) => uploadPhoto(ctx().app, token);
  const call = (method: string, url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
    ctx().f.call(method, url, { token, body, headers });
  const item = roundItem;
  const entry = (roundId: string, body: Record<string, unknown>, key?: string) =>
    call(
      'POST',
      `/api/inspections/rounds/${roundId}/entries`,
      t.inspector,
      { takenAt: ctx().clock.now().toISOString(), ...body },
      key ? { 'idempotency-key': key } : undefined,
    );

  it('ships a default checklist per point type from seed 001, and the points are added in scope', async () => {
    const { f } = ctx();
    t.admin = await f.login('admin');
    t.inspector = await f.login('inspector');
    t.inspector2 = (await f.user('inspector', '141102')).token;
    t.fsd = (await f.user('community_staff', FSD)).token;
    t.qjg = (await f.user('community_staff', QJG)).token;
    t.street = (await f.user('street_staff', FENGSHAN)).token;
    const lists = await call('GET', '/api/inspections/checklists', t.admin);
    expect(lists.status).toBe(200);
    const back = lists.body.items.find((c: any) => c.pointType === 'back_street');
    const detail = await call('GET', `/api/inspections/checklists/${back.id}`, t.inspector);
    expect(detail.body.items.map((i: any) => i.code)).toEqual(
      expect.arrayContaining(['bins', 'rubbish_piled', 'flying_lead', 'wall_damage', 'street_vending', 'small_ads']),
    );
    for (const [key, name, type, unit] of [
      ['two', '凤山底二巷', 'back_street', FSD],
      ['three', '凤山底三巷', 'back_street', FSD],
      ['qjg', '乔家沟一巷', 'back_street', QJG],
      ['school', '长治路小学凤山路校区', 'school', FSD],
    ] as const) {
      const r = await call('POST', '/api/inspections/points', t.admin, { name, type, unitId: unit, communityCode: unit });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ streetCode: FENGSHAN, communityCode: unit });
      pts[key] = r.body.id;
    }
    // a community cannot add points; a bad community is named
    expect(
      (await call('POST', '/api/inspections/points', t.fsd, { name: 'x', type: 'toilet', unitId: FSD, communityCode: FSD })).status,
    ).toBe(403);
    const bad = await call('POST', '/api/inspections/points', t.admin, {
      name: 'x',
      type: 'toilet',
      unitId: FSD,
      communityCode: '141102999999',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('communityCode');
  });

  it('an unannounced round is hidden from the inspected units until it starts', async () => {
    const r = await call('POST', '/api/inspections/rounds', t.inspector, {
      title: '四不两直督查',
      mode: 'unannounced',
      plannedFor: '2026-03-10',
      streetCode: FENGSHAN,
      pointIds: [pts.two, pts.school],
      recheck: 'other',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    round = r.body;
    expect(round.status).toBe('planned');
    const ids = async (token: string) => (await call('GET', '/api/inspections/rounds', token)).body.items.map((x: any) => x.id);
    expect(await ids(t.inspector)).toContain(round.id);
    expect(await ids(t.admin)).toContain(round.id);
    for (const who of ['fsd', 'street', 'qjg'] as const) {
      expect(await ids(t[who] as string), who).not.toContain(round.id);
      expect((await call('GET', `/api/inspections/rounds/${round.id}`, t[who] as string)).status, who).toBe(404);
    }
    const started = await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.inspector, {
      action: 'start',
      version: round.version,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    round = started.body;
    expect(await ids(t.fsd)).toContain(round.id);
    expect(await ids(t.street)).toContain(round.id);
    // 乔家沟 has no point in it: still nothing
    expect(await ids(t.qjg)).not.toContain(round.id);
    // the inspected cannot start, finish or enter
    expect(
      (await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.fsd, { action: 'finish', version: round.version })).status,
    ).toBe(403);
  });

  it('an entry replayed with its Idempotency-Key (the phone outbox) is applied once, even when replays race', async () => {
    const piled = item(round, pts.two, 'rubbish_piled');
    const pic = await photo(t.inspector);
    const body = {
      pointId: pts.two,
      itemId: piled.id,
      result: 'fail',
      count: 1,
      photos: [pic],
      note: '巷口垃圾乱堆',
      location: { lat: 37.52, lng: 111.13 },
    };
    const first = await entry(round.id, body, 'entry-key-0001');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.replayed).toBe(false);
    firstEntry = first.body.entry;
    expect(firstEntry.orderId).toBeTruthy();
    orderId = firstEntry.orderId;
    const again = await entry(round.id, body, 'entry-key-0001');
    expect(again.body).toMatchObject({ replayed: true, entry: { id: firstEntry.id, orderId } });
    // A second item sent five times at once with one key: one entry, one order.
    const bins = item(round, pts.school, 'bins');
    const racing = await Promise.all(
      Array.from({ length: 5 }, () =>
        entry(round.id, { pointId: pts.school, itemId: bins.id, result: 'fail', photos: [] }, 'entry-key-race'),
      ),
    );
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(racing.map((r) => r.body.entry.id)).size).toBe(1);
    expect(racing.filter((r) => !r.body.replayed)).toHaveLength(1);
    const orders = await ctx().app.services.db.selectFrom('rectification_orders').select(['id']).where('round_id', '=', round.id).execute();
    expect(orders).toHaveLength(2);
    // an item of another checklist is refused, naming the field
    const wrong = await entry(round.id, { pointId: pts.two, itemId: item(round, pts.school, 'rubbish_piled').id, result: 'pass' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('itemId');
  });

  it('the unit answers, a different inspector sends it back (rework), the unit answers again; two re-checks at once: one wins', async () => {
    const list = await call('GET', '/api/rectification/orders', t.fsd);
    expect(list.body.items.map((o: any) => o.id)).toContain(orderId);
    expect((await call('GET', '/api/rectification/orders', t.qjg)).body.items.map((o: any) => o.id)).not.toContain(orderId);
    expect((await call('GET', `/api/rectification/orders/${orderId}`, t.qjg)).status).toBe(404);
    let o = (await call('GET', `/api/rectification/orders/${orderId}`, t.fsd)).body;
    expect(o).toMatchObject({ status: 'open', unitId: FSD, actions: ['answer'], reworkCount: 0 });
    expect(o.beforePhotos).toEqual(firstEntry.photos);
    // the unit can open the before-photo; 乔家沟 cannot
    expect((await call('GET', `/api/uploads/${o.beforePhotos[0]}`, t.fsd)).status).toBe(200);
    expect((await call('GET', `/api/uploads/${o.beforePhotos[0]}`, t.qjg)).status).not.toBe(200);
    // an answer needs an after-photo
    const noPhoto = await call('POST', `/api/rectification/orders/${orderId}/actions`, t.fsd, {
      action: 'answer',
      note: '已清理',
      photos: [],
      version: o.version,
    });
    expect(noPhoto.status).toBe(400);
    o = (
      await call('POST', `/api/rectification/orders/${orderId}/actions`, t.fsd, {
        action: 'answer',
        note: '已清理',
        photos: [await photo(t.fsd)],
        version: o.version,
      })
    ).body;
    expect(o.status).toBe('answered');
    expect(o.afterPhotos).toHaveLength(1);
    // recheck 'other': the inspector who found it may not re-check it
    const self = await call('POST', `/api/rectification/orders/${orderId}/actions`, t.inspector, { action: 'pass', version: o.version });
    expect(self.status).toBe(403);
    const back = await call('POST', `/api/rectification/orders/${orderId}/actions`, t.inspector2, {
      action: 'send_back',
      reason: '仍有杂物',
      version: o.version,
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: 'open', reworkCount: 1 });
    o = (
      await call('POST', `/api/rectification/orders/${orderId}/actions`, t.fsd, {
        action: 'answer',
        note: '已彻底清理',
        photos: [await photo(t.fsd)],
        version: back.body.version,
      })
    ).body;
    // six re-checks at once, three passes and three send-backs: exactly one wins
    const both = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2
          ? call('POST', `/api/rectification/orders/${orderId}/actions`, t.inspector2, { action: 'pass', version: o.version })
          : call('POST', `/api/rectification/orders/${orderId}/actions`, t.admin, {
              action: 'send_back',
              reason: '再看看',
              version: o.version,
            }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(both.find((r) => r.status === 409)?.body.error.message).toContain('整改单');
    const final = (await call('GET', `/api/rectification/orders/${orderId}`, t.admin)).body;
    expect(final.version).toBe(o.version + 1);
    expect(final.timeline.map((e: any) => e.action)).toEqual([
      'create',
      'answer',
      'send_back',
      'answer',
      final.status === 'closed' ? 'pass' : 'send_back',
    ]);
    if (final.status !== 'closed') {
      // the admin's send-back won: answer once more and let the other inspector close it
      const a = (
        await call('POST', `/api/rectification/orders/${orderId}/actions`, t.fsd, {
          action: 'answer',
          note: '第三次',
          photos: [await photo(t.fsd)],
          version: final.version,
        })
      ).body;
      expect(
        (await call('POST', `/api/rectification/orders/${orderId}/actions`, t.inspector2, { action: 'pass', version: a.version })).status,
      ).toBe(200);
    }
    const closed = (await call('GET', `/api/rectification/orders/${orderId}`, t.admin)).body;
    expect(closed).toMatchObject({ status: 'closed', closedOnTime: true });
    const rates = (await call('GET', `/api/rectification/rates?roundId=${round.id}`, t.admin)).body;
    const fsdRates = rates.units.find((u: any) => u.unitId === FSD);
    // 按期结案率 over closed + overdue (none overdue yet); 返工率 over the answered (the other order was never answered)
    expect(fsdRates).toMatchObject({ total: 2, closed: 1, open: 1, reworked: 1, closeRate: 0.5, onTimeRate: 1, reworkRate: 1 });
  });

  it('scores come from the checklist version the round used; a new version leaves them, recompute applies it', async () => {
    const bins = item(round, pts.two, 'bins');
    expect((await entry(round.id, { pointId: pts.two, itemId: bins.id, result: 'pass' })).status).toBe(200);
    const s = (await call('GET', `/api/inspections/rounds/${round.id}/scores`, t.fsd)).body;
    // 凤山底二巷: bins 10/10, rubbish piled once: 10 − 2 = 8 of 10 → 18/20
    expect(s.points.find((p: any) => p.key === pts.two)).toMatchObject({ earned: 18, possible: 20, rate: 0.9 });
    expect(s.streets[0]).toMatchObject({ key: FENGSHAN, rank: 1 });
    const back = (await call('GET', '/api/inspections/checklists?pointType=back_street', t.admin)).body.items[0];
    const items = (await call('GET', `/api/inspections/checklists/${back.id}`, t.admin)).body.items.map((i: any) => {
      const { id: _id, ...rest } = i;
      return i.code === 'rubbish_piled' ? { ...rest, weight: 20, deductPerFinding: null } : rest;
    });
    const saved = await call('POST', '/api/inspections/checklists', t.admin, {
      pointType: 'back_street',
      name: '背街小巷清单（修订）',
      items,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: back.version + 1, current: true });
    const kept = (await call('GET', `/api/inspections/rounds/${round.id}/scores`, t.admin)).body;
    expect(kept.points.find((p: any) => p.key === pts.two)).toMatchObject({ earned: 18, possible: 20 });
    const re = (await call('GET', `/api/inspections/rounds/${round.id}/scores?recompute=1`, t.admin)).body;
    expect(re.points.find((p: any) => p.key === pts.two)).toMatchObject({ earned: 10, possible: 30 });
    const all = (await call('GET', '/api/inspections/checklists?pointType=back_street&all=1', t.admin)).body.items;
    expect(all.filter((c: any) => c.current)).toHaveLength(1);
    // a checklist with a repeated code is refused, naming the item
    const dup = await call('POST', '/api/inspections/checklists', t.admin, {
      pointType: 'back_street',
      name: 'x',
      items: [items[0], items[0]],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.field).toBe('items.1.code');
  });

  it('举一反三: one action checks the same item at every back street of 凤山街道; each unit answers with a photo', async () => {
    const r = await call('POST', `/api/inspections/rounds/${round.id}/entries/${firstEntry.id}/similar`, t.inspector);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.map((c: any) => c.pointId).sort()).toEqual([pts.three, pts.qjg].sort());
    // done once: a second call adds nothing
    expect((await call('POST', `/api/inspections/rounds/${round.id}/entries/${firstEntry.id}/similar`, t.inspector)).body.created).toBe(0);
    const mine = (await call('GET', '/api/inspections/similar-checks', t.qjg)).body.items;
    expect(mine.map((c: any) => c.pointId)).toEqual([pts.qjg]);
    // 凤山底 cannot answer 乔家沟's check
    expect(
      (
        await call('POST', `/api/inspections/similar-checks/${mine[0].id}/answer`, t.fsd, {
          result: 'pass',
          photos: [await photo(t.fsd)],
          version: 1,
        })
      ).status,
    ).toBe(404);
    const failed = await call('POST', `/api/inspections/similar-checks/${mine[0].id}/answer`, t.qjg, {
      result: 'fail',
      photos: [await photo(t.qjg)],
      note: '巷内也有堆放',
      version: 1,
    });
    expect(failed.status, JSON.stringify(failed.body)).toBe(200);
    expect(failed.body).toMatchObject({ status: 'failed' });
    const order = (await call('GET', `/api/rectification/orders/${failed.body.orderId}`, t.qjg)).body;
    expect(order).toMatchObject({ unitId: QJG, sourceType: 'similar', status: 'open', itemCode: 'rubbish_piled' });
    const three = (await call('GET', '/api/inspections/similar-checks', t.fsd)).body.items.find((c: any) => c.pointId === pts.three);
    const passed = await call('POST', `/api/inspections/similar-checks/${three.id}/answer`, t.fsd, {
      result: 'pass',
      photos: [await photo(t.fsd)],
      version: 1,
    });
    expect(passed.body).toMatchObject({ status: 'passed', orderId: null });
  });

  it('the 督查通报 (Word) holds the findings, their photos, the scores and the units; the ledger lists every order with its state', async () => {
    const r = await ctx().app.server.inject({
      method: 'GET',
      url: `/api/inspections/rounds/${round.id}/report.docx`,
      headers: { authorization: `Bearer ${t.street}` },
    });
    expect(r.statusCode).toBe(200);
    const { text, media } = await docxText(r.rawPayload);
    for (const s of [
      '督查通报',
      '四不两直',
      '凤山底二巷',
      '垃圾、杂物乱堆乱放',
      '凤山底社区居委会',
      '得分率',
      '90.0%',
      '已销号',
      '结案率',
      '长治路小学凤山路校区',
    ])
      expect(text, s).toContain(s);
    expect(media.length).toBeGreaterThanOrEqual(1);
    const l = await ctx().app.server.inject({
      method: 'GET',
      url: '/api/rectification/orders/ledger.xlsx',
      headers: { authorization: `Bearer ${t.admin}` },
    });
    expect(l.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(l.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]
      ?.getSheetValues()
      .slice(2)
      .filter((row) => Array.isArray(row) && row[3]) as unknown[][];
    const states = rows.map((row) => `${row[4]}|${row[8]}|${row[10]}`);
    // 1 rework, or 2 when the concurrent send-back won the race above
    const rework = (await call('GET', `/api/rectification/orders/${orderId}`, t.admin)).body.reworkCount;
    expect(states).toEqual(expect.arrayContaining([`凤山底二巷|已销号|${rework}`, '乔家沟一巷|待整改|0', '长治路小学凤山路校区|待整改|0']));
    // 乔家沟's ledger holds its own order only
    const q = await ctx().app.server.inject({
      method: 'GET',
      url: '/api/rectification/orders/ledger.xlsx',
      headers: { authorization: `Bearer ${t.qjg}` },
    });
    const wq = new ExcelJS.Workbook();
    await wq.xlsx.load(q.rawPayload as unknown as ArrayBuffer);
    expect(wq.worksheets[0]?.getRow(2).getCell(4).value).toBe('乔家沟一巷');
    expect(wq.worksheets[0]?.getRow(3).getCell(4).value ?? null).toBeNull();
  });

  it('a point failing the same item again within the window is flagged recurring; a finished round takes no entries', async () => {
    const done = await call('POST', `/api/inspections/rounds/${round.id}/actions`, t.inspector, {
      action: 'finish',
      version: (await call('GET', `/api/inspections/rounds/${round.id}`, t.inspector)).body.version,
    });
    expect(done.status).toBe(200);
    const late = await entry(round.id, { pointId: pts.two, itemId: item(round, pts.two, 'bins').id, result: 'fail' });
    expect(late.status).toBe(409);
    // the finished round is in the trend, at its total rate; 乔家沟 (no point in it) does not see it
    const total = (await call('GET', `/api/inspections/rounds/${round.id}/scores`, t.admin)).body.total.rate;
    const trend = (await call('GET', '/api/inspections/trend', t.fsd)).body.rounds;
    expect(trend.find((r: any) => r.roundId === round.id)).toMatchObject({ rate: total });
    expect((await call('GET', '/api/inspections/trend', t.qjg)).body.rounds.map((r: any) => r.roundId)).not.toContain(round.id);
    const next = (
      await call('POST', '/api/inspections/rounds', t.inspector, {
        title: '复查',
        mode: 'planned',
        plannedFor: '2026-03-11',
        pointIds: [pts.two],
      })
    ).body;
    // the new round uses the new checklist version
    expect(next.points[0].checklistVersion).toBe(2);
    await call('POST', `/api/inspections/rounds/${next.id}/actions`, t.inspector, { action: 'start', version: next.version });
    const again = await entry(next.id, { pointId: pts.two, itemId: item(next, pts.two, 'rubbish_piled').id, result: 'fail' });
    const order = (await call('GET', `/api/rectification/orders/${again.body.entry.orderId}`, t.admin)).body;
    expect(order.recurring).toBe(true);
    expect((await call('GET', `/api/rectification/orders/${orderId}`, t.admin)).body.recurring).toBe(false);
    // a fail corrected to pass withdraws its open order
    const fixed = await entry(next.id, { pointId: pts.two, itemId: item(next, pts.two, 'rubbish_piled').id, result: 'pass' });
    expect(fixed.body.entry.id).toBe(again.body.entry.id);
    expect((await call('GET', `/api/rectification/orders/${order.id}`, t.admin)).body.status).toBe('withdrawn');
  });
});
