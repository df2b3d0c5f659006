import { type Point, distanceMetres } from '../org/geo.js';

export interface Indexed extends Point {
  id: string;
}

/**
 * A uniform grid over latitude/longitude for "the nearest k places to a point". Cells are
 * ~1 km; the search walks rings of cells outwards and stops once the ring is farther than the
 * k-th best found, so it touches a few cells instead of every place.
 */
export class SpatialIndex<T extends Indexed> {
  private readonly cells = new Map<string, T[]>();
  readonly size: number;

  constructor(
    items: readonly T[],
    private readonly cellDeg = 0.01,
  ) {
    for (const it of items) {
      const key = this.key(this.cx(it.lng), this.cy(it.lat));
      const list = this.cells.get(key);
      if (list) list.push(it);
      else this.cells.set(key, [it]);
    }
    this.size = items.length;
  }

  private cx(lng: number) {
    return Math.floor(lng / this.cellDeg);
  }
  private cy(lat: number) {
    return Math.floor(lat / this.cellDeg);
  }
  private key(x: number, y: number) {
    return `${x}:${y}`;
  }

  /** The k nearest items accepted by `filter`, nearest first, within `maxMetres`. */
  nearest(p: Point, k: number, filter: (t: T) => boolean = () => true, maxMetres = 50_000): { item: T; metres: number }[] {
    if (this.size === 0 || k <= 0) return [];
    const x0 = this.cx(p.lng);
    const y0 = this.cy(p.lat);
    // metres per cell step, the smaller of the two axes, for the stopping bound
    const stepMetres = this.cellDeg * 111_320 * Math.min(1, Math.cos((p.lat * Math.PI) / 180));
    const maxRing = Math.ceil(maxMetres / stepMetres) + 1;
    const best: { item: T; metres: number }[] = [];
    for (let ring = 0; ring <= maxRing; ring++) {
      if (best.length >= k && (best[k - 1] as { metres: number }).metres < (ring - 1) * stepMetres) break;
      for (let dx = -ring; dx <= ring; dx++) {
        for (let dy = -ring; dy <= ring; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue; // only the ring's border
          const list = this.cells.get(this.key(x0 + dx, y0 + dy));
          if (!list) continue;
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
        }
      }
    }
    return best;
  }
}

/** The obvious answer, for tests and the benchmark's baseline. */
export function nearestByScan<T extends Indexed>(items: readonly T[], p: Point, k: number, filter: (t: T) => boolean = () => true) {
  return items
    .filter(filter)
    .map((item) => ({ item, metres: distanceMetres(p, item) }))
    .sort((a, b) => a.metres - b.metres)
    .slice(0, k);
}
