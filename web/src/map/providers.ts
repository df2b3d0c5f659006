import { gcj02ToWgs84, wgs84ToGcj02 } from './coords';

/**
 * Tile providers. None is the default: the map then shows the district outline and the
 * community points from committed public data, with no network. A deployment sets one at build
 * time: VITE_MAP_PROVIDER=tianditu|amap|osm and, for 天地图, VITE_MAP_KEY=<tk>.
 * 天地图 and OSM are drawn in WGS-84 (天地图's CGCS2000 differs from WGS-84 by centimetres);
 * 高德 tiles are GCJ-02, so data is shifted onto them and clicks shifted back.
 * Address search (geocoder.ts) uses the same provider: 天地图 with VITE_MAP_KEY, 高德 with
 * VITE_GEOCODER_KEY (a Web 服务 key; its tiles need none).
 */
export type Datum = 'wgs84' | 'gcj02';

export interface TileLayerSpec {
  url: string;
  subdomains?: string[];
  attribution: string;
  maxZoom: number;
}

export interface MapProvider {
  id: 'none' | 'tianditu' | 'amap' | 'osm';
  datum: Datum;
  layers: TileLayerSpec[];
}

export function providerFromConfig(id: string | undefined, key: string | undefined): MapProvider {
  switch (id) {
    case 'tianditu':
      if (!key) return NONE;
      return {
        id: 'tianditu',
        datum: 'wgs84',
        layers: [
          {
            url: `https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
            subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
            attribution: '© 天地图',
            maxZoom: 18,
          },
          {
            url: `https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
            subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
            attribution: '',
            maxZoom: 18,
          },
        ],
      };
    case 'amap':
      return {
        id: 'amap',
        datum: 'gcj02',
        layers: [
          {
            url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
            subdomains: ['1', '2', '3', '4'],
            attribution: '© 高德地图',
            maxZoom: 18,
          },
        ],
      };
    case 'osm':
      return {
        id: 'osm',
        datum: 'wgs84',
        layers: [{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors', maxZoom: 19 }],
      };
    default:
      return NONE;
  }
}

const NONE: MapProvider = { id: 'none', datum: 'wgs84', layers: [] };

export const env = (import.meta as { env?: Record<string, string | undefined> }).env ?? {};
export const configuredProvider: MapProvider = providerFromConfig(env.VITE_MAP_PROVIDER, env.VITE_MAP_KEY);

/** Stored (WGS-84) → what the map draws, as Leaflet's [lat, lng]. */
export function toDisplay(p: MapProvider, lat: number, lng: number): [number, number] {
  if (p.datum === 'gcj02') {
    const [x, y] = wgs84ToGcj02(lng, lat);
    return [y, x];
  }
  return [lat, lng];
}

/** A click on the map → WGS-84 to store. */
export function fromDisplay(p: MapProvider, lat: number, lng: number): { lat: number; lng: number } {
  if (p.datum === 'gcj02') {
    const [x, y] = gcj02ToWgs84(lng, lat);
    return { lat: y, lng: x };
  }
  return { lat, lng };
}
