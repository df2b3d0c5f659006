import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../clock.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const MINUTE_MS = 60_000;
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'request_update', 'error', 'endpoint', 'format', 'attribute', 'value'].includes(name),
});
const form = (fields: [string, string | number][]) =>
  fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');

/** Service attributes (defined at the desk, validated on every channel) and the updates feed, as a GeoReport v2 client uses them. */
describe.each(DIALECTS)('Open311 attributes and updates on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  /** A client only knows absolute URLs: it follows them as given. */
  async function fetchXml(url: string) {
    const u = new URL(url);
    const r = await ctx().app.server.inject({ method: 'GET', url: `${u.pathname}${u.search}` });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    expect(XMLValidator.validate(r.body)).toBe(true);
    return xml.parse(r.body);
  }
  async function postForm(url: string, fields: [string, string | number][]) {
    const u = new URL(url);
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: `${u.pathname}${u.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
    return { status: r.statusCode, doc: r.body.startsWith('<?xml') ? xml.parse(r.body) : JSON.parse(r.body) };
  }
  async function apiKey(): Promise<string> {
    const { f } = ctx();
    const r = await f.call('POST', '/api/apikeys', { token: await f.login('admin'), body: { name: '市民通 App' } });
    return r.body.key as string;
  }

  it('a GeoReport v2 client: discovery → services.xml at the advertised URL → definition → POST with attributes and api_key in the query → GET → updates', async () => {
    const { f, clock } = ctx();
    const discovery = await fetchXml('http://localhost/open311/v2/discovery.xml');
    const endpoint = discovery.discovery.endpoints.endpoint[0].url as string;
    expect(endpoint.endsWith('/')).toBe(false);

    const services = (await fetchXml(`${endpoint}/services.xml`)).services.service as { service_code: string; metadata: string }[];
    const road = services.find((s) => s.service_code === 'road_damage');
    expect(road?.metadata).toBe('true');
    expect(services.find((s) => s.service_code === 'city_appearance')?.metadata).toBe('false');
    const withAttributes = services.filter((s) => s.metadata === 'true').map((s) => s.service_code);
    expect(withAttributes).toEqual(expect.arrayContaining(['road_damage', 'noise']));

    const definition = (await fetchXml(`${endpoint}/services/road_damage.xml`)).service_definition;
    expect(definition.service_code).toBe('road_damage');
    const [damage, size] = definition.attributes.attribute;
    expect(damage).toMatchObject({ variable: 'true', code: 'damage_type', datatype: 'singlevaluelist', required: 'true', order: '1' });
    expect(damage.values.value.map((v: { key: string }) => v.key)).toEqual(['pothole', 'crack', 'manhole', 'pavement']);
    expect(damage.values.value[0].name).toBe('坑槽 (Pothole)');
    expect(size).toMatchObject({ code: 'size_m2', datatype: 'number', required: 'false', order: '2' });

    // The required attribute is enforced, by the name the client sent.
    const key = await apiKey();
    const at = await f.at(GRIDS.dongguan);
    const fields: [string, string | number][] = [
      ['service_code', 'road_damage'],
      ['lat', at.lat],
      ['long', at.lng],
      ['description', '人行道上有个大坑'],
      ['first_name', '师傅'],
      ['last_name', '李'],
      ['phone', '13935877777'],
    ];
    const postUrl = `${endpoint}/requests.xml?api_key=${encodeURIComponent(key)}`;
    const missing = await postForm(postUrl, fields);
    expect(missing.status).toBe(400);
    expect(missing.doc.errors.error[0].description).toContain('attribute[damage_type]');
    const wrong = await postForm(postUrl, [...fields, ['attribute[damage_type]', 'volcano']]);
    expect(wrong.status).toBe(400);
    expect(wrong.doc.errors.error[0].description).toContain('volcano');
    const unknown = await postForm(postUrl, [...fields, ['attribute[damage_type]', 'pothole'], ['attribute[colour]', 'red']]);
    expect(unknown.status).toBe(400);
    expect(unknown.doc.errors.error[0].description).toContain('attribute[colour]');
    const notNumber = await postForm(postUrl, [...fields, ['attribute[damage_type]', 'pothole'], ['attribute[size_m2]', '两平方']]);
    expect(notNumber.status).toBe(400);
    expect(notNumber.doc.errors.error[0].description).toContain('attribute[size_m2]');

    const created = await postForm(postUrl, [...fields, ['attribute[damage_type]', 'pothole'], ['attribute[size_m2]', '2.5']]);
    expect(created.status).toBe(201);
    const [answer] = created.doc.service_requests.request;
    expect(Object.keys(answer).sort()).toEqual(['service_notice', 'service_request_id']);
    const number = answer.service_request_id as string;

    const one = (await fetchXml(`${endpoint}/requests/${number}.xml`)).service_requests.request[0];
    expect(one).toMatchObject({ service_request_id: number, service_code: 'road_damage', status: 'open' });
    expect(JSON.stringify(one)).not.toContain('13935877777');
    expect(JSON.stringify(one)).not.toContain('李师傅');

    // Stored on the request and shown to staff with the request.
    const admin = await f.login('admin');
    const detail = await f.call('GET', `/api/requests/${number}`, { token: admin });
    expect(detail.body.request.attributes).toEqual({ damage_type: 'pothole', size_m2: '2.5' });

    // Staff work on it: dispatch (with an internal note), sign, an internal comment, contact, resolve with a public reply.
    const since = clock.now().toISOString();
    clock.advance(MINUTE_MS);
    const id = detail.body.request.id as string;
    const hwzx = await f.user('department_staff', 'D-ZJJ', 'zjj_sun');
    const steps: [string, Record<string, unknown>][] = [
      [admin, { action: 'dispatch', handlerUnitId: 'D-ZJJ', note: '内部：请住建局优先处理' }],
      [hwzx.token, { action: 'sign' }],
      [hwzx.token, { action: 'comment', note: '内部备注：施工队周三到' }],
      [hwzx.token, { action: 'contact', note: '内部：已电话联系李师傅 13935877777' }],
      [hwzx.token, { action: 'resolve', reply: '坑槽已修补，感谢反映' }],
    ];
    for (const [token, body] of steps) {
      const r = await f.act(token, id, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      clock.advance(5 * MINUTE_MS);
    }
    const feed = await fetchXml(`${endpoint}/servicerequestupdates.xml?start_date=${encodeURIComponent(since)}`);
    const mine = (feed.service_request_updates.request_update as Record<string, string>[]).filter((u) => u.service_request_id === number);
    expect(mine.map((u) => [u.status, u.external_status_code])).toEqual([
      ['action_scheduled', 'dispatched'],
      ['investigating', 'signed'],
      ['in_progress', 'in_progress'],
      ['fixed', 'resolved'],
    ]);
    expect(mine.at(-1)?.description).toBe('坑槽已修补，感谢反映');
    for (const u of mine) {
      expect(Object.keys(u).sort()).toEqual([
        'description',
        'external_status_code',
        'media_url',
        'service_request_id',
        'status',
        'update_id',
        'updated_datetime',
      ]);
    }
    // Never internal notes, staff names or personal data.
    const text = JSON.stringify(feed);
    for (const secret of ['内部', '施工队', 'zjj_sun', '13935877777', '李师傅', '王主任']) expect(text).not.toContain(secret);
  });

  it('servicerequestupdates: a window (start_date/end_date), updated_after, pages; JSON and XML; unpublished kinds left out', async () => {
    const { f, clock } = ctx();
    clock.advance(24 * HOUR_MS);
    for (const u of ['admin', 'grid']) f.forget(u);
    const t0 = clock.now().toISOString();
    clock.advance(MINUTE_MS);
    const r1 = await f.resolved({ body: { description: '更新一' } }); // create+dispatch, sign, contact, resolve
    clock.advance(MINUTE_MS);
    const t1 = clock.now().toISOString();
    clock.advance(MINUTE_MS);
    const grid = await f.login('grid');
    const r2 = await f.request({ body: { description: '更新二' } });
    expect((await f.act(grid, r2.id, { action: 'sign' })).status).toBe(200);
    const help = await f.request({ body: { kind: 'help', categoryCode: 'elderly_shopping', description: '代购药品' } });
    expect((await f.act(grid, help.id, { action: 'sign' })).status).toBe(200);

    const get = async (q: string) => {
      const r = await ctx().app.server.inject({ method: 'GET', url: `/open311/v2/servicerequestupdates.json?${q}` });
      expect(r.statusCode, r.body).toBe(200);
      return JSON.parse(r.body) as { update_id: string; service_request_id: string; status: string; updated_datetime: string }[];
    };
    const all = await get(`start_date=${encodeURIComponent(t0)}`);
    expect(all.map((u) => `${u.service_request_id}:${u.status}`)).toEqual([
      `${r1.number}:action_scheduled`,
      `${r1.number}:investigating`,
      `${r1.number}:in_progress`,
      `${r1.number}:fixed`,
      `${r2.number}:action_scheduled`,
      `${r2.number}:investigating`,
    ]);
    expect(all.map((u) => u.service_request_id)).not.toContain(help.number);
    // A closed window; updated_after (strictly after); pages in order without overlap.
    expect((await get(`start_date=${encodeURIComponent(t0)}&end_date=${encodeURIComponent(t1)}`)).map((u) => u.service_request_id)).toEqual(
      Array(4).fill(r1.number),
    );
    expect((await get(`updated_after=${encodeURIComponent(t1)}`)).map((u) => u.service_request_id)).toEqual([r2.number, r2.number]);
    const pages = [1, 2, 3, 4].map((page) => get(`start_date=${encodeURIComponent(t0)}&page_size=2&page=${page}`));
    const got = await Promise.all(pages);
    expect(got.map((p) => p.length)).toEqual([2, 2, 2, 0]);
    expect(got.flat()).toEqual(all);
    // XML carries the same.
    const x = await ctx().app.server.inject({
      method: 'GET',
      url: `/open311/v2/servicerequestupdates.xml?start_date=${encodeURIComponent(t0)}`,
    });
    expect(xml.parse(x.body).service_request_updates.request_update.map((u: { update_id: string }) => u.update_id)).toEqual(
      all.map((u) => u.update_id),
    );
    // Bad parameters are named.
    const bad = await ctx().app.server.inject({ method: 'GET', url: '/open311/v2/servicerequestupdates.json?page_size=5000' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)[0].description).toContain('page_size');
  });

  it('attributes are defined per category at the desk, and validated on the web form’s API too', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const cats = (await f.call('GET', '/api/categories')).body.items as { code: string; attributes: unknown[] }[];
    const wall = cats.find((c) => c.code === 'wall_damage') as Record<string, unknown>;
    expect(wall.attributes).toEqual([]);
    const { code: _code, ...rest } = wall;
    const attributes = [
      {
        code: 'wall_part',
        datatype: 'singlevaluelist',
        required: true,
        description: '哪一部分',
        values: [
          { key: 'outer', name: '外墙' },
          { key: 'stair', name: '楼道' },
        ],
      },
      {
        code: 'floors',
        datatype: 'multivaluelist',
        description: '楼层',
        values: [
          { key: '1', name: '一层' },
          { key: '2', name: '二层' },
        ],
      },
      { code: 'noticed', datatype: 'datetime', description: '发现时间' },
      // A code that is also a property of every object must not find Object's.
      { code: 'constructor', datatype: 'string', description: '施工单位' },
    ];
    const saved = await f.call('PUT', '/api/categories/wall_damage', { token: admin, body: { ...rest, attributes } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.attributes).toHaveLength(4);
    // A list without values, or duplicate codes, is refused by name.
    const noValues = await f.call('PUT', '/api/categories/wall_damage', {
      token: admin,
      body: { ...rest, attributes: [{ code: 'x', datatype: 'singlevaluelist', description: '无选项' }] },
    });
    expect(noValues.status).toBe(400);
    expect(noValues.body.error.field).toBe('attributes.0.values');
    const dup = await f.call('PUT', '/api/categories/wall_damage', {
      token: admin,
      body: { ...rest, attributes: [attributes[2], attributes[2]] },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.field).toBe('attributes');
    expect(
      (await f.call('PUT', '/api/categories/wall_damage', { token: await f.login('jiaotonglu'), body: { ...rest, attributes } })).status,
    ).toBe(403);

    // Open311 now advertises it.
    const def = await ctx().app.server.inject({ method: 'GET', url: '/open311/v2/services/wall_damage.json' });
    expect(JSON.parse(def.body).attributes.map((a: { code: string }) => a.code)).toEqual(['wall_part', 'floors', 'noticed', 'constructor']);

    // The web form's API: required, list membership, multi-value lists as arrays, dates.
    const resident = await f.login('resident');
    const at = await f.at(GRIDS.jiaotonglu);
    const file = (answers?: Record<string, unknown>) =>
      f.call('POST', '/api/requests', {
        token: resident,
        body: { categoryCode: 'wall_damage', description: '墙皮脱落', location: at, ...(answers ? { attributes: answers } : {}) },
      });
    const none = await file();
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('attributes.wall_part');
    expect((await file({ wall_part: 'roof' })).body.error.field).toBe('attributes.wall_part');
    expect((await file({ wall_part: 'outer', floors: ['1', '9'] })).body.error.field).toBe('attributes.floors');
    expect((await file({ wall_part: 'outer', noticed: '昨天' })).body.error.field).toBe('attributes.noticed');
    const ok = await file({ wall_part: 'stair', floors: ['2', '1', '2'], noticed: '2026-03-09' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.attributes).toEqual({ wall_part: 'stair', floors: ['2', '1'], noticed: '2026-03-09' });
    // The reporter sees the answers on their request too.
    expect((await f.call('GET', `/api/requests/${ok.body.id}`, { token: resident })).body.request.attributes).toEqual(ok.body.attributes);
    // Multi-value lists over Open311: attribute[code][]=a&attribute[code][]=b.
    const key = await apiKey();
    const posted = await postForm(`http://localhost/open311/v2/requests.json`, [
      ['api_key', key],
      ['service_code', 'wall_damage'],
      ['lat', at.lat],
      ['long', at.lng],
      ['description', '外墙开裂'],
      ['attribute[wall_part]', 'outer'],
      ['attribute[floors][]', '1'],
      ['attribute[floors][]', '2'],
    ]);
    expect(posted.status).toBe(201);
    const back = await f.call('GET', `/api/requests/${posted.doc[0].service_request_id}`, { token: await f.login('admin') });
    expect(back.body.request.attributes).toEqual({ wall_part: 'outer', floors: ['1', '2'] });
    // Prototype keys are plain, unknown attributes.
    const proto = await postForm(`http://localhost/open311/v2/requests.json`, [
      ['api_key', key],
      ['service_code', 'wall_damage'],
      ['lat', at.lat],
      ['long', at.lng],
      ['description', '外墙开裂'],
      ['attribute[wall_part]', 'outer'],
      ['attribute[__proto__][]', 'x'],
    ]);
    expect(proto.status).toBe(400);
    expect(proto.doc[0].description).toContain('attribute[__proto__]');
  });
});
