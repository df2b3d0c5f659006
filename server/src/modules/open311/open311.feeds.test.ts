import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const BASE = '/open311/v2';
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'request_update', 'error', 'endpoint', 'format', 'attribute', 'value'].includes(name),
});
const form = (fields: Record<string, string | number | undefined | string[]>) =>
  Object.entries(fields)
    .flatMap(([k, v]) => (v === undefined ? [] : Array.isArray(v) ? v.map((x) => [k, x]) : [[k, String(v)]]))
    .map(([k, v]) => `${encodeURIComponent(k as string)}=${encodeURIComponent(v as string)}`)
    .join('&');
const coarse = (x: number) => Math.round(x * 1000) / 1000;

/** The public feeds: what they publish (kinds, coarsened places, 公开位置), control characters, attributes, updates. */
describe.each(DIALECTS)('Open311 public feeds on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  async function get(path: string) {
    const r = await ctx().app.server.inject({ method: 'GET', url: `${BASE}${path}` });
    return { status: r.statusCode, text: r.body };
  }
  const json = async (path: string) => {
    const r = await get(path);
    expect(r.status, r.text).toBe(200);
    return JSON.parse(r.text);
  };
  async function post(
    fields: Record<string, string | number | undefined | string[]>,
    opts: { format?: 'json' | 'xml'; query?: string } = {},
  ) {
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: `${BASE}/requests.${opts.format ?? 'json'}${opts.query ? `?${opts.query}` : ''}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });
    return { status: r.statusCode, text: r.body };
  }
  let apiKey: string | null = null;
  async function key(): Promise<string> {
    if (apiKey) return apiKey;
    const { f } = ctx();
    const r = await f.call('POST', '/api/apikeys', { token: await f.login('admin'), body: { name: '第三方客户端' } });
    apiKey = r.body.key as string;
    return apiKey;
  }

  it('positions are coarsened and addresses replaced by the community unless the reporter chose 公开位置; anonymous reports never carry theirs', async () => {
    const { f, app } = ctx();
    const at = await f.at(GRIDS.jiaotonglu);
    const point = { lat: at.lat + 0.000123, lng: at.lng - 0.000321 };
    const home = '交通路5号楼3单元502室';
    const hidden = await f.request({ body: { location: point, address: home } });
    const shown = await f.request({ body: { location: point, address: '交通路与永宁路交叉口', publicLocation: true } });
    const anonymous = await f.request({
      token: null,
      body: { location: point, address: '交通路7号楼1单元101室', anonymous: true, publicLocation: true, reporterPhone: undefined },
    });
    const community = (await app.services.org.get(hidden.communityCode as string))?.name as string;
    expect(community).toMatch(/社区/);
    // Stored as chosen, shown on the request to those who may see it.
    expect(hidden.publicLocation).toBe(false);
    expect(shown.publicLocation).toBe(true);

    const byId = async (n: string) => (await json(`/requests/${n}.json`))[0];
    expect(await byId(hidden.number)).toMatchObject({ address: community, lat: coarse(point.lat), long: coarse(point.lng) });
    expect(await byId(shown.number)).toMatchObject({ address: '交通路与永宁路交叉口', lat: point.lat, long: point.lng });
    expect(await byId(anonymous.number)).toMatchObject({ address: community, lat: point.lat, long: point.lng });
    // The coarse point really is within ~100 m, and not the exact one.
    expect(Math.abs((await byId(hidden.number)).lat - point.lat)).toBeLessThanOrEqual(0.0005);
    expect((await byId(hidden.number)).lat).not.toBe(point.lat);

    // Lists, in both formats, never carry the typed addresses that were not chosen public.
    for (const path of ['/requests.json', '/requests.xml']) {
      const r = await get(path);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(home);
      expect(r.text).not.toContain('交通路7号楼1单元101室');
    }
    for (const format of ['json', 'xml']) {
      const r = await get(`/requests.${format}?service_request_id=${hidden.number}`);
      expect(r.text).not.toContain(String(point.lat));
      expect(r.text).toContain(String(coarse(point.lat)));
    }
    // The staff's own views keep the exact data.
    const admin = await f.login('admin');
    const detail = await f.call('GET', `/api/requests/${hidden.id}`, { token: admin });
    expect(detail.body.request).toMatchObject({ address: home, location: point, publicLocation: false });
  });

  it('control characters: refused by name at intake on every channel; old rows holding each C0 character still give well-formed XML', async () => {
    const { f, database } = ctx();
    const at = await f.at(GRIDS.jiaotonglu);
    // Web (resident), staff entry and place reports: a 400 naming the field.
    const web = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: { categoryCode: 'city_appearance', description: '有控制字符\u0001的描述', location: at },
    });
    expect(web.status).toBe(400);
    expect(web.body.error).toMatchObject({ field: 'description', message: expect.stringContaining('U+0001') });
    const staff = await f.call('POST', '/api/requests', {
      token: await f.login('admin'),
      body: { categoryCode: 'city_appearance', description: '代录', address: '地址\u001b[31m', location: at, reporterPhone: '13900001111' },
    });
    expect(staff.status).toBe(400);
    expect(staff.body.error.field).toBe('address');
    const attr = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: { categoryCode: 'noise', description: '夜里施工', location: at, attributes: { noise_source: '工地\u0007' } },
    });
    expect(attr.status).toBe(400);
    expect(attr.body.error.field).toBe('attributes.noise_source');
    const places = await f.call('GET', '/api/public/places');
    const placeId = places.body.items[0]?.id as string;
    const place = await f.call('POST', `/api/places/${placeId}/reports`, { body: { problem: 'dirty', description: '脏\u0002乱' } });
    expect(place.status).toBe(400);
    expect(place.body.error.field).toBe('description');
    // Open311: named in the spec's error format, attributes as the client spelled them.
    const base = { api_key: await key(), service_code: 'city_appearance', lat: at.lat, long: at.lng };
    const o1 = await post({ ...base, description: '响铃\u0007' });
    expect(o1.status).toBe(400);
    expect(JSON.parse(o1.text)[0].description).toContain('description');
    const o2 = await post({ ...base, service_code: 'noise', description: '噪音', 'attribute[noise_source]': 'KTV\u0008' });
    expect(o2.status).toBe(400);
    expect(JSON.parse(o2.text)[0].description).toContain('attribute[noise_source]');
    // Tab, newline and carriage return are text.
    const ok = await f.request({ body: { description: '第一行\n第二行\t制表\r\n第三行' } });
    expect(ok.description).toBe('第一行\n第二行\t制表\r\n第三行');

    // Rows written before the check may hold anything: put every C0 character in one directly
    // (PostgreSQL cannot store U+0000 at all, so it is left out there).
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => dialect === 'sqlite' || c !== '\u0000');
    const dirty = await f.request({ body: { description: '旧数据', publicLocation: true, address: '旧地址' } });
    await database.db
      .updateTable('requests')
      .set({ description: `前${controls.join('')}后`, address: `址${controls.join('')}尾`, reply: `复${controls.join('')}` })
      .where('id', '=', dirty.id)
      .execute();
    await database.db
      .insertInto('timeline')
      .values({
        entity_type: 'request',
        entity_id: dirty.id,
        at: ctx().clock.now().toISOString(),
        actor_id: null,
        actor_role: 'grid_worker',
        actor_unit_id: null,
        actor_name: '旧账号',
        action: 'resolve',
        from_status: 'in_progress',
        to_status: 'resolved',
        note: `回复${controls.join('')}`,
        photos: null,
        data: null,
      })
      .execute();
    for (const path of [
      '/requests.xml',
      `/requests/${dirty.number}.xml`,
      `/requests.xml?service_request_id=${dirty.number}`,
      '/servicerequestupdates.xml',
    ]) {
      const r = await get(path);
      expect(r.status, r.text).toBe(200);
      expect(XMLValidator.validate(r.text), path).toBe(true);
    }
    const one = xml.parse((await get(`/requests/${dirty.number}.xml`)).text).service_requests.request[0];
    // Tab and newline survive; every other control character is gone.
    expect(one.description.startsWith('前\t\n')).toBe(true);
    expect(one.description.endsWith('后')).toBe(true);
    expect([...one.description].filter((c) => c < ' ' && !'\t\n\r'.includes(c))).toEqual([]);
    expect(one.address.startsWith('址')).toBe(true);
    const fromJson = (await json(`/requests/${dirty.number}.json`))[0];
    expect(fromJson.description).toBe('前\t\n\r后');
    expect(fromJson.status_notes).toBe('复\t\n\r');
    const updates = xml.parse((await get('/servicerequestupdates.xml')).text).service_request_updates.request_update;
    const reply = updates.find(
      (u: { service_request_id: string; status: string }) => u.service_request_id === dirty.number && u.status === 'fixed',
    );
    expect(reply.description).toBe('回复'); // the parser trims the tab, LF and CR left at the end
    const jsonUpdates = await json('/servicerequestupdates.json');
    expect(jsonUpdates.find((u: { update_id: string }) => u.update_id === reply.update_id).description).toBe('回复\t\n\r');
  });

  it('an empty optional parameter is the same as an absent one, on every method', async () => {
    const { f } = ctx();
    const r = await f.request({ body: { description: '空参数测试' } });
    expect(await json('/services.json?jurisdiction_id=')).toEqual(await json('/services.json'));
    expect(await json('/services/road_damage.json?jurisdiction_id=')).toEqual(await json('/services/road_damage.json'));
    expect(await json(`/requests/${r.number}.json?jurisdiction_id=`)).toEqual(await json(`/requests/${r.number}.json`));
    expect(await json('/requests.json?jurisdiction_id=&service_code=&status=&start_date=&end_date=')).toEqual(await json('/requests.json'));
    expect(await json('/servicerequestupdates.json?jurisdiction_id=&start_date=')).toEqual(await json('/servicerequestupdates.json'));
    const at = await f.at(GRIDS.jiaotonglu);
    const created = await post({
      api_key: await key(),
      jurisdiction_id: '',
      email: '',
      address_string: '',
      first_name: '',
      phone: '',
      service_code: 'city_appearance',
      lat: at.lat,
      long: at.lng,
      description: '空参数的 POST',
    });
    expect(created.status, created.text).toBe(201);
    // A wrong jurisdiction is still a 404.
    expect((await get('/services.json?jurisdiction_id=140100')).status).toBe(404);
  });

  it('api_key is accepted in the query string of a POST; a wrong one there is a 403', async () => {
    const at = await ctx().f.at(GRIDS.jiaotonglu);
    const fields = { service_code: 'city_appearance', lat: at.lat, long: at.lng, description: '查询串里的 api_key' };
    const r = await post(fields, { query: `api_key=${encodeURIComponent(await key())}` });
    expect(r.status, r.text).toBe(201);
    expect(JSON.parse(r.text)[0].service_request_id).toMatch(/^LX\d{12}$/);
    const bad = await post(fields, { query: 'api_key=lx_wrong' });
    expect(bad.status).toBe(403);
    expect(JSON.parse(bad.text)[0].description).toContain('api_key');
  });

  it('descriptions up to 4,000 characters on every channel, and no more', async () => {
    const { f } = ctx();
    const at = await f.at(GRIDS.jiaotonglu);
    const long = '长'.repeat(4000);
    const web = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: { categoryCode: 'city_appearance', description: long, location: at },
    });
    expect(web.status, JSON.stringify(web.body)).toBe(201);
    expect(web.body.description).toHaveLength(4000);
    const tooLong = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: { categoryCode: 'city_appearance', description: `${long}长`, location: at },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe('description');
    const staff = await f.call('POST', '/api/requests', {
      token: await f.login('admin'),
      body: { categoryCode: 'city_appearance', description: long, location: at, reporterPhone: '13900002222' },
    });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    const base = { api_key: await key(), service_code: 'city_appearance', lat: at.lat, long: at.lng };
    const o = await post({ ...base, description: long });
    expect(o.status, o.text).toBe(201);
    expect((await json(`/requests/${JSON.parse(o.text)[0].service_request_id}.json`))[0].description).toHaveLength(4000);
    expect((await post({ ...base, description: `${long}长` })).status).toBe(400);
    const places = await f.call('GET', '/api/public/places');
    const place = await f.call('POST', `/api/places/${places.body.items[0].id}/reports`, { body: { problem: 'other', description: long } });
    expect(place.status, JSON.stringify(place.body)).toBe(201);
  });
});
