/**
 * Ready for many districts: the org tree's root may be a city above several districts, and every
 * scope and ranking works from the actor's unit down — nothing reads one configured district. A
 * small city (two districts, a street and a community each) is built beside the demo district.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { T0, useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const CITY = '991100';
const D1 = '991101';
const D2 = '991102';
const unit = (
  id: string,
  parent: string | null,
  kind: string,
  name: string,
  path: string,
  district: string,
  street: string | null,
  community: string | null,
) => ({
  id,
  parent_id: parent,
  kind,
  name,
  path,
  district_code: district,
  street_code: street,
  community_code: community,
  lat: null,
  lng: null,
  demo: 1,
  active: 1,
  created_at: T0,
});

describe.each(DIALECTS)('a city at the root of the tree on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const tokens: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    const { app, f } = ctx();
    const rows = [
      unit(CITY, null, 'city', '测试市', `${CITY}/`, CITY, null, null),
      unit(D1, CITY, 'district', '甲区', `${CITY}/${D1}/`, D1, null, null),
      unit(`${D1}001`, D1, 'street', '甲区一街道', `${CITY}/${D1}/${D1}001/`, D1, `${D1}001`, null),
      unit(`${D1}001001`, `${D1}001`, 'community', '甲区一社区', `${CITY}/${D1}/${D1}001/${D1}001001/`, D1, `${D1}001`, `${D1}001001`),
      unit(D2, CITY, 'district', '乙区', `${CITY}/${D2}/`, D2, null, null),
      unit(`${D2}001`, D2, 'street', '乙区一街道', `${CITY}/${D2}/${D2}001/`, D2, `${D2}001`, null),
      unit(`${D2}001001`, `${D2}001`, 'community', '乙区一社区', `${CITY}/${D2}/${D2}001/${D2}001001/`, D2, `${D2}001`, `${D2}001001`),
    ];
    for (const r of rows)
      await app.services.db
        .insertInto('units')
        .values(r as never)
        .execute();
    app.services.org.invalidate();
    // The city's accounts are made by the system (离石区's command centre may not make them: not its tree).
    for (const [k, unitId] of [
      ['city', CITY],
      ['d1', D1],
    ] as const) {
      const username = `${k}-admin-${dialect}`;
      await app.services.auth.createUser(
        { kind: 'system', job: 'test' },
        { username, displayName: username, password: DEMO_PASSWORD, role: 'district_admin', unitId },
      );
      tokens[k] = await f.login(username);
    }
    tokens.lishi = await f.login('admin');
    const resident = await f.login('resident');
    for (const [k, community] of [
      ['d1', `${D1}001001`],
      ['d2', `${D2}001001`],
    ] as const) {
      const r = await f.call('POST', '/api/requests', {
        token: resident,
        body: { categoryCode: 'other', description: `城市测试 ${k}`, communityCode: community, reporterPhone: '13935812345' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      numbers[k] = r.body.number;
    }
    numbers.lishi = (await f.request({ body: { description: '城市测试 离石' } })).number;
  }, 60_000);

  const sees = async (who: string) => {
    const r = await ctx().f.call('GET', '/api/requests?q=城市测试&pageSize=100', { token: tokens[who] });
    expect(r.status).toBe(200);
    return new Set((r.body.items as { number: string }[]).map((x) => x.number));
  };

  it('the city’s command centre sees both of its districts, a district’s only its own, and neither sees the other tree', async () => {
    expect(await sees('city')).toEqual(new Set([numbers.d1, numbers.d2]));
    expect(await sees('d1')).toEqual(new Set([numbers.d1]));
    expect(await sees('lishi')).toEqual(new Set([numbers.lishi]));
  });

  it('the ranking works from the root down: the city ranks the streets of both districts, a district its own', async () => {
    const streets = async (who: string) => {
      const r = await ctx().f.call('GET', '/api/measures/ranking?level=street', { token: tokens[who] });
      expect(r.status).toBe(200);
      return new Set((r.body.rows as { unitId: string }[]).map((x) => x.unitId));
    };
    expect(await streets('city')).toEqual(new Set([`${D1}001`, `${D2}001`]));
    expect(await streets('d1')).toEqual(new Set([`${D1}001`]));
    expect([...(await streets('lishi'))].every((id) => id.startsWith('141102'))).toBe(true);
  });

  it('the city dispatches into either district; a district cannot reach into the other', async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const waiting = async (community: string) => {
      // 垃圾清运 goes to a department: it waits, accepted, for a dispatcher.
      const r = await f.call('POST', '/api/requests', {
        token: resident,
        body: { categoryCode: 'garbage', description: '城市派单测试', communityCode: community, reporterPhone: '13935812345' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.status).toBe('accepted');
      return r.body.id as string;
    };
    const inD1 = await waiting(`${D1}001001`);
    const inD2 = await waiting(`${D2}001001`);
    const dispatch = (who: string, id: string, to: string) =>
      f.call('POST', `/api/requests/${id}/actions`, { token: tokens[who], body: { action: 'dispatch', handlerUnitId: to } });
    expect((await dispatch('d1', inD2, `${D1}001001`)).status).toBe(404); // not in its scope at all
    expect((await dispatch('d1', inD1, `${D2}001001`)).status).toBe(403); // not into the other district
    const byCity = await dispatch('city', inD2, `${D1}001001`);
    expect(byCity.status, JSON.stringify(byCity.body)).toBe(200);
    expect(byCity.body.request).toMatchObject({ status: 'dispatched', handlerUnitId: `${D1}001001` });
    expect((await dispatch('d1', inD1, `${D1}001001`)).status).toBe(200);
  });

  it('Open311 takes any district or city of the tree as jurisdiction_id, and no other', async () => {
    const { f } = ctx();
    for (const j of [CITY, D1, '141102'])
      expect((await f.call('GET', `/open311/v2/services.json?jurisdiction_id=${j}`)).status, j).toBe(200);
    expect((await f.call('GET', `/open311/v2/services.json?jurisdiction_id=${D1}001`)).status).toBe(404);
    expect((await f.call('GET', '/open311/v2/services.json?jurisdiction_id=999999')).status).toBe(404);
  });
});
