import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from './coords';
import { amapGeocoder, GeocodeError, geocoderFor, tiandituGeocoder } from './geocoder';

/**
 * A local fake of the two providers' HTTP APIs (the edge: no network in tests). It answers in
 * their shapes and records what it was asked, so the adapters' requests are checked too.
 */
const KEY = 'test-key';
const BOUNDS = { west: 110.8, south: 37.3, east: 111.5, north: 37.8 };
const STATION = { lat: 37.5099, lng: 111.1299 }; // WGS-84
const asked: URL[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    asked.push(url);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/v2/search') {
      if (url.searchParams.get('tk') !== KEY) return send(200, { status: { infocode: 2003, cndesc: '权限验证失败' } });
      const post = JSON.parse(url.searchParams.get('postStr') ?? '{}') as { keyWord?: string };
      if (post.keyWord === 'broken') return send(502, {});
      return send(200, {
        resultType: 1,
        count: '2',
        pois: [
          { name: `${post.keyWord}爱心驿站`, address: '山西省吕梁市离石区交通路12号', lonlat: `${STATION.lng},${STATION.lat}` },
          { name: '没有坐标的点', address: '' },
        ],
        status: { infocode: 1000, cndesc: '返回成功' },
      });
    }
    if (url.pathname === '/v3/place/text') {
      if (url.searchParams.get('key') !== KEY) return send(200, { status: '0', info: 'INVALID_USER_KEY', infocode: '10001' });
      const [x, y] = wgs84ToGcj02(STATION.lng, STATION.lat);
      return send(200, {
        status: '1',
        info: 'OK',
        count: '1',
        pois: [{ name: `${url.searchParams.get('keywords')}爱心驿站`, address: [], location: `${x.toFixed(6)},${y.toFixed(6)}` }],
      });
    }
    send(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const metresApart = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  Math.hypot((a.lng - b.lng) * 88_000, (a.lat - b.lat) * 111_000);

describe('address search through the configured provider', () => {
  it('天地图: asks within the district bounds with the key and returns WGS-84 hits, skipping those without a position', async () => {
    const g = tiandituGeocoder({ key: KEY, bounds: BOUNDS, districtCode: '141102', baseUrl: base });
    const hits = await g.search('交通路');
    expect(hits).toEqual([{ name: '交通路爱心驿站', address: '山西省吕梁市离石区交通路12号', location: STATION }]);
    const q = asked.at(-1)!;
    expect(q.searchParams.get('type')).toBe('query');
    expect(JSON.parse(q.searchParams.get('postStr')!)).toMatchObject({
      keyWord: '交通路',
      mapBound: '110.8,37.3,111.5,37.8',
      queryType: 1,
    });
  });

  it('高德: asks within the district code and shifts its GCJ-02 answer back to WGS-84 (within a metre)', async () => {
    const g = amapGeocoder({ key: KEY, bounds: BOUNDS, districtCode: '141102', baseUrl: base });
    const [hit, ...rest] = await g.search('交通路');
    expect(rest).toEqual([]);
    expect(hit!.name).toBe('交通路爱心驿站');
    expect(hit!.address).toBe('');
    expect(metresApart(hit!.location, STATION)).toBeLessThan(1);
    const q = asked.at(-1)!;
    expect(Object.fromEntries(q.searchParams)).toMatchObject({ keywords: '交通路', city: '141102', citylimit: 'true', key: KEY });
  });

  it('says so when the provider refuses the key or fails, rather than finding nothing', async () => {
    const o = { key: 'wrong', bounds: BOUNDS, districtCode: '141102', baseUrl: base };
    await expect(tiandituGeocoder(o).search('x')).rejects.toThrow(/天地图: 权限验证失败/);
    await expect(amapGeocoder(o).search('x')).rejects.toThrow(/高德: INVALID_USER_KEY/);
    await expect(tiandituGeocoder({ ...o, key: KEY }).search('broken')).rejects.toBeInstanceOf(GeocodeError);
  });

  it('is there only for 天地图 or 高德 with a key', () => {
    const o = { bounds: BOUNDS, districtCode: '141102' };
    expect(geocoderFor('tianditu', KEY, o)?.id).toBe('tianditu');
    expect(geocoderFor('amap', KEY, o)?.id).toBe('amap');
    expect(geocoderFor('amap', undefined, o)).toBeNull();
    expect(geocoderFor('osm', KEY, o)).toBeNull();
    expect(geocoderFor('none', KEY, o)).toBeNull();
  });
});
