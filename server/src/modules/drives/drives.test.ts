/**
 * An aid drive's set-up through the API on both databases: packs, pledges and stock received
 * against them, progress, recipients (masked, one listing per household), validation that names
 * the field, the drive's start and close, and who may see and do what. Codes and photos are in
 * drives.codes.test.ts, call-backs, disputes and voiding in drives.callback.test.ts, the ledger
 * and counts in drives.ledger.test.ts, households and entitlements in drives.household.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { addRecipient, communityDrive, DONGGUAN, JIAOTONGLU } from './drives.test-helpers.js';

describe.each(DIALECTS)('aid drives on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (...a: Parameters<ReturnType<typeof ctx>['f']['call']>) => ctx().f.call(...a);

  it('pledges, then stock received against them; progress in the target’s unit; pledged, received and stock per item', async () => {
    const { f } = ctx();
    const token = await f.login('binhe');
    const created = await call('POST', '/api/drives', {
      token,
      body: {
        title: '春节慰问包',
        organiserUnitId: '141102001',
        targetCount: 30,
        targetUnit: 'packs',
        items: [
          { name: '100元慰问包', valueYuan: 100 },
          { name: '200元慰问包', valueYuan: 200 },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const d = created.body;
    expect(d.status).toBe('preparing');
    expect(d.organiserName).toBe((await ctx().app.services.org.get('141102001'))!.name);
    const [small, big] = d.items;
    const pledged = await call('POST', `/api/drives/${d.id}/pledges`, {
      token,
      body: { itemId: small.id, donorKind: 'unit', donorName: '国网离石区供电公司', donorPhone: '13935811111', quantity: 10 },
    });
    expect(pledged.status).toBe(200);
    const pledge = pledged.body.pledges[0];
    expect(pledge.donorPhone).toBe('139****1111');
    await call('POST', `/api/drives/${d.id}/pledges`, {
      token,
      body: { itemId: big.id, donorKind: 'person', donorName: '李先生', quantity: 5 },
    });
    const got = await call('POST', `/api/drives/${d.id}/receipts`, { token, body: { itemId: small.id, pledgeId: pledge.id, quantity: 6 } });
    expect(got.status).toBe(200);
    // More than is still pledged: refused, naming the donor's numbers; nothing is added.
    const over = await call('POST', `/api/drives/${d.id}/receipts`, {
      token,
      body: { itemId: small.id, pledgeId: pledge.id, quantity: 5 },
    });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toContain('超出认捐数量：国网离石区供电公司 认捐 10，已到 6');
    // Against the wrong item: 400 naming itemId.
    const wrong = await call('POST', `/api/drives/${d.id}/receipts`, { token, body: { itemId: big.id, pledgeId: pledge.id, quantity: 1 } });
    expect([wrong.status, wrong.body.error.field]).toEqual([400, 'itemId']);
    // An unpledged gift counts as received too.
    await call('POST', `/api/drives/${d.id}/receipts`, { token, body: { itemId: big.id, quantity: 2 } });
    const now = (await call('GET', `/api/drives/${d.id}`, { token })).body;
    // The drive's figures are in its target's unit; pledged, received and stock only per item.
    expect(now.progress).toEqual({ target: 30, targetUnit: 'packs', delivered: 0, confirmed: 0, disputed: 0, recipients: 0 });
    expect(now.items.map((i: any) => [i.name, i.pledged, i.received, i.stock])).toEqual([
      ['100元慰问包', 10, 6, 6],
      ['200元慰问包', 5, 2, 2],
    ]);
    expect(now.pledges.find((p: any) => p.id === pledge.id).received).toBe(6);
  });

  it('validation names the field, in Chinese first and English', async () => {
    const { f } = ctx();
    const token = await f.login('jiaotonglu');
    const cases: [Record<string, unknown>, string][] = [
      [{ organiserUnitId: JIAOTONGLU, targetCount: 8, items: [{ name: '邮包' }] }, 'title'],
      [{ title: '邮包', organiserUnitId: JIAOTONGLU, targetCount: 0, items: [{ name: '邮包' }] }, 'targetCount'],
      [{ title: '邮包', organiserUnitId: JIAOTONGLU, targetCount: 8, items: [] }, 'items'],
      [{ title: '邮包', organiserUnitId: 'C-GDGS', targetCount: 8, items: [{ name: '邮包' }] }, 'organiserUnitId'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/api/drives', { token, body });
      expect([r.status, r.body.error.field], JSON.stringify(r.body)).toEqual([400, field]);
      expect(r.body.error.message).toMatch(/\p{Script=Han}/u);
      expect(r.body.error.messageEn).toBeTruthy();
    }
    const drive = await communityDrive(f, { stock: 2 });
    const noKey = await call('POST', `/api/drives/${drive.id}/recipients`, {
      token,
      body: { name: '王女士', communityCode: JIAOTONGLU, reason: '困难母亲' },
    });
    expect([noKey.status, noKey.body.error.field]).toEqual([400, 'idNumber']);
    const badId = await call('POST', `/api/drives/${drive.id}/recipients`, {
      token,
      body: { name: '王女士', idNumber: '1411', communityCode: JIAOTONGLU, reason: '困难母亲' },
    });
    expect([badId.status, badId.body.error.field]).toEqual([400, 'idNumber']);
    // A community outside a community's drive.
    const away = await call('POST', `/api/drives/${drive.id}/recipients`, {
      token,
      body: { name: '王女士', phone: '13935800123', communityCode: DONGGUAN, reason: '困难母亲' },
    });
    expect([away.status, away.body.error.field]).toEqual([400, 'communityCode']);
    const r = await addRecipient(f, drive.id);
    const noMethod = await call('POST', `/api/drives/${drive.id}/deliveries`, { token, body: { recipientId: r.id, confirmation: {} } });
    expect([noMethod.status, noMethod.body.error.field]).toEqual([400, 'confirmation.method']);
    const badCode = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token,
      body: { recipientId: r.id, confirmation: { method: 'code', code: '12' } },
    });
    expect([badCode.status, badCode.body.error.field]).toEqual([400, 'confirmation.code']);
    // Nothing half-written: stock untouched, no delivery.
    expect((await call('GET', `/api/drives/${drive.id}`, { token })).body.items[0].stock).toBe(2);
  });

  it('recipients are masked in lists; the whole phone and ID are shown on request and audited; one listing per household', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 3 });
    const r = await addRecipient(f, drive.id, { idNumber: '14110219750505123X', phone: '13935867890' });
    expect(r.phone).toBe('139****7890');
    expect(r.idNumber).toBe('1411**********123X');
    const list = await call('GET', `/api/drives/${drive.id}/recipients`, { token: drive.token });
    expect(JSON.stringify(list.body)).not.toContain('13935867890');
    expect(JSON.stringify(list.body)).not.toContain('14110219750505123X');
    const again = await call('POST', `/api/drives/${drive.id}/recipients`, {
      token: drive.token,
      body: { name: '同户家属', idNumber: '14110219750505123x', communityCode: JIAOTONGLU, reason: '同户' },
    });
    expect([again.status, again.body.error.field]).toEqual([409, 'idNumber']);
    expect(again.body.error.message).toContain('身份证号 1411**********123X 已在本活动的受助名单中');
    const contact = await call('GET', `/api/drives/${drive.id}/recipients/${r.id}/contact`, { token: drive.token });
    expect(contact.body).toEqual({ name: expect.any(String), phone: '13935867890', idNumber: '14110219750505123X' });
    const audited = await app.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'drives.recipient_contact_viewed')
      .where('entity_id', '=', drive.id)
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('deliveries wait for the drive to start and stop when it closes', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 2, start: false });
    const r = await addRecipient(f, drive.id);
    const early = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'callback' } },
    });
    expect([early.status, early.body.error.message]).toEqual([409, '活动尚未开始发放，不能发放']);
    const closed = await call('POST', `/api/drives/${drive.id}/actions`, {
      token: drive.token,
      body: { action: 'close', version: drive.version },
    });
    expect(closed.body.status).toBe('closed');
    const late = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'callback' } },
    });
    expect(late.body.error.message).toBe('活动已结束，不能发放');
    const twice = await call('POST', `/api/drives/${drive.id}/actions`, {
      token: drive.token,
      body: { action: 'close', version: closed.body.version },
    });
    expect(twice.status).toBe(409);
  });

  it('scope: a community drive is seen by its community, street and district, not by another community; grid workers deliver but do not organise', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 1 });
    const see = async (who: string) => (await call('GET', `/api/drives/${drive.id}`, { token: await f.login(who) })).status;
    expect(await Promise.all(['jiaotonglu', 'binhe', 'admin', 'grid', 'dongguan', 'hwzx'].map(see))).toEqual([
      200, 200, 200, 200, 404, 404,
    ]);
    const listed = async (who: string) =>
      ((await call('GET', '/api/drives?pageSize=200', { token: await f.login(who) })).body.items as { id: string }[]).some(
        (d) => d.id === drive.id,
      );
    expect(await Promise.all(['jiaotonglu', 'binhe', 'admin', 'grid', 'dongguan', 'hwzx'].map(listed))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    const grid = await f.login('grid');
    const notOrganiser = await call('POST', `/api/drives/${drive.id}/receipts`, {
      token: grid,
      body: { itemId: drive.itemIds[0], quantity: 1 },
    });
    expect(notOrganiser.status).toBe(403);
    // Another community's staff cannot organise a drive for 交通路.
    const foreign = await call('POST', '/api/drives', {
      token: await f.login('dongguan'),
      body: { title: '越权', organiserUnitId: JIAOTONGLU, targetCount: 1, items: [{ name: '邮包' }] },
    });
    expect(foreign.status).toBe(403);
    // A street drive is not seen by a community of the street ("its unit and above").
    const street = await call('POST', '/api/drives', {
      token: await f.login('binhe'),
      body: { title: '街道中秋慰问', organiserUnitId: '141102001', targetCount: 3, items: [{ name: '月饼礼包' }] },
    });
    expect((await call('GET', `/api/drives/${street.body.id}`, { token: drive.token })).status).toBe(404);
  });
});
