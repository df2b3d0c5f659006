/**
 * The Excel export read back with exceljs: Chinese labels for every code, real date cells that
 * show China time (UTC+8) as yyyy-mm-dd hh:mm, phones masked; the CSV says the same in text.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

describe.each(DIALECTS)('request export on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  const download = async (query: string) => {
    const { app, f } = ctx();
    f.forget('admin'); // the clock moves between tests; a fresh staff session each time
    const res = await app.server.inject({
      method: 'GET',
      url: `/api/requests/export?${query}`,
      headers: { authorization: `Bearer ${await f.login('admin')}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it('xlsx: labels in Chinese, dates as Excel dates in China time, phones masked', async () => {
    const { f, clock } = ctx();
    // 2026-03-10 14:36:24 UTC is 22:36 in China.
    clock.set('2026-03-10T14:36:24.458Z');
    const help = await f.request({
      token: null,
      body: {
        kind: 'help',
        categoryCode: 'errand',
        urgency: 'urgent',
        description: '独居老人需要代购药品',
        location: await f.at(GRIDS.jiaotonglu),
      },
    });
    const resolved = await f.resolved({ body: { description: '导出测试：垃圾桶满溢', urgency: 'complex' } });
    await f.act(await f.login('resident'), resolved.id, { action: 'rate', rating: 'basic', resolved: true });

    const res = await download(`q=${encodeURIComponent('独居老人需要代购药品')}&format=xlsx`);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('诉求');
    if (!ws) throw new Error('no sheet 诉求');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(ws.rowCount).toBe(2);
    const row = ws.getRow(2);
    expect(row.getCell(col('编号')).value).toBe(help.number);
    expect(row.getCell(col('类型')).value).toBe('求助');
    expect(row.getCell(col('紧急程度')).value).toBe('紧急');
    expect(row.getCell(col('渠道')).value).toBe('网上反映');
    expect(row.getCell(col('状态')).value).toBe('已派单');
    expect(row.getCell(col('诉求人电话')).value).toBe('139****2345');
    const accepted = row.getCell(col('受理时间'));
    expect(accepted.type).toBe(ExcelJS.ValueType.Date);
    expect(accepted.numFmt).toBe('yyyy-mm-dd hh:mm');
    // The cell's wall-clock time is China time.
    expect((accepted.value as Date).toISOString()).toBe('2026-03-10T22:36:24.458Z');
    expect(row.getCell(col('办结时间')).value).toBeNull();

    const rated = await download(`q=${encodeURIComponent('导出测试：垃圾桶满溢')}`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(rated.rawPayload as unknown as ArrayBuffer);
    const r2 = wb2.getWorksheet('诉求')?.getRow(2);
    expect(r2?.getCell(col('类型')).value).toBe('问题反映');
    expect(r2?.getCell(col('紧急程度')).value).toBe('复杂');
    expect(r2?.getCell(col('状态')).value).toBe('已评价');
    expect(r2?.getCell(col('评价')).value).toBe('基本满意');
    expect(r2?.getCell(col('办结时间')).type).toBe(ExcelJS.ValueType.Date);
    // No raw code anywhere in the sheet.
    const texts = JSON.stringify((r2?.values as unknown[]) ?? []);
    for (const code of ['"problem"', '"complex"', '"web"', '"rated"', '"basic"']) expect(texts).not.toContain(code);
  });

  it('csv: the same labels, and times as China time text', async () => {
    const { f, clock } = ctx();
    clock.set('2026-03-11T16:05:00.000Z'); // 2026-03-12 00:05 in China
    await f.request({ token: null, body: { description: 'CSV导出测试：楼道堆物', urgency: 'urgent' } });
    const res = await download(`q=${encodeURIComponent('CSV导出测试：楼道堆物')}&format=csv`);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    const cells = lines[1]?.split(',') ?? [];
    expect(cells).toEqual(expect.arrayContaining(['问题反映', '紧急', '网上反映', '已派单', '2026-03-12 00:05']));
  });
});
