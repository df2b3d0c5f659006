/**
 * WGS-84 ⇄ GCJ-02. The server stores WGS-84 (GPS, the committed outline); 高德 tiles are drawn
 * in GCJ-02, so points are shifted onto them and clicks shifted back. Ported from
 * data/scripts/outline-to-wgs84.mjs (the standard transform; the inverse by iteration).
 */
const A = 6378245.0; // Krasovsky 1940 semi-major axis
const EE = 0.006693421622965943; // its first eccentricity squared
const { sin, cos, sqrt, abs, PI } = Math;

function dLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x));
  r += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  r += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
  return r;
}

function dLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x));
  r += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  r += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
  return r;
}

export function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

/** [lng, lat] WGS-84 → [lng, lat] GCJ-02 (identity outside China). */
export function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  if (outOfChina(lng, lat)) return [lng, lat];
  let dlat = dLat(lng - 105, lat - 35);
  let dlng = dLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * PI;
  let magic = sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = sqrt(magic);
  dlat = (dlat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
  dlng = (dlng * 180) / ((A / sqrtMagic) * cos(radLat) * PI);
  return [lng + dlng, lat + dlat];
}

/** [lng, lat] GCJ-02 → WGS-84 by fixed-point iteration (to ~1e-9°). */
export function gcj02ToWgs84(lng: number, lat: number, tol = 1e-9, maxIter = 30): [number, number] {
  let x = lng;
  let y = lat;
  for (let i = 0; i < maxIter; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    const ex = gx - lng;
    const ey = gy - lat;
    x -= ex;
    y -= ey;
    if (Math.max(abs(ex), abs(ey)) < tol) break;
  }
  return [x, y];
}

/** Is a WGS-84 point inside a GeoJSON (Multi)Polygon? Ray casting, holes respected. */
export function insidePolygon(lng: number, lat: number, geometry: GeoJSON.Geometry): boolean {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  return polys.some((rings) => {
    let inside = false;
    rings.forEach((ring, idx) => {
      if (ringContains(ring, lng, lat)) inside = idx === 0;
    });
    return inside;
  });
}

function ringContains(ring: GeoJSON.Position[], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
