/**
 * The ledger (台账) workbook, counts per drive and month, the public summary, and the demo set.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { addRecipient, communityDrive } from './drives.test-helpers.js';

describe.each(DIALECTS)('drive ledger on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (...a: Parameters<ReturnType<typeof ctx>['f']['call']>) => ctx().f.call(...a);

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
    expect(mothers.progress).toMatchObject({ target: 8, recipients: 8, delivered: 6, confirmed: 5, disputed: 0 });
    const mothersItems = (await f.call('GET', `/api/drives/${mothers.id}`, { token: admin })).body.items;
    expect(mothersItems.map((i: any) => [i.received, i.delivered, i.stock])).toEqual([[8, 6, 2]]);
    const spring = await f.call('GET', `/api/drives/${list.find((d: any) => d.title.includes('春节')).id}`, { token: admin });
    expect(spring.body.items.map((i: any) => i.valueYuan)).toEqual([100, 200, 300]);
    expect(spring.body.pledges.map((p: any) => p.donorName)).toContain('国网离石区供电公司');
    expect(spring.body.progress.delivered).toBe(2);
    const pub = await f.call('GET', `/api/public/drives/${mothers.id}`);
    expect([pub.body.delivered, pub.body.target]).toEqual([6, 8]);
  });
});
