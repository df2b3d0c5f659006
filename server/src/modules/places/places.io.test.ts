/**
 * Import and export of places over HTTP on both databases: the dry run lists every bad row
 * (with the sheet's row numbers) and imports nothing; a real run imports all rows or nothing;
 * the desk's scope applies to imported rows; and an Excel or GeoJSON export imports back as the
 * same places.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const HEAD = ['名称', '类型', '纬度', '经度', '地址', '社区编码', '管理单位', '联系人', '联系电话', '开放时间', '公开', '状态'];
const uniq = () => Math.random().toString(36).slice(2, 8);

/** An .xlsx with the import sheet's header and the given rows (objects keyed by column). */
async function sheet(rows: Record<string, unknown>[], extraColumns: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('场所');
  const cols = [...HEAD, ...extraColumns];
  ws.addRow(cols);
  for (const r of rows) ws.addRow(cols.map((c) => r[c] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A place view reduced to what an export carries, for comparing sets of places. */
function canon(p: any): string {
  const attrs = Object.fromEntries(
    Object.entries(p.attrs as Record<string, unknown>)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0)) // an empty list and no list are one blank cell
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify({
    typeCode: p.typeCode,
    name: p.name,
    address: p.address,
    location: p.location,
    streetCode: p.streetCode,
    communityCode: p.communityCode,
    managingUnit: p.managingUnit?.id ?? null,
    contact: p.contact,
    hours: p.hours,
    attrs,
    public: p.public,
    status: p.status,
  });
}

describe.each(DIALECTS)('places import/export on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const token = (who: string) => ctx().f.login(who);

  /** Uploads a file as multipart/form-data, as the desk's upload does. */
  const upload = async (who: string, filename: string, buf: Buffer, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', new Blob([buf]), filename);
    const req = new Request('http://localhost/', { method: 'POST', body: form });
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: `/api/places/import?dryRun=${dryRun ? 1 : 0}`,
      headers: { authorization: `Bearer ${await token(who)}`, 'content-type': req.headers.get('content-type') as string },
      payload: Buffer.from(await req.arrayBuffer()),
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  const exportAs = async (who: string, format: 'xlsx' | 'geojson', type: string) => {
    const r = await ctx().app.server.inject({
      method: 'GET',
      url: `/api/places/export?format=${format}&type=${type}`,
      headers: { authorization: `Bearer ${await token(who)}` },
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return r.rawPayload;
  };
  const manageList = async (who: string, query: string) => {
    const items: any[] = [];
    for (let page = 1; ; page++) {
      const r = await ctx().f.call('GET', `/api/places/manage?pageSize=500&page=${page}&${query}`, { token: await token(who) });
      expect(r.status).toBe(200);
      items.push(...r.body.items);
      if (items.length >= r.body.total || r.body.items.length === 0) return items;
    }
  };
  const placeCount = async () =>
    Number(
      (
        await ctx()
          .database.db.selectFrom('places')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const at = async (grid: string, d = 0) => {
    const p = await ctx().f.at(grid);
    return { 纬度: p.lat + d, 经度: p.lng + d };
  };

  it('dry run lists every bad row with its row number and what is wrong, and imports nothing', async () => {
    const here = await at(GRIDS.jiaotonglu, 0.0002);
    const rows: Record<string, unknown>[] = [
      { 名称: '导入驿站甲', 类型: '爱心驿站', ...here, 开放时间: '24小时', 设施: '饮水、充电', 容纳人数: 10 }, // 2 ok
      { 名称: '', 类型: '爱心驿站', ...here }, // 3 no name
      { 名称: '北京驿站', 类型: 'station', 纬度: 39.9042, 经度: 116.4074 }, // 4 outside the district
      { 名称: '游泳馆', 类型: '游泳馆', ...here }, // 5 unknown type
      { 名称: '早八晚六驿站', 类型: '爱心驿站', ...here, 开放时间: '早八晚六' }, // 6 hours it cannot read
      { 名称: '导入餐厅乙', 类型: '便民餐厅', ...here, 开放时间: '每天 06:30-20:00', 送餐上门: '是', 最低价格: 9 }, // 7 ok
      { 类型: '飞船站', ...here }, // 8 no name and unknown type
      { 名称: '很多人驿站', 类型: '爱心驿站', ...here, 容纳人数: '很多' }, // 9 capacity not a number
      { 名称: '坏灭烟点', 类型: '灭烟点', ...here, 安装状态: '坏了' }, // 10 not an install status
      { 名称: '错号驿站', 类型: '爱心驿站', ...here, 联系电话: '12345' }, // 11 bad phone
      { 名称: '火星驿站', 类型: '爱心驿站', ...here, 管理单位: '火星局' }, // 12 unknown unit
      { 名称: '无坐标驿站', 类型: '爱心驿站' }, // 13 no coordinates
    ];
    const buf = await sheet(rows, ['设施', '容纳人数', '送餐上门', '最低价格', '安装状态']);
    const before = await placeCount();
    const r = await upload('admin', 'places.xlsx', buf, true);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, rows: 12, valid: 2, imported: 0 });
    const byRow = new Map<number, string[]>();
    for (const e of r.body.errors as { row: number; field: string; message: string; messageEn: string }[]) {
      byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.field]);
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(e.messageEn).toMatch(/[A-Za-z]{3}/);
    }
    expect(Object.fromEntries([...byRow].map(([k, v]) => [k, v.sort()]))).toEqual({
      3: ['名称'],
      4: ['坐标'],
      5: ['类型'],
      6: ['开放时间'],
      8: ['名称', '类型'],
      9: ['容纳人数'],
      10: ['安装状态'],
      11: ['联系电话'],
      12: ['管理单位'],
      13: ['坐标'],
    });
    const msg = (row: number) =>
      (r.body.errors as { row: number; message: string }[])
        .filter((e) => e.row === row)
        .map((e) => e.message)
        .join(' ');
    expect(msg(5)).toContain('游泳馆');
    expect(msg(6)).toContain('早八晚六');
    expect(msg(4)).toContain('范围');
    expect(await placeCount()).toBe(before);

    // without the dry run: the same list, a 400, and still nothing imported
    const real = await upload('admin', 'places.xlsx', buf, false);
    expect(real.status).toBe(400);
    expect(real.body).toMatchObject({ dryRun: false, rows: 12, imported: 0 });
    expect(real.body.errors).toEqual(r.body.errors);
    expect(await placeCount()).toBe(before);
  });

  it('one bad row among good ones: nothing is imported, even without the dry run', async () => {
    const tag = uniq();
    const here = await at(GRIDS.jiaotonglu);
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => ({ 名称: `好驿站${tag}-${i}`, 类型: '爱心驿站', ...here, 开放时间: '每天 06:00-22:00' })),
      { 名称: `坏驿站${tag}`, 类型: '爱心驿站', 纬度: 37.52, 经度: 111.7 }, // just outside the district
    ];
    const before = await placeCount();
    const r = await upload('admin', 'places.xlsx', await sheet(rows), false);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ row: 7, field: '坐标' })]);
    expect(r.body.imported).toBe(0);
    expect(await placeCount()).toBe(before);
    expect((await ctx().f.call('GET', `/api/places?q=${encodeURIComponent(tag)}`)).body.total).toBe(0);
  });

  it('a clean sheet passes the dry run, then imports every row with its hours, fields, community and unit', async () => {
    const tag = uniq();
    // the community names one of its own grids (departments only the command centre may name)
    const grid = await ctx().app.services.org.get(GRIDS.jiaotonglu);
    const here = await at(GRIDS.jiaotonglu, 0.0001);
    const rows = [
      {
        名称: `驿站${tag}`,
        类型: '爱心驿站',
        ...here,
        地址: '交通路1号',
        开放时间: '24小时',
        设施: '饮水、热饭/微波炉、充电',
        容纳人数: 12,
        面积: 35,
        联系电话: '0358-8223344',
      },
      { 名称: `停车场${tag}`, 类型: 'parking', ...here, 开放时间: '错时 08:00-18:00', 开放车位: 80, 收费: '免费', 管理单位: grid?.name },
      {
        名称: `公厕${tag}`,
        类型: '共享厕所',
        ...here,
        开放时间: '周一至周五 07:00-19:00；周六至周日 08:00-18:00',
        无障碍: '是',
        公开: '否',
      },
      { 名称: `灭烟点${tag}`, 类型: '灭烟点', ...here, 开放时间: '关闭', 安装状态: '计划' },
    ];
    const buf = await sheet(rows, ['设施', '容纳人数', '面积', '开放车位', '收费', '无障碍', '安装状态']);
    const before = await placeCount();
    const dry = await upload('jiaotonglu', 'clean.xlsx', buf, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ rows: 4, valid: 4, errors: [], imported: 0, dryRun: true });
    expect(await placeCount()).toBe(before);
    const real = await upload('jiaotonglu', 'clean.xlsx', buf, false);
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.body).toEqual({ rows: 4, valid: 4, errors: [], imported: 4, dryRun: false });
    expect(await placeCount()).toBe(before + 4);

    const mine = await manageList('jiaotonglu', `q=${encodeURIComponent(tag)}`);
    const by = Object.fromEntries(mine.map((p) => [p.typeCode, p]));
    expect(Object.keys(by).sort()).toEqual(['parking', 'smoke_point', 'station', 'toilet']);
    for (const p of mine) {
      expect(p.communityCode).toBe('141102001002');
      expect(p.demo).toBe(false);
    }
    expect(by.station).toMatchObject({
      address: '交通路1号',
      hours: { kind: 'always' },
      attrs: { facilities: ['饮水', '热饭/微波炉', '充电'], capacity: 12, area: 35 },
      contact: { phone: '0358-8223344' },
      public: true,
    });
    expect(by.parking).toMatchObject({
      hours: { kind: 'off_work', workStart: '08:00', workEnd: '18:00' },
      attrs: { spaces: 80, fee: '免费' },
      managingUnit: { id: GRIDS.jiaotonglu },
    });
    expect(by.toilet.hours.week).toEqual([...Array(5).fill([['07:00', '19:00']]), [['08:00', '18:00']], [['08:00', '18:00']]]);
    expect(by.toilet).toMatchObject({ attrs: { accessible: true }, public: false });
    expect(by.smoke_point).toMatchObject({ hours: { kind: 'closed' }, attrs: { installStatus: 'planned' } });
    // the non-public toilet stays off the public map
    expect((await ctx().f.call('GET', `/api/places?q=${encodeURIComponent(tag)}`)).body.total).toBe(3);
  });

  it('the desk’s scope applies to every row; only the desk may import, and only a file', async () => {
    const rows = [
      { 名称: `本社区${uniq()}`, 类型: '爱心驿站', ...(await at(GRIDS.jiaotonglu)) },
      { 名称: `东关${uniq()}`, 类型: '爱心驿站', ...(await at(GRIDS.dongguan)) },
    ];
    const before = await placeCount();
    const r = await upload('jiaotonglu', 'scope.xlsx', await sheet(rows), false);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ row: 3, field: '社区编码' })]);
    expect(await placeCount()).toBe(before);
    expect((await upload('resident', 'scope.xlsx', await sheet(rows), true)).status).toBe(403);
    const json = await ctx().f.call('POST', '/api/places/import?dryRun=1', { token: await token('admin'), body: { rows } });
    expect(json.status).toBe(415);
    const junk = await upload('admin', 'junk.xlsx', Buffer.from('not a workbook at all'), true);
    expect(junk.status).toBe(400);
    expect(junk.body.error.field).toBe('file');
    const notGeo = await upload('admin', 'x.geojson', Buffer.from('{"type":"Feature"}'), true);
    expect(notGeo.status).toBe(400);
    expect(notGeo.body.error.field).toBe('file');
  });

  it('a GeoJSON feature that is null (or not an object) is a 400 naming it, never a 500', async () => {
    for (const [feature, field] of [
      ['null', 'features.0'],
      ['7', 'features.0'],
      ['[1,2]', 'features.0'],
      ['{"type":"Feature","geometry":null,"properties":"名称"}', 'features.0.properties'],
    ]) {
      const r = await upload('admin', 'x.geojson', Buffer.from(`{"type":"FeatureCollection","features":[${feature}]}`), true);
      expect(r.status, `${feature}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field, message: expect.stringMatching(/^features\.0/) });
    }
    // a feature without a geometry is an ordinary bad row
    const noPoint = await upload(
      'admin',
      'x.geojson',
      Buffer.from(
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"名称":"无坐标","类型":"爱心驿站"}}]}',
      ),
      true,
    );
    expect(noPoint.status).toBe(200);
    expect(noPoint.body.errors).toEqual([expect.objectContaining({ row: 2, field: '坐标' })]);
  });

  it('an imported row’s managing unit must be inside the importer’s scope (departments: the command centre)', async () => {
    const rows = [
      { 名称: `自管${uniq()}`, 类型: '爱心驿站', 管理单位: '141102001002', ...(await at(GRIDS.jiaotonglu)) },
      { 名称: `部门${uniq()}`, 类型: '爱心驿站', 管理单位: 'D-HWZX', ...(await at(GRIDS.jiaotonglu)) },
    ];
    const before = await placeCount();
    const r = await upload('jiaotonglu', 'units.xlsx', await sheet(rows), false);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      expect.objectContaining({ row: 3, field: '管理单位', message: expect.stringMatching(/^管理单位：不在您的管辖范围/) }),
    ]);
    expect(await placeCount()).toBe(before);
    const admin = await upload('admin', 'units.xlsx', await sheet(rows), false);
    expect(admin.status, JSON.stringify(admin.body)).toBe(200);
    expect(admin.body.imported).toBe(2);
  });

  describe('export → import round trip reproduces the same places', () => {
    /**
     * A configurable type with one field of every kind, one of them labelled like the stations'
     * 设施 under another key; places with every kind of opening rule, contact and flag.
     */
    const prepare = async () => {
      const code = `rt_${uniq()}`;
      const put = await ctx().f.call('PUT', `/api/place-types/${code}`, {
        token: await token('admin'),
        body: {
          name: `往返${code}`,
          nameEn: 'Round trip',
          fields: [
            { key: 'kit', label: '设施', labelEn: 'Kit', type: 'tags' },
            { key: 'seats', label: '座位', labelEn: 'Seats', type: 'number' },
            { key: 'heated', label: '供暖', labelEn: 'Heated', type: 'boolean' },
            { key: 'note', label: '说明', labelEn: 'Note', type: 'text' },
            { key: 'grade', label: '等级', labelEn: 'Grade', type: 'enum', options: ['甲', '乙'] },
          ],
        },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const base = await ctx().f.at(GRIDS.jiaotonglu);
      const hours = [
        { kind: 'always' },
        { kind: 'closed' },
        { kind: 'off_work', workStart: '08:00', workEnd: '18:00' },
        {
          kind: 'weekly',
          week: [0, 1, 2, 3, 4]
            .map(() => [
              ['08:30', '12:00'],
              ['14:30', '18:00'],
            ])
            .concat([[], []]),
          holidays: 'closed',
        },
        { kind: 'weekly', week: [[], [], [], [], [['22:00', '02:00']], [['10:00', '16:00']], [['10:00', '16:00']]], holidays: 'sunday' },
        { kind: 'weekly', week: Array.from({ length: 7 }, () => [['06:00', '24:00']]), holidays: 'weekly' },
      ];
      const contacts = [
        { contactName: '王建国', contactPhone: '13935800088' },
        { contactName: '值班室', contactPhone: '0358-8221234' },
        { contactName: null, contactPhone: null },
      ];
      for (const [i, h] of hours.entries()) {
        const r = await ctx().f.call('POST', '/api/places', {
          token: await token('admin'),
          body: {
            typeCode: code,
            name: `往返场所${i}`,
            address: i % 2 ? `滨河北路${i}号` : null,
            location: { lat: base.lat + i * 0.0003, lng: base.lng - i * 0.0002 },
            managingUnitId: i % 3 === 0 ? 'D-HWZX' : i % 3 === 1 ? '141102001002' : null,
            ...contacts[i % 3],
            hours: h,
            attrs:
              i === 5
                ? {}
                : {
                    kit: ['暖气', '饮水机'].slice(0, 1 + (i % 2)),
                    seats: 10 + i,
                    heated: i % 2 === 0,
                    note: `第${i}号，含逗号,和顿号、`,
                    grade: i % 2 ? '甲' : '乙',
                  },
            public: i !== 4,
            status: i === 3 ? 'closed' : 'active',
          },
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      return code;
    };

    for (const format of ['xlsx', 'geojson'] as const) {
      it(`as ${format === 'xlsx' ? 'Excel' : 'GeoJSON'}: a configurable type and the demo stations`, async () => {
        const code = await prepare();
        for (const type of [code, 'station']) {
          const originals = await manageList('admin', `type=${type}`);
          expect(originals.length).toBeGreaterThanOrEqual(6);
          const file = await exportAs('admin', format, type);
          const dry = await upload('admin', `export.${format}`, file, true);
          expect(dry.body.errors, type).toEqual([]);
          expect(dry.body.valid).toBe(originals.length);
          const r = await upload('admin', `export.${format}`, file, false);
          expect(r.status, JSON.stringify(r.body.errors?.slice(0, 5))).toBe(200);
          expect(r.body.imported).toBe(originals.length);
          const after = await manageList('admin', `type=${type}`);
          const old = new Set(originals.map((p) => p.id));
          const copies = after.filter((p) => !old.has(p.id));
          expect(copies).toHaveLength(originals.length);
          expect(copies.map(canon).sort(), `${type} via ${format}`).toEqual(originals.map(canon).sort());
        }
      });
    }

    it('the GeoJSON feed is valid GeoJSON of the public places, [lng, lat], with readable hours', async () => {
      const r = await ctx().app.server.inject({ method: 'GET', url: '/api/public/places.geojson?type=canteen' });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('application/geo+json');
      expect(r.headers['access-control-allow-origin']).toBe('*');
      const doc = JSON.parse(r.body);
      expect(doc.type).toBe('FeatureCollection');
      const list = await ctx().f.call('GET', '/api/places?type=canteen&pageSize=500');
      expect(doc.features).toHaveLength(list.body.total);
      const one = list.body.items[0];
      const f = doc.features.find((x: any) => x.id === one.id);
      expect(f.geometry).toEqual({ type: 'Point', coordinates: [one.location.lng, one.location.lat] });
      expect(f.properties).toMatchObject({
        name: one.name,
        type: 'canteen',
        typeName: one.typeName,
        hoursText: one.hoursText.zh,
        openNow: one.openNow,
        demo: one.demo,
        contactPhone: one.contact.phone,
      });
      expect(f.properties.contactPhone).toMatch(/\*{4}/);
    });
  });
});
