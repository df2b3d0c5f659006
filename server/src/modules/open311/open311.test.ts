import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../clock.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { KIND_POLICY, type Kind } from '../requests/kinds.js';
import { OPEN311_STATUS, STATUSES, type Status } from '../requests/lifecycle.js';

const BASE = '/open311/v2';
/** Lists are forced to arrays; values stay text so that they can be compared with the JSON as text. */
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format', 'attribute', 'value'].includes(name),
});
/** Lists inside a document: <formats><format>a</format></formats> is "formats": ["a"] in JSON. */
const NESTED: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };
function unwrap(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrap);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      const child = NESTED[k];
      if (child) return [k, x === '' ? [] : unwrap((x as Record<string, unknown>)[child])];
      return [k, unwrap(x)];
    }),
  );
}

/** JSON values as the XML carries them: text; null/undefined as empty. */
function asText(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asText);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, asText(x)]),
    );
  return v === null || v === undefined ? '' : String(v);
}

const form = (fields: Record<string, string | number | undefined>) =>
  Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

describe.each(DIALECTS)('Open311 GeoReport v2 on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  async function get(path: string) {
    const r = await ctx().app.server.inject({ method: 'GET', url: `${BASE}${path}` });
    return { status: r.statusCode, type: String(r.headers['content-type']), text: r.body };
  }
  /** The same resource as JSON and XML; asserts both carry the same data and returns the JSON. */
  async function both(path: string, root: string, item: string | null, status = 200) {
    const [base, query = ''] = path.split('?');
    const j = await get(`${base}.json${query ? `?${query}` : ''}`);
    const x = await get(`${base}.xml${query ? `?${query}` : ''}`);
    expect(j.status, j.text).toBe(status);
    expect(x.status, x.text).toBe(status);
    expect(j.type).toBe('application/json; charset=utf-8');
    expect(x.type).toBe('text/xml; charset=utf-8');
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const json = JSON.parse(j.text);
    const doc = xml.parse(x.text)[root];
    const fromXml = unwrap(item ? (doc === '' ? [] : (doc?.[item] ?? [])) : doc);
    expect(fromXml).toEqual(asText(json));
    return json;
  }
  async function post(
    fields: Record<string, string | number | undefined>,
    format: 'json' | 'xml' = 'json',
    headers: Record<string, string> = {},
  ) {
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: `${BASE}/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
      payload: form(fields),
    });
    return { status: r.statusCode, text: r.body, json: () => JSON.parse(r.body), xml: () => xml.parse(r.body) };
  }
  let apiKey: string | null = null;
  async function key(): Promise<string> {
    if (apiKey) return apiKey;
    const { f } = ctx();
    const r = await f.call('POST', '/api/apikeys', { token: await f.login('admin'), body: { name: '市民通 App' } });
    expect(r.status).toBe(201);
    apiKey = r.body.key as string;
    return apiKey;
  }
  async function report(extra: Record<string, string | number | undefined> = {}) {
    const at = await ctx().f.at(GRIDS.jiaotonglu);
    return post({
      api_key: await key(),
      service_code: 'city_appearance',
      lat: at.lat,
      long: at.lng,
      description: '路口井盖缺失，夜里很危险',
      ...extra,
    });
  }

  it('discovery names the GeoReport v2 endpoint and both formats', async () => {
    const d = await both('/discovery', 'discovery', null);
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      formats: ['application/json', 'text/xml'],
    });
    // Without a trailing slash: clients append "/services.xml" to it.
    expect(d.endpoints[0].url).toMatch(/^http:\/\/[^/]+\/open311\/v2$/);
    const path = new URL(`${d.endpoints[0].url}/services.xml`).pathname;
    expect(path).toBe('/open311/v2/services.xml');
    expect((await ctx().app.server.inject({ method: 'GET', url: path })).statusCode).toBe(200);
  });

  it('services lists the active categories a client can file and see published; services/{code} defines one; unknown code or jurisdiction → 404', async () => {
    const list = await both('/services', 'services', 'service');
    const cats = await ctx().app.services.categories.list();
    // A category is offered when one of its kinds is both taken in and published (KIND_POLICY):
    // help-only and wish-only ones (为老代购, 代办, 微心愿) are not.
    const published = cats.filter((c) => c.kinds.some((k) => KIND_POLICY[k as Kind].open311 && KIND_POLICY[k as Kind].intake));
    expect(list.map((s: { service_code: string }) => s.service_code)).toEqual(published.map((c) => c.code));
    expect(list.map((s: { service_code: string }) => s.service_code)).not.toContain('elderly_shopping');
    expect(list.map((s: { service_code: string }) => s.service_code)).not.toContain('micro_wish');
    expect(list.find((s: { service_code: string }) => s.service_code === 'city_appearance')).toEqual({
      service_code: 'city_appearance',
      service_name: '市容环境',
      description: '市容环境 (City appearance)',
      metadata: false,
      type: 'realtime',
      keywords: 'problem,finding',
      group: '网格 grid',
    });
    expect(await both('/services?jurisdiction_id=141102', 'services', 'service')).toEqual(list);

    expect(await both('/services/garbage', 'service_definition', null)).toEqual({ service_code: 'garbage', attributes: [] });
    for (const path of [
      '/services/no_such_code',
      '/services/elderly_shopping',
      '/services?jurisdiction_id=140100',
      '/services/garbage?jurisdiction_id=sfgov.org',
    ]) {
      const errs = await both(path, 'errors', 'error', 404);
      expect(errs).toEqual([{ code: 404, description: expect.any(String) }]);
    }
  });

  it('POST (form-urlencoded, with an API key) files a normal Lianxin request, routed to the grid', async () => {
    const { f } = ctx();
    const r = await report({
      first_name: '建国',
      last_name: '王',
      phone: '13935800123',
      address_string: '交通路12号',
      email: 'a@example.cn',
      account_id: 'acc-1',
    });
    expect(r.status, r.text).toBe(201);
    const [created] = r.json();
    // A realtime service answers with the id only; the token stays usable on tokens/{token}.
    expect(created).toEqual({
      service_request_id: expect.stringMatching(/^LX\d{12}$/),
      service_notice: expect.any(String),
      account_id: 'acc-1',
    });
    const { open311_token: token } = await ctx()
      .database.db.selectFrom('requests')
      .select('open311_token')
      .where('number', '=', created.service_request_id)
      .executeTakeFirstOrThrow();
    expect(token).toEqual(expect.any(String));

    const admin = await f.login('admin');
    const list = await f.call('GET', `/api/requests?q=${created.service_request_id}`, { token: admin });
    expect(list.body.total).toBe(1);
    const mine = list.body.items[0];
    expect(mine).toMatchObject({
      number: created.service_request_id,
      channel: 'open311',
      kind: 'problem',
      categoryCode: 'city_appearance',
      status: 'dispatched',
      gridCode: GRIDS.jiaotonglu,
      handlerUnitId: GRIDS.jiaotonglu,
      address: '交通路12号',
      description: '路口井盖缺失，夜里很危险',
    });
    // The grid worker has it in the work queue; the caller's phone is masked in lists.
    const grid = await f.call('GET', '/api/requests?queue=mine', { token: await f.login('grid') });
    expect((grid.body.items as { number: string }[]).map((x) => x.number)).toContain(created.service_request_id);
    expect(mine.reporter.phone).toBe('139****0123');
    const contact = await f.call('GET', `/api/requests/${mine.id}/contact`, { token: await f.login('grid') });
    expect(contact.body).toEqual({ name: '王建国', phone: '13935800123' });

    // requests/{id} and tokens/{token} find it, in both formats.
    const one = await both(`/requests/${created.service_request_id}`, 'service_requests', 'request');
    expect(one).toEqual([
      expect.objectContaining({
        service_request_id: created.service_request_id,
        status: 'open',
        service_code: 'city_appearance',
        service_name: '市容环境',
        description: '路口井盖缺失，夜里很危险',
        agency_responsible: expect.stringContaining('交通路'),
        requested_datetime: mine.createdAt,
        expected_datetime: mine.deadlines.resolve,
        // Not chosen 公开位置 (Open311 reports never are): the community's name and a ~100 m point.
        address: (await ctx().app.services.org.get(mine.communityCode))?.name,
        lat: Math.round(mine.location.lat * 1000) / 1000,
        long: Math.round(mine.location.lng * 1000) / 1000,
      }),
    ]);
    expect(JSON.stringify(one)).not.toContain('交通路12号');
    // Public data only: no phone, no name.
    expect(JSON.stringify(one)).not.toContain('13935800123');
    expect(JSON.stringify(one)).not.toContain('建国');
    expect(await both(`/tokens/${token}`, 'service_requests', 'request')).toEqual([
      { service_request_id: created.service_request_id, token },
    ]);
  });

  it('POST answers in XML too, and a retry with the same Idempotency-Key does not file twice', async () => {
    const at = await ctx().f.at(GRIDS.dongguan);
    const fields = {
      api_key: await key(),
      service_code: 'small_ads',
      lat: at.lat,
      long: at.lng,
      description: '电线杆上贴满 <小广告> & 涂鸦',
    };
    const r = await post(fields, 'xml', { 'idempotency-key': 'open311-retry-0001' });
    expect(r.status, r.text).toBe(201);
    const created = r.xml().service_requests.request[0];
    expect(created.service_request_id).toMatch(/^LX\d{12}$/);
    const again = await post(fields, 'xml', { 'idempotency-key': 'open311-retry-0001' });
    expect(again.status).toBe(200);
    expect(again.xml().service_requests.request[0].service_request_id).toBe(created.service_request_id);
    // Markup in the description is escaped in the XML and intact in both formats.
    const one = await both(`/requests/${created.service_request_id}`, 'service_requests', 'request');
    expect(one[0].description).toBe('电线杆上贴满 <小广告> & 涂鸦');
    expect(one[0].status).toBe('open');
  });

  it('errors come as [{code, description}] with the spec’s status codes', async () => {
    const at = await ctx().f.at(GRIDS.jiaotonglu);
    const good = { api_key: await key(), service_code: 'city_appearance', lat: at.lat, long: at.lng, description: '测试' };
    const expectError = async (fields: Record<string, string | number | undefined>, status: number, mention: string) => {
      for (const format of ['json', 'xml'] as const) {
        const r = await post(fields, format);
        expect(r.status, `${format} ${JSON.stringify(fields)}: ${r.text}`).toBe(status);
        const errs = format === 'json' ? r.json() : asParsedErrors(r.xml());
        expect(errs).toHaveLength(1);
        expect(Number(errs[0].code)).toBe(status);
        expect(errs[0].description).toContain(mention);
      }
    };
    const asParsedErrors = (doc: { errors: { error: { code: string; description: string }[] } }) => doc.errors.error;
    await expectError({ ...good, description: undefined }, 400, 'description');
    await expectError({ ...good, service_code: undefined }, 400, 'service_code');
    await expectError({ ...good, lat: 'north' }, 400, 'lat');
    await expectError({ ...good, phone: '12345' }, 400, 'phone');
    await expectError({ ...good, api_key: 'lx_not-a-real-key' }, 403, 'api_key');
    await expectError({ ...good, api_key: undefined }, 403, 'api_key');
    await expectError({ ...good, service_code: 'no_such_service' }, 404, 'no_such_service');
    await expectError({ ...good, jurisdiction_id: 'sfgov.org' }, 404, 'jurisdiction_id');
    // A point far outside 离石区 cannot be routed.
    await expectError({ ...good, lat: 39.9, long: 116.4 }, 400, 'location');
    // A revoked key no longer works.
    const { f } = ctx();
    const admin = await f.login('admin');
    const made = await f.call('POST', '/api/apikeys', { token: admin, body: { name: '临时' } });
    expect((await post({ ...good, api_key: made.body.key })).status).toBe(201);
    expect((await f.call('DELETE', `/api/apikeys/${made.body.id}`, { token: admin })).status).toBe(200);
    await expectError({ ...good, api_key: made.body.key }, 403, 'api_key');

    // Unknown ids, tokens and paths are 404s in the same format.
    for (const path of [
      '/requests/LX209901010001',
      '/tokens/00000000-0000-0000-0000-000000000000',
      '/requests/LX209901010001',
      '/nothing-here',
    ]) {
      const errs = await both(path, 'errors', 'error', 404);
      expect(errs).toEqual([{ code: 404, description: expect.any(String) }]);
    }
    const badDate = await get('/requests.json?start_date=yesterday');
    expect(badDate.status).toBe(400);
    expect(JSON.parse(badDate.text)).toEqual([{ code: 400, description: expect.stringContaining('start_date') }]);
    expect((await get('/requests.json?jurisdiction_id=999999')).status).toBe(404);
  });

  it('every Lianxin status maps to open/closed as lifecycle.ts says; GET requests filters by id, code, dates and status', async () => {
    const { f, clock } = ctx();
    clock.set('2026-05-11T02:00:00.000Z'); // Monday, after the May holiday
    for (const u of ['admin', 'grid']) f.forget(u);
    const admin = await f.login('admin');
    const grid = await f.login('grid');
    const resident = await f.login('resident');
    const ok = async (p: Promise<{ status: number; body: unknown }>) => {
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const byStatus = {} as Record<Status, { id: string; number: string }>;
    // accepted: a department's category waits for the centre to dispatch it.
    byStatus.accepted = await f.request({ body: { categoryCode: 'garbage', description: '垃圾站没有清运' } });
    byStatus.dispatched = await f.request();
    byStatus.signed = await f.request();
    await ok(f.act(grid, byStatus.signed.id, { action: 'sign' }));
    byStatus.in_progress = await f.request();
    await ok(f.act(grid, byStatus.in_progress.id, { action: 'sign' }));
    await ok(f.act(grid, byStatus.in_progress.id, { action: 'contact', note: '已联系' }));
    byStatus.resolved = await f.resolved();
    byStatus.rated = await f.resolved();
    await ok(f.act(resident, byStatus.rated.id, { action: 'rate', rating: 'basic', resolved: true }));
    byStatus.closed = await f.resolved();
    await ok(f.act(resident, byStatus.closed.id, { action: 'rate', rating: 'satisfied', resolved: true }));
    await ok(f.act(admin, byStatus.closed.id, { action: 'close' }));
    byStatus.rejected = await f.request({ body: { categoryCode: 'garbage', description: '不属于本区的事项' } });
    await ok(f.act(admin, byStatus.rejected.id, { action: 'reject', reason: '不属于受理范围' }));
    byStatus.merged = await f.request({ body: { description: '重复反映：垃圾桶未分类' } });
    await ok(f.act(admin, byStatus.merged.id, { action: 'merge', targetId: byStatus.dispatched.id }));
    expect(Object.keys(byStatus).sort()).toEqual([...STATUSES].sort());

    const numbers = Object.values(byStatus).map((r) => r.number);
    const listed = await both(`/requests?service_request_id=${numbers.join(',')}`, 'service_requests', 'request');
    expect(listed).toHaveLength(STATUSES.length);
    const statusOf = new Map((listed as { service_request_id: string; status: string }[]).map((r) => [r.service_request_id, r.status]));
    for (const s of STATUSES) expect(statusOf.get(byStatus[s].number), s).toBe(OPEN311_STATUS[s]);

    // status filters (one value, or both comma-separated), inside today's window.
    const window = `start_date=2026-05-11T00:00:00%2B08:00&end_date=2026-05-12T00:00:00%2B08:00`;
    const ids = (rows: { service_request_id: string }[]) => rows.map((r) => r.service_request_id).sort();
    const open = STATUSES.filter((s) => OPEN311_STATUS[s] === 'open')
      .map((s) => byStatus[s].number)
      .sort();
    const closed = STATUSES.filter((s) => OPEN311_STATUS[s] === 'closed')
      .map((s) => byStatus[s].number)
      .sort();
    expect(ids(await both(`/requests?${window}&status=open`, 'service_requests', 'request'))).toEqual(open);
    expect(ids(await both(`/requests?${window}&status=closed`, 'service_requests', 'request'))).toEqual(closed);
    expect(ids(await both(`/requests?${window}&status=open,closed`, 'service_requests', 'request'))).toEqual([...open, ...closed].sort());
    expect(ids(await both(`/requests?${window}`, 'service_requests', 'request'))).toEqual([...open, ...closed].sort());
    // service_code, one or several.
    expect(ids(await both(`/requests?${window}&service_code=garbage`, 'service_requests', 'request'))).toEqual(
      [byStatus.accepted.number, byStatus.rejected.number].sort(),
    );
    expect(ids(await both(`/requests?${window}&service_code=garbage,city_appearance`, 'service_requests', 'request'))).toHaveLength(
      STATUSES.length,
    );
    // service_request_id overrides every other argument.
    expect(
      ids(
        await both(
          `/requests?service_request_id=${byStatus.closed.number}&status=open&service_code=garbage&start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z`,
          'service_requests',
          'request',
        ),
      ),
    ).toEqual([byStatus.closed.number]);

    // Dates: one request three days later, outside a window that ends before it.
    clock.advance(3 * DAY_MS);
    const later = await f.request({ body: { description: '三天后的诉求' } });
    const before = ids(
      await both(`/requests?start_date=2026-05-11T00:00:00Z&end_date=2026-05-13T00:00:00Z`, 'service_requests', 'request'),
    );
    expect(before).not.toContain(later.number);
    expect(before).toEqual(expect.arrayContaining(numbers));
    const after = ids(await both(`/requests?start_date=2026-05-13T00:00:00Z`, 'service_requests', 'request'));
    expect(after).toEqual([later.number]);
    // Without dates: the last 90 days.
    expect(ids(await both('/requests', 'service_requests', 'request'))).toEqual(expect.arrayContaining([...numbers, later.number]));
    expect(await both('/requests?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z', 'service_requests', 'request')).toEqual(
      [],
    );
  });

  it('only the kinds KIND_POLICY publishes appear: help, wishes and findings never do', async () => {
    const { f } = ctx();
    const help = await f.request({
      body: { kind: 'help', categoryCode: 'elderly_shopping', description: '独居老人需要代购降压药', address: '交通路小区3号楼2单元501' },
    });
    // A wish filed before the kind was retired (intake now refuses it): its row stays as history.
    const wish = await f.request({ body: { description: '孩子想要一套绘本（微心愿）' } });
    await ctx().database.db.updateTable('requests').set({ kind: 'wish', category_code: 'micro_wish' }).where('id', '=', wish.id).execute();
    // Intake no longer takes findings (retired by the inspections programme): an old row, as filed before.
    const finding = await f.request({
      token: await f.login('inspector'),
      body: { description: '督查发现：楼道堆物（内部）', reporterPhone: undefined },
    });
    await ctx().app.services.db.updateTable('requests').set({ kind: 'finding' }).where('id', '=', finding.id).execute();
    finding.kind = 'finding';
    const problem = await f.request({ body: { description: '公开的问题反映' } });
    const hidden = [help, wish, finding];
    for (const r of hidden) expect((await get(`/requests/${r.number}.json`)).status, r.kind).toBe(404);
    const numbers = [...hidden, problem].map((r) => r.number).join(',');
    const listed = await both(`/requests?service_request_id=${numbers}`, 'service_requests', 'request');
    expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([problem.number]);
    const all = await get('/requests.json');
    for (const text of ['3号楼2单元501', '绘本', '督查发现']) expect(all.text).not.toContain(text);
    expect(
      Object.entries(KIND_POLICY)
        .filter(([, p]) => p.open311)
        .map(([k]) => k),
    ).toEqual(['problem', 'suggestion']);
  });
});
