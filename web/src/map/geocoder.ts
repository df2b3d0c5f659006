import type { LatLng } from '../api/types';
import { gcj02ToWgs84 } from './coords';
import type { MapProvider } from './providers';

/**
 * Address search through the configured map provider (an adapter per provider; none by default,
 * then the picker offers the map and the community list only). Results are always WGS-84, like
 * everything Lianxin stores. Runs in the browser with the provider's browser key, like the tiles:
 * give it a key restricted to the site's domain.
 */
export interface GeocodeHit {
  name: string;
  address: string;
  location: LatLng;
}

export interface Geocoder {
  id: 'tianditu' | 'amap';
  /** Places and addresses matching `q` within the district, best first (at most 10). */
  search(q: string, signal?: AbortSignal): Promise<GeocodeHit[]>;
}

export class GeocodeError extends Error {}

export interface GeocoderOptions {
  key: string;
  /** The district: 天地图 searches within its bounds, 高德 within its code. */
  bounds: { west: number; south: number; east: number; north: number };
  districtCode: string;
  /** Where the provider's API is (a local stub in tests). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

const MAX = 10;

async function getJson(doFetch: typeof fetch, url: string, signal?: AbortSignal): Promise<unknown> {
  const r = await doFetch(url, { signal });
  if (!r.ok) throw new GeocodeError(`geocoder answered ${r.status}`);
  return r.json();
}

/** "111.13,37.51" or "111.13 37.51" → [lng, lat], or null. */
function lngLat(s: unknown): [number, number] | null {
  if (typeof s !== 'string') return null;
  const [x, y] = s
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  return Number.isFinite(x) && Number.isFinite(y) ? [x as number, y as number] : null;
}

const text = (v: unknown) => (typeof v === 'string' ? v : ''); // 高德 sends [] for an empty address

/** 天地图 place search (v2/search, queryType 1 within mapBound); CGCS2000 ≈ WGS-84. */
export function tiandituGeocoder(o: GeocoderOptions): Geocoder {
  const base = o.baseUrl ?? 'https://api.tianditu.gov.cn';
  const doFetch = o.fetch ?? fetch;
  const { west, south, east, north } = o.bounds;
  return {
    id: 'tianditu',
    async search(q, signal) {
      const post = { keyWord: q, level: 12, mapBound: `${west},${south},${east},${north}`, queryType: 1, start: 0, count: MAX };
      const url = `${base}/v2/search?postStr=${encodeURIComponent(JSON.stringify(post))}&type=query&tk=${encodeURIComponent(o.key)}`;
      const body = (await getJson(doFetch, url, signal)) as { status?: { infocode?: number; cndesc?: string }; pois?: unknown[] };
      if (body.status && body.status.infocode !== 1000) throw new GeocodeError(`天地图: ${body.status.cndesc ?? body.status.infocode}`);
      return (body.pois ?? []).flatMap((p) => {
        const poi = p as { name?: unknown; address?: unknown; lonlat?: unknown };
        const at = lngLat(poi.lonlat);
        return at && typeof poi.name === 'string'
          ? [{ name: poi.name, address: text(poi.address), location: { lng: at[0], lat: at[1] } }]
          : [];
      });
    },
  };
}

/** 高德 Web 服务 place search (v3/place/text, limited to the district's code); GCJ-02, shifted back to WGS-84. */
export function amapGeocoder(o: GeocoderOptions): Geocoder {
  const base = o.baseUrl ?? 'https://restapi.amap.com';
  const doFetch = o.fetch ?? fetch;
  return {
    id: 'amap',
    async search(q, signal) {
      const params = new URLSearchParams({
        keywords: q,
        city: o.districtCode,
        citylimit: 'true',
        offset: String(MAX),
        page: '1',
        key: o.key,
      });
      const body = (await getJson(doFetch, `${base}/v3/place/text?${params}`, signal)) as {
        status?: string;
        info?: string;
        pois?: unknown[];
      };
      if (body.status !== '1') throw new GeocodeError(`高德: ${body.info ?? 'error'}`);
      return (body.pois ?? []).flatMap((p) => {
        const poi = p as { name?: unknown; address?: unknown; location?: unknown };
        const at = lngLat(poi.location);
        if (!at || typeof poi.name !== 'string') return [];
        const [lng, lat] = gcj02ToWgs84(at[0], at[1]);
        return [{ name: poi.name, address: text(poi.address), location: { lat, lng } }];
      });
    },
  };
}

/** The geocoder of the configured provider, or null (none, OSM, or no key). */
export function geocoderFor(provider: MapProvider['id'], key: string | undefined, o: Omit<GeocoderOptions, 'key'>): Geocoder | null {
  if (!key) return null;
  if (provider === 'tianditu') return tiandituGeocoder({ ...o, key });
  if (provider === 'amap') return amapGeocoder({ ...o, key });
  return null;
}
