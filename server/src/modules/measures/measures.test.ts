import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../clock.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { DEFAULT_WEIGHTS, rates } from './formulas.js';

const JIAOTONGLU = '141102001002';
const DONGGUAN = '141102001001';
const BINHE = '141102001';

describe('the formulas', () => {
  it('响应率, 解决率, 满意率 (basic counts 0.9) and the weighted composite', () => {
    const r = rates(
      {
        valid: 4,
        contactedInTime: 2,
        resolved: 2,
        satisfied: 1,
        basic: 2,
        resolvedOnTime: 3,
        reopened: 1,
        handlingSecondsSum: 4 * 3600 + 8 * 3600,
        handlingCount: 2,
        overdue: 0,
        created: 5,
      },
      DEFAULT_WEIGHTS,
    );
    expect(r).toEqual({
      responseRate: 50,
      resolutionRate: 50,
      satisfactionRate: 70, // (1 + 0.9 × 2) / 4
      composite: 58, // 0.1 × 50 + 0.5 × 50 + 0.4 × 70
      onTimeRate: 75,
      reopenRate: 25,
      avgHandlingHours: 6,
    });
    expect(DEFAULT_WEIGHTS).toEqual({ response: 0.1, resolution: 0.5, satisfaction: 0.4 });
    // No valid follow-up: no rates, not zero.
    const none = rates(
      {
        valid: 0,
        contactedInTime: 0,
        resolved: 0,
        satisfied: 0,
        basic: 0,
        resolvedOnTime: 0,
        reopened: 0,
        handlingSecondsSum: 0,
        handlingCount: 0,
        overdue: 0,
        created: 3,
      },
      DEFAULT_WEIGHTS,
    );
    expect(none.composite).toBeNull();
    expect(none.responseRate).toBeNull();
  });
});

interface Row {
  rank: number | null;
  unitId: string;
  unitName: string;
  streetName: string | null;
  counts: { valid: number; created: number; overdue: number; contactedInTime: number; resolved: number; satisfied: number; basic: number };
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  onTimeRate: number | null;
  reopenRate: number | null;
  avgHandlingHours: number | null;
}

