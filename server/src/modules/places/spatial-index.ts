import { distanceMetres, type Point } from '../org/geo.js';

export interface Indexed extends Point {
  id: string;
}

const EARTH_RADIUS = 6_371_000; // as in distanceMetres

/**
 * A uniform grid over latitude/longitude for "the nearest k places to a point". Cells are
 * ~1 km; the search walks rings of cells outwards and stops once everything not yet walked is
 * farther than the k-th best found (or than maxMetres), so it touches a few cells instead of
 * every place.
 */
export class SpatialIndex<T extends Indexed> {
  private readonly cells = new Map<number, T[]>();
  readonly size: number;
  /** The occupied cells' extent: beyond it there is nothing to walk. */
  private minX = Number.POSITIVE_INFINITY;
  private maxX = Number.NEGATIVE_INFINITY;
  private minY = Number.POSITIVE_INFINITY;
  private maxY = Number.NEGATIVE_INFINITY;

  private readonly cellDeg: number;

  /**
   * `cellDeg` defaults to 0.01° (~1 km), smaller where places are dense (about six to a cell
   * on average over their extent, at least 0.0005°), so that a query reads a few dozen places
   * whether the index holds a district's hundreds or a city's hundreds of thousands.
   */
  constructor(items: readonly T[], cellDeg?: number) {
    this.cellDeg = cellDeg ?? defaultCell(items);
    for (const it of items) {
      const x = this.cx(it.lng);
      const y = this.cy(it.lat);
      const key = this.key(x, y);
      const list = this.cells.get(key);
      if (list) list.push(it);
      else this.cells.set(key, [it]);
      this.minX = Math.min(this.minX, x);
      this.maxX = Math.max(this.maxX, x);
      this.minY = Math.min(this.minY, y);
      this.maxY = Math.max(this.maxY, y);
    }
    this.size = items.length;
  }

  private cx(lng: number) {
    return Math.floor(lng / this.cellDeg);
  }
  private cy(lat: number) {
    return Math.floor(lat / this.cellDeg);
  }
  /** A number, not a string: no allocation per cell visited. Unique while |y| < 2^20 cells. */
  private key(x: number, y: number) {
    return x * 2_097_152 + y;
  }

  /** The k nearest items accepted by `filter`, nearest first, within `maxMetres` (inclusive). */
  nearest(p: Point, k: number, filter: (t: T) => boolean = () => true, maxMetres = 50_000): { item: T; metres: number }[] {
    if (this.size === 0 || k <= 0) return [];
    const c = this.cellDeg;
    const x0 = this.cx(p.lng);
    const y0 = this.cy(p.lat);
    const rad = Math.PI / 180;
    const cosLat = Math.cos(p.lat * rad);
    /**
     * A lower bound of the distance (as distanceMetres measures it) from p to any point outside
     * the block of rings 0..ring-1: across a parallel at least R·Δφ; across a meridian Δλ away at
     * least the cross-track distance R·asin(sin Δλ · cos φ). Shaved by a millimetre for rounding.
     */
    const beyond = (ring: number) => {
      const dLat = Math.min(p.lat - (y0 - ring + 1) * c, (y0 + ring) * c - p.lat);
      const dLng = Math.min(p.lng - (x0 - ring + 1) * c, (x0 + ring) * c - p.lng);
      const acrossLng = dLng >= 90 ? Number.POSITIVE_INFINITY : EARTH_RADIUS * Math.asin(Math.min(1, Math.sin(dLng * rad) * cosLat));
      return Math.min(EARTH_RADIUS * dLat * rad, acrossLng) - 0.001;
    };
    const best: { item: T; metres: number }[] = [];
    const visit = (x: number, y: number) => {
      const list = this.cells.get(this.key(x, y));
      if (!list) return;
      for (const item of list) {
        if (!filter(item)) continue;
        const metres = distanceMetres(p, item);
        if (metres > maxMetres) continue;
        if (best.length < k || metres < (best[best.length - 1] as { metres: number }).metres) {
          let i = best.length;
          while (i > 0 && (best[i - 1] as { metres: number }).metres > metres) i--;
          best.splice(i, 0, { item, metres });
          if (best.length > k) best.pop();
        }
      }
    };
    for (let ring = 0; ; ring++) {
      if (ring > 0) {
        // everything not yet walked lies outside the block of rings 0..ring-1
        const covered =
          x0 - ring + 1 <= this.minX && x0 + ring - 1 >= this.maxX && y0 - ring + 1 <= this.minY && y0 + ring - 1 >= this.maxY;
        if (covered) break;
        const bound = beyond(ring);
        if (bound > maxMetres) break;
        if (best.length >= k && (best[k - 1] as { metres: number }).metres < bound) break;
      }
      if (ring === 0) {
        visit(x0, y0);
        continue;
      }
      for (let dx = -ring; dx <= ring; dx++) {
        visit(x0 + dx, y0 - ring);
        visit(x0 + dx, y0 + ring);
      }
      for (let dy = -ring + 1; dy <= ring - 1; dy++) {
        visit(x0 - ring, y0 + dy);
        visit(x0 + ring, y0 + dy);
      }
    }
    return best;
  }
}

function defaultCell(items: readonly Point[]): number {
  if (items.length < 64) return 0.01;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  let minLng = Number.POSITIVE_INFINITY;
  let maxLng = Number.NEGATIVE_INFINITY;
  for (const p of items) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLng = Math.min(minLng, p.lng);
    maxLng = Math.max(maxLng, p.lng);
  }
  const area = Math.max(maxLat - minLat, 0.001) * Math.max(maxLng - minLng, 0.001);
  return Math.min(0.01, Math.max(0.0005, Math.sqrt((area * 6) / items.length)));
}

/** The obvious answer, for tests and the benchmark's baseline. */
export function nearestByScan<T extends Indexed>(items: readonly T[], p: Point, k: number, filter: (t: T) => boolean = () => true) {
  return items
    .filter(filter)
    .map((item) => ({ item, metres: distanceMetres(p, item) }))
    .sort((a, b) => a.metres - b.metres)
    .slice(0, k);
}
