/**
 * Checklists as data on both databases: the Excel import with a dry run (every bad cell named,
 * nothing saved; a clean real run saves a new current version), the blank template, two saves of
 * one type at once (one wins, versions stay unique), and the sampling helper through the API.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const HEADER = ['编码', '分组', '检查项', '不合格情形', '分值', '每处扣分', '责任主体', '职能部门编码', '整改时限', '时限单位'];

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('检查清单');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(DIALECTS)('checklists on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const upload = async (buf: Buffer, query: string) => {
    const form = new FormData();
    form.append('file', new Blob([buf]), 'list.xlsx');
    const req = new Request('http://localhost/', { method: 'POST', body: form });
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: `/api/inspections/checklists/import?${query}`,
      headers: { authorization: `Bearer ${await ctx().f.login('admin')}`, 'content-type': req.headers.get('content-type') as string },
      payload: Buffer.from(await req.arrayBuffer()),
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  const versions = async () =>
    (await ctx().f.call('GET', '/api/inspections/checklists?pointType=toilet&all=1', { token: await ctx().f.login('admin') })).body
      .items as {
      version: number;
      current: boolean;
      itemCount: number;
    }[];

  it('a dry run names every bad cell and saves nothing; a clean real run saves a new current version', async () => {
    const before = await versions();
    const bad = await sheet([
      ['toilet_clean', '公共设施', '公厕保洁', '有异味', 'ten', '', '点位单位', '', 8, '工作时'],
      ['bins', '公共环境', '垃圾桶', '未清洗', 10, '', '点位单位', '', 24, '天'],
      // cells each fine, the row not: a department without its code, a deduction above the weight
      ['ads', '市容秩序', '小广告', '乱贴', 5, 8, '职能部门', '', 8, '工作时'],
    ]);
    const dry = await upload(bad, 'pointType=toilet&dryRun=1');
    expect(dry.status).toBe(200);
    expect(dry.body.ok).toBe(false);
    const cells = dry.body.issues.map((i: { row: number; column: string }) => `${i.row}:${i.column}`).sort();
    expect(cells).toEqual(['2:分值', '3:时限单位', '4:每处扣分', '4:职能部门编码'].sort());
    const real = await upload(bad, 'pointType=toilet&dryRun=0');
    expect(real.status).toBe(400);
    expect(await versions()).toEqual(before);

    const good = await sheet([
      ['toilet_clean', '公共设施', '公厕保洁到位', '有异味、地面不洁', 15, '', '点位单位', '', 8, '工作时'],
      ['toilet_paper', '公共设施', '厕纸洗手液齐全', '缺厕纸或洗手液', 5, '', '点位单位', '', 1, '工作日'],
    ]);
    const checked = await upload(good, 'pointType=toilet&dryRun=1');
    expect(checked.body).toMatchObject({ ok: true, dryRun: true, rows: 2, checklist: null });
    expect(await versions()).toEqual(before);
    const saved = await upload(good, 'pointType=toilet&dryRun=0&name=公厕清单（导入）');
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.checklist).toMatchObject({ version: (before[0]?.version ?? 0) + 1, current: true, itemCount: 2, totalWeight: 20 });
    const after = await versions();
    expect(after.filter((c) => c.current)).toHaveLength(1);
    expect(after).toHaveLength(before.length + 1);
  });

  it('a department that does not exist is refused, naming the item', async () => {
    const admin = await ctx().f.login('admin');
    const item = {
      code: 'x',
      group: '市容秩序',
      title: '占道',
      failure: '占道经营',
      weight: 5,
      responsible: 'department',
      departmentId: 'D-NOPE',
      limitValue: 8,
      limitUnit: 'working_hours',
    };
    const r = await ctx().f.call('POST', '/api/inspections/checklists', {
      token: admin,
      body: { pointType: 'other', name: 'x', items: [item] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('items.0.departmentId');
    const ok = await ctx().f.call('POST', '/api/inspections/checklists', {
      token: admin,
      body: { pointType: 'other', name: 'x', items: [{ ...item, departmentId: 'D-CGJ' }] },
    });
    expect(ok.status).toBe(200);
  });

  it('the blank template has the import headers', async () => {
    const r = await ctx().app.server.inject({
      method: 'GET',
      url: '/api/inspections/checklists/template.xlsx',
      headers: { authorization: `Bearer ${await ctx().f.login('admin')}` },
    });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const header = ((wb.worksheets[0]?.getRow(1).values ?? []) as string[]).slice(1).map((h) => String(h).replace(/[\s*＊]+$/u, ''));
    expect(header).toEqual(HEADER);
  });

  it('two saves of one point type at once: versions stay unique and exactly one is current', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const current = (await f.call('GET', '/api/inspections/checklists?pointType=market', { token: admin })).body.items[0];
    const items = (await f.call('GET', `/api/inspections/checklists/${current.id}`, { token: admin })).body.items.map(
      ({ id: _id, ...i }: { id: string }) => i,
    );
    const saves = await Promise.all(
      Array.from({ length: 4 }, (_, n) =>
        f.call('POST', '/api/inspections/checklists', { token: admin, body: { pointType: 'market', name: `农贸市场清单 ${n}`, items } }),
      ),
    );
    for (const s of saves) expect([200, 409], JSON.stringify(s.body)).toContain(s.status);
    expect(saves.some((s) => s.status === 200)).toBe(true);
    const all = (await f.call('GET', '/api/inspections/checklists?pointType=market&all=1', { token: admin })).body.items as {
      version: number;
      current: boolean;
    }[];
    expect(new Set(all.map((c) => c.version)).size).toBe(all.length);
    expect(all.filter((c) => c.current)).toHaveLength(1);
    expect(all.length).toBe(1 + saves.filter((s) => s.status === 200).length);
  });

  it('the sampling helper draws the same points for the same seed through the API', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    for (let i = 0; i < 6; i++) {
      const r = await f.call('POST', '/api/inspections/points', {
        token: admin,
        body: { name: `抽样小巷${i}`, type: 'back_street', unitId: '141102001002', communityCode: '141102001002' },
      });
      expect(r.status).toBe(200);
    }
    const draw = async (seed: number) =>
      (
        await f.call('POST', '/api/inspections/rounds/sample', {
          token: await f.login('inspector'),
          body: { seed, perType: { back_street: 3 }, streetCode: '141102001' },
        })
      ).body.points as { id: string }[];
    const a = await draw(7);
    expect(a).toHaveLength(3);
    expect((await draw(7)).map((p) => p.id)).toEqual(a.map((p) => p.id));
    // community staff may not draw
    expect(
      (
        await f.call('POST', '/api/inspections/rounds/sample', {
          token: await f.login('jiaotonglu'),
          body: { seed: 1, perType: { back_street: 1 } },
        })
      ).status,
    ).toBe(403);
  });
});
