import type { LatLng } from '../api/types';
import { wgs84ToGcj02 } from './coords';

export interface NavigationLinks {
  /** RFC 5870 `geo:` URI (WGS-84): Android offers every installed map app. */
  geo: string;
  /** 高德's URI API: opens the 高德 app when installed, its web map otherwise (GCJ-02). */
  amap: string;
  /** 百度's URI API: opens 百度地图 (or its web map); told the point is GCJ-02, it converts to BD-09 itself. */
  baidu: string;
}

const r6 = (n: number) => n.toFixed(6);

/** Hands a place (stored WGS-84) to the phone's map apps, each in the datum it expects. */
export function navigationLinks(name: string, at: LatLng): NavigationLinks {
  const [gLng, gLat] = wgs84ToGcj02(at.lng, at.lat);
  const n = encodeURIComponent(name);
  return {
    geo: `geo:${r6(at.lat)},${r6(at.lng)}?q=${r6(at.lat)},${r6(at.lng)}(${n})`,
    amap: `https://uri.amap.com/marker?position=${r6(gLng)},${r6(gLat)}&name=${n}&coordinate=gaode&callnative=1&src=lianxin`,
    baidu: `https://api.map.baidu.com/marker?location=${r6(gLat)},${r6(gLng)}&title=${n}&content=${n}&output=html&coord_type=gcj02&src=lianxin`,
  };
}
