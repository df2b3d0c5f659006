import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84 } from './coords';
import { navigationLinks } from './navigate';

describe('handing a place to the phone’s map apps', () => {
  const at = { lat: 37.5099, lng: 111.1299 }; // near 交通路社区, WGS-84
  const links = navigationLinks('交通路爱心驿站 #1', at);

  it('gives the geo: URI in WGS-84 with the name as the label', () => {
    expect(links.geo).toBe(`geo:37.509900,111.129900?q=37.509900,111.129900(${encodeURIComponent('交通路爱心驿站 #1')})`);
  });

  it('gives 高德 and 百度 the point in GCJ-02, a few hundred metres from the WGS-84 one, and back within a metre', () => {
    const amap = new URL(links.amap);
    expect(amap.searchParams.get('coordinate')).toBe('gaode');
    expect(amap.searchParams.get('name')).toBe('交通路爱心驿站 #1');
    const [lng, lat] = amap.searchParams.get('position')!.split(',').map(Number) as [number, number];
    const shift = Math.hypot((lng - at.lng) * 88_000, (lat - at.lat) * 111_000);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(800);
    const [bLng, bLat] = gcj02ToWgs84(lng, lat);
    expect(Math.hypot((bLng - at.lng) * 88_000, (bLat - at.lat) * 111_000)).toBeLessThan(1);

    const baidu = new URL(links.baidu);
    expect(baidu.searchParams.get('coord_type')).toBe('gcj02');
    expect(baidu.searchParams.get('title')).toBe('交通路爱心驿站 #1');
    // 百度 takes lat,lng; 高德 lng,lat — the same point
    expect(baidu.searchParams.get('location')).toBe(`${lat.toFixed(6)},${lng.toFixed(6)}`);
  });
});
