/**
 * 便民地图 over HTTP on both databases, on the demo baseline (grids, accounts, demo places):
 * types and their fields, the demo figures, nearest / open now / search, what the public sees
 * (non-public places, masked mobiles), the desk's create/update rules (validation, scope,
 * versions), station check-ins and events, problem reports as requests, the public API and
 * feed, and a second app instance on the same database.
 *
 * The clock is the test app's FixedClock, at T0 = Tuesday 2026-03-10 10:00 China time (a
 * working day); tests that move it put it back.
 */

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GRIDS } from '../../test/factories.js';
import { T0, useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { distanceMetres, type Point } from '../org/geo.js';
import { STATION_FACILITIES } from './place-types.js';

const JIAOTONGLU = '141102001002';
const DONGGUAN = '141102001001';
const BINHE = '141102001';
/** A moment in China time. */
const at = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;
const uniq = () => Math.random().toString(36).slice(2, 8);

describe.each(DIALECTS)('places over HTTP on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  const token = (who: string) => ctx().f.login(who);
  /** Calls as a demo account (or anonymously with null). */
  const as = async (who: string | null, method: string, url: string, body?: unknown) =>
    ctx().f.call(method, url, { token: who ? await token(who) : null, body });
  const near = async (grid: string, dLat = 0, dLng = 0): Promise<Point> => {
    const p = await ctx().f.at(grid);
    return { lat: p.lat + dLat, lng: p.lng + dLng };
  };
  const station = async (extra: Record<string, unknown> = {}) => ({
    typeCode: 'station',
    name: `测试驿站-${uniq()}`,
    address: '交通路12号',
    location: await near(GRIDS.jiaotonglu, 0.0003, 0.0003),
    contactPhone: '0358-8221234',
    hours: { kind: 'always' },
    attrs: { facilities: ['饮水', '热饭/微波炉', '充电'], capacity: 12, area: 40 },
    ...extra,
  });
  /** Creates a place as `who` and returns its view (expects 201). */
  const create = async (who: string, body: Record<string, unknown>) => {
    const r = await as(who, 'POST', '/api/places', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const withClock = async <T>(local: string, fn: () => Promise<T>): Promise<T> => {
    ctx().clock.set(at(local));
    try {
      return await fn();
    } finally {
      ctx().clock.set(T0);
    }
  };
  /** Every public place of a type through the public list (pages of 500). */
  const allPublic = async (type?: string, extra = '') => {
    const items: any[] = [];
    for (let page = 1; ; page++) {
      const r = await as(null, 'GET', `/api/places?pageSize=500&page=${page}${type ? `&type=${type}` : ''}${extra}`);
      expect(r.status).toBe(200);
      items.push(...r.body.items);
      if (items.length >= r.body.total || r.body.items.length === 0) return items;
    }
  };
  const placeCount = async () => {
    const r = await ctx()
      .database.db.selectFrom('places')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };

  describe('types', () => {
    it('ships the default types with their own fields', async () => {
      const r = await as(null, 'GET', '/api/place-types');
      expect(r.status).toBe(200);
      const byCode = new Map<string, any>(r.body.items.map((t: any) => [t.code, t]));
      for (const code of ['station', 'service_center', 'canteen', 'toilet', 'parking', 'smoke_point'])
        expect(byCode.has(code), code).toBe(true);
      const fields = (code: string) => Object.fromEntries(byCode.get(code).fields.map((f: any) => [f.key, f]));
      expect(fields('station').facilities.options).toEqual(
        expect.arrayContaining(['饮水', '热饭/微波炉', '如厕', '休息', '充电', '药箱', '阅览']),
      );
      expect(fields('station').capacity.type).toBe('number');
      expect(fields('station').area.type).toBe('number');
      expect(Object.keys(fields('canteen'))).toEqual(expect.arrayContaining(['menuToday', 'priceFrom', 'elderlyDiscount', 'delivery']));
      expect(fields('parking').spaces.type).toBe('number');
      expect(fields('smoke_point').installStatus).toMatchObject({ type: 'enum', options: ['planned', 'installed', 'removed'] });
    });

    it('are configurable by the command centre only, and a new type’s fields are enforced', async () => {
      const code = `kiosk_${uniq()}`;
      const def = {
        name: '报刊亭',
        nameEn: 'Kiosk',
        icon: 'read',
        fields: [{ key: 'papers', label: '报刊种类', labelEn: 'Papers', type: 'number', unit: '种' }],
      };
      expect((await as('jiaotonglu', 'PUT', `/api/place-types/${code}`, def)).status).toBe(403);
      expect((await as(null, 'PUT', `/api/place-types/${code}`, def)).status).toBe(401);
      const saved = await as('admin', 'PUT', `/api/place-types/${code}`, def);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect((await as(null, 'GET', '/api/place-types')).body.items.map((t: any) => t.code)).toContain(code);
      const base = { typeCode: code, name: `报刊亭-${uniq()}`, location: await near(GRIDS.jiaotonglu), hours: { kind: 'always' } };
      const bad = await as('admin', 'POST', '/api/places', { ...base, attrs: { papers: 'many' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('attrs.papers');
      const ok = await create('admin', { ...base, attrs: { papers: 12 } });
      expect(ok.typeName).toBe('报刊亭');
      expect(ok.attrs).toEqual({ papers: 12 });
    });
  });

  describe('demo data', () => {
    it('has the seed’s figures, inside the district, in 离石区’s communities, marked demo', async () => {
      const rows = await ctx().database.db.selectFrom('places').selectAll().where('demo', '=', 1).execute();
      const count = (type: string) => rows.filter((r) => r.type_code === type).length;
      expect(count('station')).toBe(50);
      expect(count('canteen')).toBe(4);
      expect(count('smoke_point')).toBe(500);
      expect(rows.filter((r) => r.type_code === 'smoke_point' && JSON.parse(r.attrs).installStatus === 'installed').length).toBe(400);
      expect(count('service_center')).toBeGreaterThanOrEqual(30);
      expect(count('toilet')).toBeGreaterThan(0);
      expect(count('parking')).toBeGreaterThan(0);
      const org = ctx().app.services.org;
      const units = new Map((await org.list()).map((u) => [u.id, u]));
      for (const r of rows) {
        expect(org.inDistrict(r), `${r.name} at ${r.lat},${r.lng}`).toBe(true);
        const c = units.get(r.community_code ?? '');
        expect(c?.kind, r.name).toBe('community');
        expect(c?.district_code).toBe('141102');
        expect(r.street_code).toBe(c?.street_code);
      }
      // …and the public sees them as demo data, with the station facilities and canteen menus
      const stations = await allPublic('station');
      expect(stations.filter((s) => s.demo).length).toBe(50);
      for (const s of stations.filter((x) => x.demo)) {
        expect(s.attrs.facilities).toEqual(expect.arrayContaining(['饮水', '休息']));
        for (const fac of s.attrs.facilities) expect(STATION_FACILITIES).toContain(fac);
      }
      const canteens = (await allPublic('canteen')).filter((c) => c.demo);
      expect(canteens).toHaveLength(4);
      for (const c of canteens) {
        expect(c.attrs.menuToday).toBeTruthy();
        expect(typeof c.attrs.priceFrom).toBe('number');
        expect(c.attrs.elderlyDiscount).toBeTruthy();
      }
    });
  });

  describe('finding places', () => {
    it('nearest open stations from a point: stations only, nearest first, with facilities — the same as a full scan', async () => {
      const p = await near(GRIDS.dongguan, 0.001, -0.001);
      const r = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=station&openNow=1&limit=10`);
      expect(r.status).toBe(200);
      const items = r.body.items as any[];
      expect(items).toHaveLength(10);
      for (const it of items) {
        expect(it.typeCode).toBe('station');
        expect(it.openNow).toBe(true);
        expect(Array.isArray(it.attrs.facilities)).toBe(true);
        expect(typeof it.distanceMetres).toBe('number');
        expect(Math.abs(it.distanceMetres - distanceMetres(p, it.location))).toBeLessThanOrEqual(0.5);
      }
      for (let i = 1; i < items.length; i++) expect(items[i].distanceMetres).toBeGreaterThanOrEqual(items[i - 1].distanceMetres);
      const scan = (await allPublic('station'))
        .filter((s) => s.openNow && s.status === 'active')
        .map((s) => ({ id: s.id, d: distanceMetres(p, s.location) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10);
      expect(items.map((i) => i.id)).toEqual(scan.map((s) => s.id));
    });

    it('nearest without a type mixes types; an unknown type is a 400, a type without places an empty list', async () => {
      const p = await near(GRIDS.jiaotonglu);
      const r = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&limit=50`);
      expect(r.status).toBe(200);
      expect(new Set(r.body.items.map((i: any) => i.typeCode)).size).toBeGreaterThan(1);
      const bad = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=spaceport`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('type');
      const code = `empty_${uniq()}`;
      expect((await as('admin', 'PUT', `/api/place-types/${code}`, { name: '空类型', nameEn: 'Empty', fields: [] })).status).toBe(200);
      const none = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=${code}`);
      expect(none.status).toBe(200);
      expect(none.body.items).toEqual([]);
      expect((await as(null, 'GET', `/api/places/nearest?lat=91&lng=${p.lng}`)).status).toBe(400);
    });

    it('open now follows the clock: off-hours car parks on a working Tuesday, a holiday Saturday and a make-up working Sunday', async () => {
      const p = await near(GRIDS.jiaotonglu);
      const nearestParking = async () => {
        const r = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=parking&openNow=1&limit=50`);
        expect(r.status).toBe(200);
        return r.body.items as any[];
      };
      const parkings = await allPublic('parking');
      expect(parkings.length).toBeGreaterThan(0);
      const offWork = parkings.filter(
        (x) => x.hours.kind === 'off_work' && x.hours.workStart === '08:00' && x.hours.workEnd === '18:00' && x.status === 'active',
      );
      expect(offWork.length).toBe(parkings.length); // the demo's car parks are all 错时 08:00–18:00
      const openList = async () => (await as(null, 'GET', '/api/places?type=parking&openNow=1&pageSize=500')).body.total as number;

      expect(await nearestParking()).toEqual([]); // Tuesday 10:00: office hours
      expect(await openList()).toBe(0);
      await withClock('2026-03-10 19:00', async () => {
        expect((await nearestParking()).length).toBe(offWork.length);
        expect(await openList()).toBe(offWork.length);
      });
      await withClock('2026-01-03 10:00', async () => expect((await nearestParking()).length).toBe(offWork.length)); // 元旦 Saturday
      await withClock('2026-01-04 10:00', async () => expect(await nearestParking()).toEqual([])); // 调休上班 Sunday
      await withClock('2026-01-04 18:30', async () => expect((await nearestParking()).length).toBe(offWork.length));
      // the detail page says the same
      const one = offWork[0];
      expect((await as(null, 'GET', `/api/places/${one.id}`)).body.openNow).toBe(false);
      await withClock('2026-03-14 10:00', async () => expect((await as(null, 'GET', `/api/places/${one.id}`)).body.openNow).toBe(true));
    });

    it('a closed or removed place is never open; removed places disappear', async () => {
      const created = await create('admin', await station({ name: `停用驿站-${uniq()}` }));
      const put = (status: string, version: number) =>
        as('admin', 'PUT', `/api/places/${created.id}`, { ...withoutView(created), status, version });
      const closed = await put('closed', 1);
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
      expect(closed.body.openNow).toBe(false);
      const p = created.location;
      const nearest = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=station&limit=50`);
      expect(nearest.body.items.map((i: any) => i.id)).not.toContain(created.id);
      expect((await put('removed', 2)).status).toBe(200);
      expect((await as(null, 'GET', `/api/places?q=${encodeURIComponent(created.name)}`)).body.total).toBe(0);
      // nothing is deleted
      expect(await ctx().database.db.selectFrom('places').select('status').where('id', '=', created.id).executeTakeFirst()).toEqual({
        status: 'removed',
      });
    });

    it('search by name or address, and filter by type and community', async () => {
      const tag = uniq();
      const a = await create('admin', await station({ name: `龙凤驿站${tag}`, address: '朝阳街1号' }));
      const b = await create('admin', await station({ name: `朝阳驿站`, address: `龙凤大街${tag}号` }));
      const byName = await as(null, 'GET', `/api/places?q=${encodeURIComponent(`龙凤驿站${tag}`)}`);
      expect(byName.body.items.map((i: any) => i.id)).toEqual([a.id]);
      const byAddress = await as(null, 'GET', `/api/places?q=${encodeURIComponent(`龙凤大街${tag}`)}`);
      expect(byAddress.body.items.map((i: any) => i.id)).toEqual([b.id]);
      const both = await as(null, 'GET', `/api/places?q=${encodeURIComponent(tag)}`);
      expect(both.body.items.map((i: any) => i.id).sort()).toEqual([a.id, b.id].sort());
      expect((await as(null, 'GET', `/api/places?q=${encodeURIComponent(tag)}&type=canteen`)).body.total).toBe(0);
      expect((await as(null, 'GET', `/api/places?q=${encodeURIComponent(tag)}&communityCode=${DONGGUAN}`)).body.total).toBe(0);
      expect((await as(null, 'GET', `/api/places?q=${encodeURIComponent(tag)}&communityCode=${JIAOTONGLU}`)).body.total).toBe(2);
      expect((await as(null, 'GET', `/api/places?q=${encodeURIComponent(tag)}&communityCode=${BINHE}`)).body.total).toBe(2); // a street code covers its communities
      // the list's pages cover the whole, without overlap
      const p1 = await as(null, 'GET', '/api/places?type=smoke_point&pageSize=300&page=1');
      const p2 = await as(null, 'GET', '/api/places?type=smoke_point&pageSize=300&page=2');
      expect(p1.body.total).toBe(p2.body.total);
      const ids = [...p1.body.items, ...p2.body.items].map((i: any) => i.id);
      expect(new Set(ids).size).toBe(Math.min(600, p1.body.total));
    });
  });

  describe('what the public sees', () => {
    it('a non-public place is hidden from the public list, nearest, detail, public API and feed, but its managers see it', async () => {
      const hidden = await create('jiaotonglu', await station({ name: `内部驿站-${uniq()}`, public: false }));
      expect(hidden.public).toBe(false);
      const q = encodeURIComponent(hidden.name);
      const p = hidden.location;
      expect((await as(null, 'GET', `/api/places?q=${q}`)).body.total).toBe(0);
      expect((await as('resident', 'GET', `/api/places?q=${q}`)).body.total).toBe(0);
      expect((await as(null, 'GET', `/api/public/places?q=${q}`)).body.total).toBe(0);
      const nearest = await as(null, 'GET', `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=station&limit=50`);
      expect(nearest.body.items.map((i: any) => i.id)).not.toContain(hidden.id);
      expect(nearest.body.items.length).toBeGreaterThan(0);
      const feed = await as(null, 'GET', '/api/public/places.geojson?type=station');
      expect(feed.status).toBe(200);
      const features = (typeof feed.body === 'string' ? JSON.parse(feed.body) : feed.body).features as any[];
      expect(features.length).toBeGreaterThan(0);
      expect(features.map((x) => x.id)).not.toContain(hidden.id);
      for (const who of [null, 'resident', 'dongguan', 'hwzx']) {
        const r = await as(who, 'GET', `/api/places/${hidden.id}`);
        expect(r.status, String(who)).toBe(404);
      }
      for (const who of ['jiaotonglu', 'binhe', 'admin']) {
        const r = await as(who, 'GET', `/api/places/${hidden.id}`);
        expect(r.status, who).toBe(200);
        const manage = await as(who, 'GET', `/api/places/manage?q=${q}`);
        expect(
          manage.body.items.map((i: any) => i.id),
          who,
        ).toEqual([hidden.id]);
      }
      expect((await as('dongguan', 'GET', `/api/places/manage?q=${q}`)).body.total).toBe(0);
      expect((await as('resident', 'GET', `/api/places/manage?q=${q}`)).status).toBe(403);
      // check-ins and reports at a non-public place: there is no such place for the public
      expect((await as(null, 'POST', `/api/places/${hidden.id}/checkins`, { group: '快递员' })).status).toBe(404);
      expect((await as(null, 'POST', `/api/places/${hidden.id}/reports`, { problem: 'dirty', description: '很脏' })).status).toBe(404);
    });

    it('personal mobile numbers (and the name beside them) are masked for the public, landlines are not; managers see them', async () => {
      const tag = uniq();
      const canteen = await create('jiaotonglu', {
        typeCode: 'canteen',
        name: `幸福食堂${tag}`,
        location: await near(GRIDS.jiaotonglu, -0.0004),
        contactName: '王建国',
        contactPhone: '13935800077',
        hours: { kind: 'weekly', week: Array.from({ length: 7 }, () => [['06:30', '20:00']]), holidays: 'weekly' },
        attrs: { menuToday: '刀削面', priceFrom: 8, elderlyDiscount: '八折', delivery: true },
      });
      const landline = await create(
        'jiaotonglu',
        await station({ name: `座机驿站${tag}`, contactName: '值班室', contactPhone: '0358-8221234' }),
      );
      const pub = await as(null, 'GET', `/api/places/${canteen.id}`);
      expect(pub.body.contact).toEqual({ name: '王**', phone: '139****0077', phoneMasked: true });
      const list = await as(null, 'GET', `/api/places?q=${tag}`);
      const fromList = list.body.items.find((i: any) => i.id === canteen.id);
      expect(fromList.contact.phone).toBe('139****0077');
      expect(JSON.stringify(list.body)).not.toContain('13935800077');
      expect(JSON.stringify(list.body)).not.toContain('王建国');
      const api = await as(null, 'GET', `/api/public/places?q=${tag}`);
      expect(api.headers['access-control-allow-origin']).toBe('*');
      expect(JSON.stringify(api.body)).not.toContain('13935800077');
      const feed = await as(null, 'GET', '/api/public/places.geojson?type=canteen');
      const feedText = typeof feed.body === 'string' ? feed.body : JSON.stringify(feed.body);
      expect(feedText).toContain(canteen.id);
      expect(feedText).not.toContain('13935800077');
      expect(feedText).not.toContain('王建国');
      const landPub = await as(null, 'GET', `/api/places/${landline.id}`);
      expect(landPub.body.contact).toEqual({ name: '值班室', phone: '0358-8221234', phoneMasked: false });
      // the demo canteens' mobiles too
      for (const c of (await allPublic('canteen')).filter((x) => x.demo)) expect(c.contact.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      // the managers see the number
      const mine = await as('jiaotonglu', 'GET', `/api/places/${canteen.id}`);
      expect(mine.body.contact).toEqual({ name: '王建国', phone: '13935800077', phoneMasked: false });
      const other = await as('resident', 'GET', `/api/places/${canteen.id}`);
      expect(other.body.contact.phone).toBe('139****0077');
      const dongguan = await as('dongguan', 'GET', `/api/places/${canteen.id}`);
      expect(dongguan.body.contact.phone).toBe('139****0077');
      // the desk list is masked for managers too; their detail view is audited
      const desk = await as('jiaotonglu', 'GET', `/api/places/manage?q=${tag}`);
      expect(desk.body.items.find((i: any) => i.id === canteen.id).contact.phone).toBe('139****0077');
      const audit = await as('admin', 'GET', `/api/audit?entityType=place&entityId=${canteen.id}&action=place.contact_viewed`);
      expect(audit.body.items).toHaveLength(1);
    });
  });

  describe('the desk: create and update', () => {
    it('rejects an unknown type, a point outside the district and attributes that do not fit the type — 400 naming the field, nothing written', async () => {
      const before = await placeCount();
      const cases: [Record<string, unknown>, string][] = [
        [{ typeCode: 'spaceport' }, 'typeCode'],
        [{ location: { lat: 39.9042, lng: 116.4074 } }, 'location'], // 北京
        [{ location: { lat: 37.52, lng: 111.7 } }, 'location'], // just east of 离石区, in 中阳/柳林
        [{ attrs: { capacity: 'many' } }, 'attrs.capacity'],
        [{ attrs: { capacity: -3 } }, 'attrs.capacity'],
        [{ attrs: { facilities: '饮水' } }, 'attrs.facilities'],
        [{ attrs: { colour: 'red' } }, 'attrs.colour'],
        [{ typeCode: 'smoke_point', attrs: { installStatus: 'broken' } }, 'attrs.installStatus'],
        [{ typeCode: 'canteen', attrs: { delivery: '是' } }, 'attrs.delivery'],
        [{ hours: { kind: 'weekly', week: [[], [], []] } }, 'hours.week'],
        [{ hours: { kind: 'off_work', workStart: '8点', workEnd: '18:00' } }, 'hours.workStart'],
        [{ contactPhone: '12345' }, 'contactPhone'],
        [{ name: '   ' }, 'name'],
        [{ communityCode: '141102999999' }, 'communityCode'],
        [{ managingUnitId: 'D-NOPE' }, 'managingUnitId'],
      ];
      for (const [patch, field] of cases) {
        const r = await as('admin', 'POST', '/api/places', { ...(await station()), ...patch });
        expect(r.status, `${JSON.stringify(patch)} → ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.code).toBe('VALIDATION_FAILED');
        expect(r.body.error.field ?? r.body.error.issues?.[0]?.field, JSON.stringify(patch)).toBe(field);
        expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
        expect(r.body.error.messageEn).toMatch(/[A-Za-z]{3}/);
      }
      // every problem at once, not just the first
      const many = await as('admin', 'POST', '/api/places', {
        ...(await station()),
        location: { lat: 39.9, lng: 116.4 },
        attrs: { capacity: 'x', colour: 1 },
      });
      expect(many.status).toBe(400);
      expect(many.body.error.issues.map((i: any) => i.field).sort()).toEqual(['attrs.capacity', 'attrs.colour', 'location']);
      expect(await placeCount()).toBe(before);
    });

    it('scope: community staff add and edit in their community only; a department edits what it manages; residents cannot', async () => {
      const mine = await create('jiaotonglu', await station());
      expect(mine.communityCode).toBe(JIAOTONGLU);
      expect(mine.streetCode).toBe(BINHE);
      // another community's place: not theirs to add…
      const elsewhere = await as('jiaotonglu', 'POST', '/api/places', await station({ location: await near(GRIDS.dongguan) }));
      expect(elsewhere.status).toBe(403);
      const wrongCommunity = await as('jiaotonglu', 'POST', '/api/places', await station({ communityCode: DONGGUAN }));
      expect(wrongCommunity.status).toBe(403);
      // …nor to edit (it does not exist for them)
      const theirs = await create('dongguan', await station({ location: await near(GRIDS.dongguan) }));
      const edit = await as('jiaotonglu', 'PUT', `/api/places/${theirs.id}`, { ...withoutView(theirs), name: '改名' });
      expect([403, 404]).toContain(edit.status);
      expect((await as(null, 'GET', `/api/places/${theirs.id}`)).body.name).toBe(theirs.name);
      // moving one's own place out of the community is refused (the point is located anew: no communityCode given)
      const move = await as('jiaotonglu', 'PUT', `/api/places/${mine.id}`, {
        ...withoutView(mine),
        communityCode: null,
        location: await near(GRIDS.dongguan),
        version: 1,
      });
      expect(move.status).toBe(403);
      expect((await as(null, 'GET', `/api/places/${mine.id}`)).body.location).toEqual(mine.location);
      // the street edits places of its communities
      const byStreet = await as('binhe', 'PUT', `/api/places/${theirs.id}`, {
        ...withoutView(theirs),
        name: `${theirs.name}（街道改）`,
        version: 1,
      });
      expect(byStreet.status, JSON.stringify(byStreet.body)).toBe(200);
      // a department: places it manages, anywhere in the district
      const hw = await create('hwzx', await station({ managingUnitId: 'D-HWZX', location: await near(GRIDS.dongguan, 0.0005) }));
      expect(hw.managingUnit).toEqual({ id: 'D-HWZX', name: expect.any(String) });
      expect((await as('hwzx', 'POST', '/api/places', await station())).status).toBe(403); // not managed by it
      expect((await as('hwzx', 'PUT', `/api/places/${mine.id}`, { ...withoutView(mine), name: 'x' })).status).toBe(404);
      expect((await as('resident', 'POST', '/api/places', await station())).status).toBe(403);
      expect((await as(null, 'POST', '/api/places', await station())).status).toBe(401);
      expect((await as('volunteer', 'PUT', `/api/places/${mine.id}`, withoutView(mine))).status).toBe(403);
    });

    it('versions: an edit based on an old version is a 409 and changes nothing', async () => {
      const p = await create('jiaotonglu', await station());
      expect(p.version).toBe(1);
      const first = await as('jiaotonglu', 'PUT', `/api/places/${p.id}`, { ...withoutView(p), name: `${p.name}-甲`, version: 1 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await as('admin', 'PUT', `/api/places/${p.id}`, { ...withoutView(p), name: `${p.name}-乙`, version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('CONFLICT');
      const now = await as(null, 'GET', `/api/places/${p.id}`);
      expect([now.body.name, now.body.version]).toEqual([`${p.name}-甲`, 2]);
      // the audit keeps both the creation and the one edit
      const audit = await ctx().database.db.selectFrom('audit_log').select('action').where('entity_id', '=', p.id).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['place.created', 'place.updated']);
    });
  });

  describe('stations: check-ins and events', () => {
    it('counts check-ins per station and worker group, stores no personal data, and scopes the statistics', async () => {
      const a = await create('jiaotonglu', await station({ name: `签到驿站A-${uniq()}` }));
      const b = await create('dongguan', await station({ name: `签到驿站B-${uniq()}`, location: await near(GRIDS.dongguan) }));
      const checkin = async (who: string | null, id: string, body: Record<string, unknown>) => {
        const r = await as(who, 'POST', `/api/places/${id}/checkins`, body);
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      };
      await checkin(null, a.id, { group: '环卫工人' });
      await checkin(null, a.id, { group: '环卫工人', people: 3 });
      await checkin('resident', a.id, { group: '外卖骑手', people: 2 });
      await checkin(null, b.id, { group: '快递员', people: 5 });
      expect((await as(null, 'POST', `/api/places/${a.id}/checkins`, { group: '路人' })).status).toBe(400);
      expect((await as(null, 'POST', `/api/places/${a.id}/checkins`, { group: '快递员', people: 0 })).status).toBe(400);
      expect((await as(null, 'POST', `/api/places/${a.id}/checkins`, { group: '快递员', name: '张三' })).status).toBe(400);
      const toilet = (await allPublic('toilet'))[0];
      expect((await as(null, 'POST', `/api/places/${toilet.id}/checkins`, { group: '快递员' })).status).toBe(400);

      const detail = await as(null, 'GET', `/api/places/${a.id}`);
      expect(detail.body.checkins.sort((x: any, y: any) => x.group.localeCompare(y.group))).toEqual(
        [
          { group: '环卫工人', people: 4 },
          { group: '外卖骑手', people: 2 },
        ].sort((x, y) => x.group.localeCompare(y.group)),
      );
      // what is stored: the station, the group, how many, when — nothing about who
      const rows = await ctx().database.db.selectFrom('place_checkins').selectAll().where('place_id', '=', a.id).execute();
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(Object.keys(r).sort()).toEqual(['at', 'id', 'month', 'people', 'place_id', 'worker_group']);

      const stats = async (who: string, month = '2026-03') => {
        const r = await as(who, 'GET', `/api/places/checkins/stats?month=${month}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return r.body as {
          stations: { placeId: string; total: number; groups: Record<string, number> }[];
          groups: Record<string, number>;
          total: number;
        };
      };
      const admin = await stats('admin');
      expect(admin.stations.find((s) => s.placeId === a.id)).toMatchObject({ total: 6, groups: { 环卫工人: 4, 外卖骑手: 2 } });
      expect(admin.stations.find((s) => s.placeId === b.id)).toMatchObject({ total: 5, groups: { 快递员: 5 } });
      expect(admin.total).toBe(admin.stations.reduce((n, s) => n + s.total, 0));
      expect(admin.total).toBe(Object.values(admin.groups).reduce((n, x) => n + x, 0));
      const jt = await stats('jiaotonglu');
      expect(jt.stations.map((s) => s.placeId)).toContain(a.id);
      expect(jt.stations.map((s) => s.placeId)).not.toContain(b.id);
      const dg = await stats('dongguan');
      expect(dg.stations.map((s) => s.placeId)).toContain(b.id);
      expect(dg.stations.map((s) => s.placeId)).not.toContain(a.id);
      expect((await stats('binhe')).stations.map((s) => s.placeId)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect((await stats('admin', '2026-02')).stations.map((s) => s.placeId)).not.toContain(a.id);
      expect((await as('resident', 'GET', '/api/places/checkins/stats')).status).toBe(403);
      // a new month starts from zero on the detail page
      await withClock('2026-04-01 09:00', async () => expect((await as(null, 'GET', `/api/places/${a.id}`)).body.checkins).toEqual([]));
    });

    it('managers post events; the detail shows the coming ones', async () => {
      const s = await create('jiaotonglu', await station());
      const post = (who: string | null, body: Record<string, unknown>) => as(who, 'POST', `/api/places/${s.id}/events`, body);
      const talk = await post('jiaotonglu', {
        title: '交通安全讲座',
        organiser: '区交警大队',
        startsAt: at('2026-03-12 15:00'),
        endsAt: at('2026-03-12 16:30'),
      });
      expect(talk.status, JSON.stringify(talk.body)).toBe(201);
      expect(
        (await post('jiaotonglu', { title: '已结束的活动', startsAt: at('2026-03-01 09:00'), endsAt: at('2026-03-01 10:00') })).status,
      ).toBe(201);
      expect((await post('dongguan', { title: '别人家的活动', startsAt: at('2026-03-12 09:00') })).status).toBe(404);
      expect((await post('resident', { title: '居民活动', startsAt: at('2026-03-12 09:00') })).status).toBe(403);
      expect(
        (await post('jiaotonglu', { title: '倒着的活动', startsAt: at('2026-03-12 09:00'), endsAt: at('2026-03-12 08:00') })).status,
      ).toBe(400);
      expect((await post('jiaotonglu', { title: '', startsAt: at('2026-03-12 09:00') })).status).toBe(400);
      const detail = await as(null, 'GET', `/api/places/${s.id}`);
      expect(detail.body.events.map((e: any) => e.title)).toEqual(['交通安全讲座']);
      expect(detail.body.events[0]).toMatchObject({
        organiser: '区交警大队',
        startsAt: '2026-03-12T07:00:00.000Z',
        endsAt: '2026-03-12T08:30:00.000Z',
      });
      // once it is over it is no longer shown
      await withClock('2026-03-12 17:00', async () => expect((await as(null, 'GET', `/api/places/${s.id}`)).body.events).toEqual([]));
    });
  });

  describe('problem reports', () => {
    it('become a request dispatched to the place’s managing unit, seen by that unit’s staff', async () => {
      const toilet = await create('admin', {
        typeCode: 'toilet',
        name: `环卫公厕-${uniq()}`,
        address: '滨河北路',
        location: await near(GRIDS.jiaotonglu, 0.0006),
        managingUnitId: 'D-HWZX',
        hours: { kind: 'weekly', week: Array.from({ length: 7 }, () => [['06:00', '22:00']]), holidays: 'weekly' },
        attrs: { accessible: true },
      });
      const r = await as('resident', 'POST', `/api/places/${toilet.id}/reports`, { problem: 'dirty', description: '地面很脏，洗手池没水' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ status: 'dispatched', handlerUnitId: 'D-HWZX' });
      expect(r.body.number).toMatch(/^LX20260310\d{4}$/);
      const list = await as('hwzx', 'GET', `/api/requests?q=${r.body.number}`);
      expect(list.status).toBe(200);
      const found = list.body.items.find((i: any) => i.number === r.body.number);
      expect(found).toMatchObject({ categoryCode: 'facility', handlerUnitId: 'D-HWZX', status: 'dispatched' });
      expect(found.title).toContain(toilet.name);
      expect(found.title).toContain('卫生问题');
      const detail = await as('hwzx', 'GET', `/api/requests/${found.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.actions).toContain('sign');
      // another department does not see it
      const other = await ctx().f.user('department_staff', 'D-CGJ');
      const theirs = await ctx().f.call('GET', `/api/requests?q=${r.body.number}`, { token: other.token });
      expect(theirs.body.items.map((i: any) => i.number)).not.toContain(r.body.number);

      // anonymously, without a phone: a tracking code comes back
      const anon = await as(null, 'POST', `/api/places/${toilet.id}/reports`, {
        problem: 'broken',
        description: '冲水坏了',
        anonymous: true,
      });
      expect(anon.status).toBe(201);
      expect(anon.body.handlerUnitId).toBe('D-HWZX');
      expect(anon.body.trackCode).toMatch(/^[0-9A-F]{8}$/);
      expect((await as(null, 'POST', `/api/places/${toilet.id}/reports`, { problem: 'nonsense', description: 'x' })).status).toBe(400);
    });

    it('a place without a managing unit leaves the request to the command centre', async () => {
      const s = await create('admin', await station({ managingUnitId: null }));
      const r = await as('resident', 'POST', `/api/places/${s.id}/reports`, {
        problem: 'closed',
        description: '说是24小时开放，晚上锁门了',
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: 'accepted', handlerUnitId: null });
    });

    it('is created and dispatched together or not at all: a failing dispatch leaves no request, and the retry files one', async () => {
      const { database, dialect } = ctx();
      const db = database.db;
      const toilet = await create('admin', {
        typeCode: 'toilet',
        name: `原子公厕-${uniq()}`,
        address: '滨河北路',
        location: await near(GRIDS.jiaotonglu, 0.0006),
        managingUnitId: 'D-HWZX',
        hours: { kind: 'weekly', week: Array.from({ length: 7 }, () => [['06:00', '22:00']]), holidays: 'weekly' },
        attrs: { accessible: true },
      });
      const description = `原子性检查 ${uniq()}`;
      const filed = async () =>
        Number(
          (
            await db
              .selectFrom('requests')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('description', '=', description)
              .executeTakeFirstOrThrow()
          ).n,
        );
      // The database refuses the dispatch's timeline entry: the second step of the report fails.
      if (dialect === 'sqlite')
        await sql`create trigger fail_place_dispatch before insert on timeline when new.action = 'dispatch' and new.note like '场所问题%' begin select raise(abort, 'dispatch refused'); end`.execute(
          db,
        );
      else {
        await sql`create or replace function fail_place_dispatch() returns trigger as $$ begin if new.action = 'dispatch' and new.note like '场所问题%' then raise exception 'dispatch refused'; end if; return new; end $$ language plpgsql`.execute(
          db,
        );
        await sql`create trigger fail_place_dispatch before insert on timeline for each row execute function fail_place_dispatch()`.execute(
          db,
        );
      }
      try {
        const failed = await as('resident', 'POST', `/api/places/${toilet.id}/reports`, { problem: 'dirty', description });
        expect(failed.status).toBeGreaterThanOrEqual(400);
        expect(failed.body.number).toBeUndefined();
        expect(await filed()).toBe(0);
      } finally {
        await sql`drop trigger fail_place_dispatch${sql.raw(dialect === 'sqlite' ? '' : ' on timeline')}`.execute(db);
      }
      const key = `place-report-${uniq()}`;
      const send = async () =>
        ctx().f.call('POST', `/api/places/${toilet.id}/reports`, {
          token: await token('resident'),
          body: { problem: 'dirty', description },
          headers: { 'idempotency-key': key },
        });
      const retry = await send();
      expect(retry.status).toBe(201);
      expect(retry.body).toMatchObject({ status: 'dispatched', handlerUnitId: 'D-HWZX', replayed: false });
      expect(await filed()).toBe(1);
      // A retry after a lost answer, with the same Idempotency-Key: the same request, not a second one.
      const again = await send();
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ number: retry.body.number, status: 'dispatched', replayed: true });
      expect(await filed()).toBe(1);
    });
  });

  describe('several app instances', () => {
    it('a place added or hidden on one instance is seen so at once on another (no stale in-process copy)', async () => {
      const other = await ctx().second();
      const ask = async (app: typeof other, url: string) => {
        const r = await app.server.inject({ method: 'GET', url });
        return JSON.parse(r.body);
      };
      const p = await near(GRIDS.jiaotonglu);
      const url = `/api/places/nearest?lat=${p.lat}&lng=${p.lng}&type=station&limit=50`;
      await ask(other, url); // the other instance has now built its index
      const s = await create('admin', await station({ name: `新驿站-${uniq()}`, location: { lat: p.lat + 0.00001, lng: p.lng } }));
      expect((await ask(other, url)).items.map((i: any) => i.id)).toContain(s.id);
      const hide = await as('admin', 'PUT', `/api/places/${s.id}`, { ...withoutView(s), public: false, version: 1 });
      expect(hide.status).toBe(200);
      expect((await ask(other, url)).items.map((i: any) => i.id)).not.toContain(s.id);
      expect((await ask(other, `/api/public/places?q=${encodeURIComponent(s.name)}`)).total).toBe(0);
      // a type saved on one instance is offered by the other
      await ask(other, '/api/place-types');
      const code = `shared_${uniq()}`;
      expect((await as('admin', 'PUT', `/api/place-types/${code}`, { name: '共享类型', nameEn: 'Shared', fields: [] })).status).toBe(200);
      expect((await ask(other, '/api/place-types')).items.map((t: any) => t.code)).toContain(code);
    });
  });
});

/** The body of a PUT from a place view (the view's derived fields dropped). */
function withoutView(p: any): Record<string, unknown> {
  return {
    typeCode: p.typeCode,
    name: p.name,
    address: p.address,
    location: p.location,
    communityCode: p.communityCode,
    managingUnitId: p.managingUnit?.id ?? null,
    contactName: p.contact.name,
    contactPhone: p.contact.phone,
    hours: p.hours,
    attrs: p.attrs,
    public: p.public,
    status: p.status,
  };
}