describe.each(DIALECTS)('measures over requests driven through the API on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  /** Staff sessions idle out when the clock moves; sign in again each time. */
  async function staff(username: string): Promise<string> {
    ctx().f.forget(username);
    return ctx().f.login(username);
  }

  /**
   * March 2026, both in 滨河街道:
   *   交通路社区 (grid `grid`): 4 rated — in time/satisfied/resolved, in time/basic/resolved,
   *     late/basic/unresolved, late/unsatisfied/unresolved — plus one resolved and never rated.
   *   东关社区 (its community staff handles its grid): 2 rated — in time/satisfied/resolved.
   * Contact limit is 24 h: "in time" = contacted 1 h after filing, "late" = 25 h after.
   */
  async function drive() {
    const { f, clock } = ctx();
    const resident = await f.login('resident');
    const dongguanAt = await f.at(GRIDS.dongguan);
    const j = [];
    for (let i = 0; i < 5; i++) j.push(await f.request({ body: { description: `交通路诉求${i}` } }));
    const d = [];
    for (let i = 0; i < 2; i++) d.push(await f.request({ body: { description: `东关诉求${i}`, location: dongguanAt } }));
    expect(d.every((r) => r.communityCode === DONGGUAN)).toBe(true);

    const act = async (token: string, id: string, body: Record<string, unknown>) => {
      const r = await f.act(token, id, body);
      expect(r.status, `${body.action}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    let grid = await staff('grid');
    let dg = await staff('dongguan');
    for (const r of j) await act(grid, r.id, { action: 'sign' });
    for (const r of d) await act(dg, r.id, { action: 'sign' });
    clock.advance(HOUR_MS);
    grid = await staff('grid');
    dg = await staff('dongguan');
    for (const r of j.filter((_, i) => [0, 1, 4].includes(i))) await act(grid, r.id, { action: 'contact', note: '已电话联系' });
    for (const r of d) await act(dg, r.id, { action: 'contact', note: '已上门' });
    clock.advance(24 * HOUR_MS); // 25 h after filing
    grid = await staff('grid');
    dg = await staff('dongguan');
    for (const r of j.slice(2, 4)) await act(grid, r.id, { action: 'contact', note: '联系晚了' });
    clock.advance(3 * HOUR_MS); // resolved 28 h after filing
    grid = await staff('grid');
    dg = await staff('dongguan');
    for (const r of j) await act(grid, r.id, { action: 'resolve', reply: '已处理' });
    for (const r of d) await act(dg, r.id, { action: 'resolve', reply: '已处理' });
    clock.advance(HOUR_MS);
    const ratings: [string, boolean][] = [
      ['satisfied', true],
      ['basic', true],
      ['basic', false],
      ['unsatisfied', false],
    ];
    for (const [i, [rating, resolved]] of ratings.entries())
      await act(resident, (j[i] as { id: string }).id, { action: 'rate', rating, resolved });
    for (const r of d) await act(resident, r.id, { action: 'rate', rating: 'satisfied', resolved: true });
    return { j, d };
  }

  /** The requests are driven once per dialect, by whichever test needs them first. */
  let driving: ReturnType<typeof drive> | null = null;
  const ready = () => (driving ??= drive());
  /** The ranking as `username` sees it (signed in after the requests were driven, as the clock moved). */
  const ranking = async (username: string, level: 'street' | 'community', month = '2026-03') => {
    await ready();
    const token = await staff(username);
    const r = await ctx().f.call('GET', `/api/measures/ranking?level=${level}&month=${month}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { month: string; level: string; weights: typeof DEFAULT_WEIGHTS; rows: Row[] };
  };

  it('ranks the communities of the month with the brief’s formulas', async () => {
    const r = await ranking('admin', 'community');
    expect(r.weights).toEqual(DEFAULT_WEIGHTS);
    const byId = new Map(r.rows.map((x) => [x.unitId, x]));
    expect(byId.get(DONGGUAN)).toMatchObject({
      rank: 1,
      unitName: expect.stringContaining('东关'),
      streetName: expect.stringContaining('滨河'),
      counts: { valid: 2, created: 2, contactedInTime: 2, resolved: 2, satisfied: 2, basic: 0, overdue: 0 },
      responseRate: 100,
      resolutionRate: 100,
      satisfactionRate: 100,
      composite: 100,
      onTimeRate: 100,
      avgHandlingHours: 28,
    });
    expect(byId.get(JIAOTONGLU)).toMatchObject({
      rank: 2,
      counts: { valid: 4, created: 5, contactedInTime: 2, resolved: 2, satisfied: 1, basic: 2 },
      responseRate: 50,
      resolutionRate: 50,
      satisfactionRate: 70,
      composite: 58,
    });
    // Every other community is listed without a rank, after the ranked ones.
    expect(r.rows.length).toBeGreaterThan(100);
    expect(r.rows.slice(0, 2).map((x) => x.unitId)).toEqual([DONGGUAN, JIAOTONGLU]);
    expect(r.rows.slice(2).every((x) => x.rank === null && x.composite === null && x.counts.valid === 0)).toBe(true);
    // A month without follow-ups ranks nobody.
    expect((await ranking('admin', 'community', '2026-02')).rows.every((x) => x.rank === null)).toBe(true);
  });

  it('ranks the streets: 滨河街道 aggregates its two communities', async () => {
    const r = await ranking('admin', 'street');
    expect(r.rows.filter((x) => x.rank !== null).map((x) => x.unitId)).toEqual([BINHE]);
    const binhe = r.rows.find((x) => x.unitId === BINHE);
    // valid 6; in time 4; resolved 4; satisfied 3, basic 2 → 66.67 / 66.67 / 80
    expect(binhe).toMatchObject({
      rank: 1,
      counts: { valid: 6, created: 7 },
      responseRate: 66.67,
      resolutionRate: 66.67,
      satisfactionRate: 80,
    });
    expect(binhe?.composite).toBeCloseTo(0.1 * 66.67 + 0.5 * 66.67 + 0.4 * 80, 2);
    expect(r.rows.filter((x) => x.unitId.length === 9)).toHaveLength(r.rows.length); // streets only
  });

  it('weights are configurable by the command centre; a set not adding up to 1 is refused', async () => {
    const { f } = ctx();
    await ready();
    const admin = await staff('admin');
    const put = await f.call('PUT', '/api/measures/weights', { token: admin, body: { response: 0.2, resolution: 0.3, satisfaction: 0.5 } });
    expect(put.status).toBe(200);
    expect((await f.call('GET', '/api/measures/weights', { token: admin })).body).toEqual({
      response: 0.2,
      resolution: 0.3,
      satisfaction: 0.5,
    });
    const r = await ranking('admin', 'community');
    const j = r.rows.find((x) => x.unitId === JIAOTONGLU);
    expect(j?.composite).toBe(60); // 0.2 × 50 + 0.3 × 50 + 0.5 × 70
    expect(r.weights).toEqual({ response: 0.2, resolution: 0.3, satisfaction: 0.5 });

    for (const body of [
      { response: 0.2, resolution: 0.5, satisfaction: 0.4 },
      { response: 0, resolution: 0, satisfaction: 0 },
    ]) {
      const bad = await f.call('PUT', '/api/measures/weights', { token: admin, body });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'weights' });
    }
    const negative = await f.call('PUT', '/api/measures/weights', {
      token: admin,
      body: { response: -0.1, resolution: 0.7, satisfaction: 0.4 },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.field).toBe('response');
    const missing = await f.call('PUT', '/api/measures/weights', { token: admin, body: { response: 0.5, resolution: 0.5 } });
    expect(missing.body.error.field).toBe('satisfaction');
    // Floating-point sums such as 0.1 + 0.2 + 0.7 are accepted.
    expect(
      (await f.call('PUT', '/api/measures/weights', { token: admin, body: { response: 0.1, resolution: 0.2, satisfaction: 0.7 } })).status,
    ).toBe(200);
    expect((await f.call('PUT', '/api/measures/weights', { token: await staff('binhe'), body: DEFAULT_WEIGHTS })).status).toBe(403);
    // Back to the defaults for the tests below.
    expect((await f.call('PUT', '/api/measures/weights', { token: admin, body: DEFAULT_WEIGHTS })).status).toBe(200);
    expect((await ranking('admin', 'community')).rows.find((x) => x.unitId === JIAOTONGLU)?.composite).toBe(58);
  });

  it('exports the ranking as CSV with a BOM and a Chinese header, with the API’s figures', async () => {
    const { f } = ctx();
    const api = await ranking('admin', 'community');
    const admin = await staff('admin');
    const r = await f.call('GET', '/api/measures/export?level=community&month=2026-03&format=csv', { token: admin });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(String(r.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('三率排名-社区-2026-03.csv')}`);
    const text = r.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '排名,单位编码,单位,所属街道,有效回访,响应率%,解决率%,满意率%,综合得分,按期办结率%,重办率%,平均办理时长(小时),受理量,超期',
    );
    expect(lines).toHaveLength(api.rows.length + 1);
    const csvRow = (id: string) => lines.find((l) => l.split(',')[1] === id)?.split(',');
    const j = api.rows.find((x) => x.unitId === JIAOTONGLU);
    expect(csvRow(JIAOTONGLU)).toEqual([
      '2',
      JIAOTONGLU,
      j?.unitName,
      j?.streetName,
      '4',
      '50',
      '50',
      '70',
      '58',
      String(j?.onTimeRate),
      String(j?.reopenRate),
      String(j?.avgHandlingHours),
      '5',
      '0',
    ]);
    expect(csvRow(DONGGUAN)?.slice(0, 9)).toEqual([
      '1',
      DONGGUAN,
      expect.stringContaining('东关'),
      expect.stringContaining('滨河'),
      '2',
      '100',
      '100',
      '100',
      '100',
    ]);
  });

  it('exports the ranking as an Excel workbook that matches the API', async () => {
    const { app } = ctx();
    const api = await ranking('admin', 'street');
    const admin = await staff('admin');
    const res = await app.server.inject({
      method: 'GET',
      url: '/api/measures/export?level=street&month=2026-03&format=xlsx',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('2026-03');
    expect(ws).toBeTruthy();
    const rows: unknown[][] = [];
    ws?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([
      '排名',
      '单位编码',
      '单位',
      '所属街道',
      '有效回访',
      '响应率%',
      '解决率%',
      '满意率%',
      '综合得分',
      '按期办结率%',
      '重办率%',
      '平均办理时长(小时)',
      '受理量',
      '超期',
    ]);
    expect(rows).toHaveLength(api.rows.length + 1);
    for (const [i, x] of api.rows.entries()) {
      const cells = rows[i + 1] ?? [];
      expect(cells[1]).toBe(x.unitId);
      expect(cells[2]).toBe(x.unitName);
      expect(cells[4]).toBe(x.counts.valid);
      const num = (v: unknown) => (v === '' || v === undefined ? null : v);
      expect([num(cells[0]), num(cells[5]), num(cells[6]), num(cells[7]), num(cells[8])]).toEqual([
        x.rank,
        x.responseRate,
        x.resolutionRate,
        x.satisfactionRate,
        x.composite,
      ]);
      expect(cells[12]).toBe(x.counts.created);
    }
    expect(rows[1]?.[1]).toBe(BINHE);
  });

  it('scope: community staff see only their own community; street staff their street’s communities', async () => {
    const j = await ranking('jiaotonglu', 'community');
    expect(j.rows.map((x) => x.unitId)).toEqual([JIAOTONGLU]);
    expect(j.rows[0]).toMatchObject({ rank: 1, composite: 58, counts: { valid: 4 } });

    const d = await ranking('dongguan', 'community');
    expect(d.rows.map((x) => x.unitId)).toEqual([DONGGUAN]);

    const g = await ranking('grid', 'community');
    expect(g.rows.map((x) => x.unitId)).toEqual([JIAOTONGLU]);

    const street = await ranking('binhe', 'community');
    expect(street.rows.length).toBeGreaterThan(2);
    expect(street.rows.every((x) => x.unitId.startsWith(BINHE))).toBe(true);
    expect(street.rows.slice(0, 2).map((x) => [x.unitId, x.rank])).toEqual([
      [DONGGUAN, 1],
      [JIAOTONGLU, 2],
    ]);

    // The export follows the same scope.
    const csv = await ctx().f.call('GET', '/api/measures/export?level=community&month=2026-03&format=csv', {
      token: await staff('jiaotonglu'),
    });
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.split(',')[1]).toBe(JIAOTONGLU);

    // Residents and the public have no access to the measures.
    expect((await ctx().f.call('GET', '/api/measures/ranking', { token: await ctx().f.login('resident') })).status).toBe(403);
    expect((await ctx().f.call('GET', '/api/measures/ranking')).status).toBe(401);
    const bad = await ctx().f.call('GET', '/api/measures/ranking?month=2026-13', { token: await staff('admin') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('month');
  });
});
