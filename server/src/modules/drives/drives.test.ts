/**
 * An aid drive from start to ledger, through the API on both databases: packs, pledges and stock
 * received against them, recipients (masked, one per household), deliveries signed for by photo,
 * code or call-back, progress, the ledger, counts per month, the public summary; validation that
 * names the field; who may see and do what.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { addRecipient, communityDrive, DONGGUAN, JIAOTONGLU, uploadPhoto } from './drives.test-helpers.js';

describe.each(DIALECTS)('aid drives on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (...a: Parameters<ReturnType<typeof ctx>['f']['call']>) => ctx().f.call(...a);

  it('pledges, then stock received against them; progress counts target, pledged, received, delivered', async () => {
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
    expect(now.progress).toEqual({
      target: 30,
      targetUnit: 'packs',
      pledged: 15,
      received: 8,
      delivered: 0,
      confirmed: 0,
      recipients: 0,
      stock: 8,
    });
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
    expect((await call('GET', `/api/drives/${drive.id}`, { token })).body.progress.stock).toBe(2);
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
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('该户已在本活动的受助名单中');
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

  it('a delivery signed for with the one-time code sent to the recipient; a wrong code is refused and counted', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 2 });
    const r = await addRecipient(f, drive.id, { phone: '13935860001' });
    const sms = await app.services.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', '13935860001').execute();
    expect(sms).toHaveLength(1);
    const code = /签收码 (\d{6})/.exec(sms[0]!.text)![1]!;
    const wrongCode = code === '000000' ? '000001' : '000000';
    const wrong = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'code', code: wrongCode } },
    });
    expect([wrong.status, wrong.body.error.field, wrong.body.error.message]).toEqual([
      400,
      'confirmation.code',
      'confirmation.code：签收码不正确',
    ]);
    const row = await app.services.db
      .selectFrom('drive_recipients')
      .select('code_attempts')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.code_attempts).toBe(1);
    const ok = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: await f.login('grid'),
      body: { recipientId: r.id, confirmation: { method: 'code', code } },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ status: 'confirmed', confirmMethod: 'code', confirmedByName: '交通路社区第1网格 梁俊连' });
    const listed = (await call('GET', `/api/drives/${drive.id}/recipients`, { token: drive.token })).body.items[0];
    expect(listed.hasCode).toBe(false); // spent
  });

  it('a code allows five tries in all, even when many guesses arrive at once; then only a photo or a call-back', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 2 });
    const r = await addRecipient(f, drive.id, { phone: '13935860002' });
    const sms = await app.services.db
      .selectFrom('sms_outbox')
      .select('text')
      .where('to_phone', '=', '13935860002')
      .executeTakeFirstOrThrow();
    const code = /签收码 (\d{6})/.exec(sms.text)![1]!;
    const wrong = code === '111111' ? '222222' : '111111';
    const guesses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', `/api/drives/${drive.id}/deliveries`, {
          token: drive.token,
          body: { recipientId: r.id, confirmation: { method: 'code', code: wrong } },
        }),
      ),
    );
    expect(guesses.map((g) => g.status).sort()).toEqual([400, 400, 400, 400, 400, 409, 409, 409, 409, 409]);
    const right = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'code', code } },
    });
    expect([right.status, right.body.error.message]).toEqual([409, '签收码错误次数过多，请用签名照片或回访确认']);
    const row = await app.services.db
      .selectFrom('drive_recipients')
      .select('code_attempts')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.code_attempts).toBe(5);
  });

  it('a delivery sent again with the same Idempotency-Key (the phone’s outbox) is answered with the one it made', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 3 });
    const r = await addRecipient(f, drive.id, { phone: '13935860003' });
    const sms = await app.services.db
      .selectFrom('sms_outbox')
      .select('text')
      .where('to_phone', '=', '13935860003')
      .executeTakeFirstOrThrow();
    const code = /签收码 (\d{6})/.exec(sms.text)![1]!;
    const send = () =>
      call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: drive.token,
        headers: { 'idempotency-key': `outbox-${drive.id}` },
        body: { recipientId: r.id, confirmation: { method: 'code', code } },
      });
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body.progress).toMatchObject({ delivered: 1, stock: 2 });
  });

  it('a delivery signed for with a signature photo, which only those who see the drive may open', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 2 });
    const r = await addRecipient(f, drive.id);
    const grid = await f.login('grid');
    const photo = await uploadPhoto(app, grid);
    const made = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: grid,
      body: { recipientId: r.id, confirmation: { method: 'photo', photos: [photo] } },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ status: 'confirmed', confirmMethod: 'photo', photos: [photo] });
    expect((await call('GET', `/api/uploads/${photo}`, { token: drive.token })).status).toBe(200);
    expect((await call('GET', `/api/uploads/${photo}`, { token: await f.login('dongguan') })).status).toBe(404);
    // A photo cannot sign for a second delivery.
    const r2 = await addRecipient(f, drive.id);
    const reuse = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: grid,
      body: { recipientId: r2.id, confirmation: { method: 'photo', photos: [photo] } },
    });
    expect([reuse.status, reuse.body.error.field]).toEqual([400, 'confirmation.photos']);
    // Nothing half-written: the parcel is still in stock and the second recipient has no delivery.
    const after = (await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body.progress;
    expect([after.stock, after.delivered]).toEqual([1, 1]);
  });

  it('a call-back confirms a delivery later — made by someone other than the deliverer; a dispute is recorded', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 5 });
    const grid = await f.login('grid');
    const a = await addRecipient(f, drive.id);
    const b = await addRecipient(f, drive.id);
    const da = (
      await call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: grid,
        body: { recipientId: a.id, confirmation: { method: 'callback' } },
      })
    ).body;
    expect(da).toMatchObject({ status: 'delivered', confirmMethod: null, actions: ['confirm'] });
    const self = await call('POST', `/api/drives/${drive.id}/deliveries/${da.id}/actions`, {
      token: grid,
      body: { action: 'confirm', version: da.version, confirmation: { method: 'callback', note: '本人确认收到' } },
    });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('回访须由送达人以外的工作人员进行');
    const ok = await call('POST', `/api/drives/${drive.id}/deliveries/${da.id}/actions`, {
      token: drive.token,
      body: { action: 'confirm', version: da.version, confirmation: { method: 'callback', note: '电话回访，本人确认收到' } },
    });
    expect(ok.body).toMatchObject({ status: 'confirmed', confirmMethod: 'callback', confirmedByName: '交通路社区 赵书记' });
    const stale = await call('POST', `/api/drives/${drive.id}/deliveries/${da.id}/actions`, {
      token: drive.token,
      body: { action: 'dispute', version: da.version, note: '再次回访' },
    });
    expect(stale.status).toBe(409);
    const db = (
      await call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: grid,
        body: { recipientId: b.id, confirmation: { method: 'callback' } },
      })
    ).body;
    const disputed = await call('POST', `/api/drives/${drive.id}/deliveries/${db.id}/actions`, {
      token: drive.token,
      body: { action: 'dispute', version: db.version, note: '回访时称未收到' },
    });
    expect(disputed.body.status).toBe('disputed');
    const timeline = await ctx()
      .app.services.db.selectFrom('timeline')
      .select(['action', 'actor_name', 'note'])
      .where('entity_type', '=', 'drive_delivery')
      .where('entity_id', '=', da.id)
      .orderBy('id')
      .execute();
    expect(timeline).toEqual([
      { action: 'create', actor_name: '交通路社区第1网格 梁俊连', note: null },
      { action: 'confirm', actor_name: '交通路社区 赵书记', note: '电话回访，本人确认收到' },
    ]);
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

  it('the ledger (台账) lists recipients and deliveries with phones masked; counts per month; a public summary with counts only', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 3, title: '台账测试邮包' });
    const r = await addRecipient(f, drive.id, { phone: '13935869999', name: '台账母亲' });
    await addRecipient(f, drive.id, { name: '未领母亲' });
    await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'callback' } },
    });
    const res = await ctx().app.server.inject({
      method: 'GET',
      url: `/api/drives/${drive.id}/ledger.xlsx`,
      headers: { authorization: `Bearer ${drive.token}` },
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const ws = book.getWorksheet('受助对象与发放')!;
    const rows = ws
      .getSheetValues()
      .slice(2)
      .map((v) => (v as unknown[]).slice(1, 9))
      .sort((a, b) => (String(a[0]) === '台账母亲' ? -1 : String(b[0]) === '台账母亲' ? 1 : 0));
    expect(rows).toEqual(
      [
        [
          '台账母亲',
          '139****9999',
          expect.stringMatching(/^1411\*+\d{4}$/),
          '交通路社区居委会',
          '单亲困难母亲',
          '母亲邮包',
          1,
          '已送达待确认',
        ],
        ['未领母亲', '', expect.stringMatching(/^1411\*+/), '交通路社区居委会', '单亲困难母亲', '', null, '未发放'],
      ].map((row) => row.map((c) => (c === null ? undefined : c))),
    );
    expect(JSON.stringify(ws.getSheetValues())).not.toContain('13935869999');
    const exported = await ctx()
      .app.services.db.selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'drives.ledger_exported')
      .where('entity_id', '=', drive.id)
      .execute();
    expect(exported).toHaveLength(1);
    const stats = await call('GET', '/api/drives/stats?from=2026-03&to=2026-03', { token: drive.token });
    expect(stats.body.items.find((x: any) => x.driveId === drive.id)).toEqual({
      driveId: drive.id,
      title: '台账测试邮包',
      month: '2026-03',
      delivered: 1,
      confirmed: 0,
    });
    const pub = await call('GET', `/api/public/drives/${drive.id}`);
    expect(pub.body).toEqual({
      title: '台账测试邮包',
      organiserName: expect.any(String),
      status: 'distributing',
      target: 8,
      targetUnit: 'recipients',
      delivered: 1,
    });
    expect(JSON.stringify(pub.body)).not.toMatch(/台账母亲|139/);
  });
});

describe.each(DIALECTS)('demo drives on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('the demo set holds a 母亲邮包 drive for 8 mothers (5 signed for, 1 awaiting the call-back) and a 春节 drive of 100/200/300 元 packs with pledges', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const list = (await f.call('GET', '/api/drives?pageSize=200', { token: admin })).body.items.filter((d: any) => d.demo);
    const mothers = list.find((d: any) => d.title.includes('母亲邮包'));
    expect(mothers.progress).toMatchObject({ target: 8, recipients: 8, received: 8, delivered: 6, confirmed: 5, stock: 2 });
    const spring = await f.call('GET', `/api/drives/${list.find((d: any) => d.title.includes('春节')).id}`, { token: admin });
    expect(spring.body.items.map((i: any) => i.valueYuan)).toEqual([100, 200, 300]);
    expect(spring.body.pledges.map((p: any) => p.donorName)).toContain('国网离石区供电公司');
    expect(spring.body.progress.delivered).toBe(2);
    const pub = await f.call('GET', `/api/public/drives/${mothers.id}`);
    expect([pub.body.delivered, pub.body.target]).toEqual([6, 8]);
  });
});
