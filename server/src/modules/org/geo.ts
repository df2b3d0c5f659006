export interface Point {
  lat: number;
  lng: number;
}

/** Ray casting over a GeoJSON ring ([lng, lat] pairs). */
export function pointInRing(p: Point, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Polygon with holes: inside the outer ring and outside every hole. */
export function pointInPolygon(p: Point, rings: number[][][]): boolean {
  const [outer, ...holes] = rings;
  return !!outer && pointInRing(p, outer) && !holes.some((h) => pointInRing(p, h));
}

/** Great-circle distance in metres. */
export function distanceMetres(a: Point, b: Point): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
