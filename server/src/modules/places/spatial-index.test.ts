/**
 * The grid index answers "the k nearest" exactly as the obvious full scan does: on random data
 * (property-based), with filters, with the maxMetres bound, and in the corner cases where a
 * careless stopping rule returns a farther place (the query point at a cell edge, a candidate
 * just across the next cell border).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceMetres, type Point } from '../org/geo.js';
import { type Indexed, nearestByScan, SpatialIndex } from './spatial-index.js';

interface P extends Indexed {
  type: 'a' | 'b' | 'c';
  open: boolean;
}

/** 离石区's bounding box (WGS-84, from data/geo/141102-outline.geojson), with a margin. */
const BBOX = { minLng: 110.9, maxLng: 111.65, minLat: 37.3, maxLat: 37.78 };

/** The scan with the same maxMetres rule as the index (at most maxMetres is in). */
function scan<T extends Indexed>(items: readonly T[], p: Point, k: number, filter: (t: T) => boolean = () => true, maxMetres = 50_000) {
  return nearestByScan(items, p, k, (t) => filter(t) && distanceMetres(p, t) <= maxMetres);
}

/**
 * Same answer as the scan: the same distances in the same order, and the same places except
 * that places at exactly equal distance may come in either order (or either one may be the k-th).
 */
function expectSame<T extends Indexed>(got: { item: T; metres: number }[], want: { item: T; metres: number }[]) {
  expect(got.map((g) => g.metres)).toEqual(want.map((w) => w.metres));
  const key = (r: { item: T; metres: number }[]) => r.map((x) => `${x.metres}|${x.item.id}`).sort();
  const ties = new Set(
    want.filter((w, i) => want.some((o, j) => i !== j && o.metres === w.metres) || w.metres === want.at(-1)?.metres).map((w) => w.metres),
  );
  expect(key(got.filter((g) => !ties.has(g.metres)))).toEqual(key(want.filter((w) => !ties.has(w.metres))));
  for (let i = 1; i < got.length; i++) expect(got[i]!.metres).toBeGreaterThanOrEqual(got[i - 1]!.metres);
}

const coord = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const point = fc.record({ lat: coord(BBOX.minLat, BBOX.maxLat), lng: coord(BBOX.minLng, BBOX.maxLng) });
/** Places clustered around a few centres (like real places around communities), some at identical spots. */
const places = fc
  .tuple(
    fc.array(point, { minLength: 1, maxLength: 6 }),
    fc.array(
      fc.record({
        c: fc.nat(),
        dLat: coord(-0.05, 0.05),
        dLng: coord(-0.05, 0.05),
        type: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
        open: fc.boolean(),
        dup: fc.nat(9),
      }),
      {
        maxLength: 400,
      },
    ),
  )
  .map(([centres, raw]) => {
    const out: P[] = [];
    raw.forEach((r, i) => {
      const c = centres[r.c % centres.length] as Point;
      const prev = out[i - 1];
      const p = r.dup === 0 && prev ? { lat: prev.lat, lng: prev.lng } : { lat: c.lat + r.dLat, lng: c.lng + r.dLng };
      out.push({ id: `p${i}`, ...p, type: r.type, open: r.open });
    });
    return out;
  });

describe('SpatialIndex.nearest equals the brute-force scan', () => {
  it('for random places, points and k (no filter)', () => {
    fc.assert(
      fc.property(places, point, fc.integer({ min: 1, max: 25 }), fc.constantFrom(0.002, 0.01, 0.05), (items, p, k, cellDeg) => {
        const index = new SpatialIndex(items, cellDeg);
        expectSame(index.nearest(p, k), scan(items, p, k));
      }),
      { numRuns: 400 },
    );
  });

  it('with a type filter and an open-now filter', () => {
    fc.assert(
      fc.property(places, point, fc.integer({ min: 1, max: 15 }), fc.constantFrom('a' as const, 'b' as const), (items, p, k, type) => {
        const index = new SpatialIndex(items);
        const filter = (t: P) => t.type === type && t.open;
        const got = index.nearest(p, k, filter);
        expectSame(got, scan(items, p, k, filter));
        for (const g of got) expect(filter(g.item)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('within maxMetres only (inclusive), nearest first', () => {
    fc.assert(
      fc.property(places, point, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20_000 }), (items, p, k, maxMetres) => {
        const index = new SpatialIndex(items);
        const got = index.nearest(p, k, undefined, maxMetres);
        expectSame(got, scan(items, p, k, undefined, maxMetres));
        for (const g of got) expect(g.metres).toBeLessThanOrEqual(maxMetres);
      }),
      { numRuns: 300 },
    );
  });

  it('from points far outside the data (the walk still finds the places, or stops at maxMetres)', () => {
    fc.assert(
      fc.property(
        places,
        fc.record({ lat: coord(36.9, 38.2), lng: coord(110.4, 112.1) }),
        fc.integer({ min: 1, max: 10 }),
        (items, p, k) => {
          const index = new SpatialIndex(items);
          expectSame(index.nearest(p, k), scan(items, p, k));
          expectSame(index.nearest(p, k, undefined, 5_000), scan(items, p, k, undefined, 5_000));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a query at the east edge of its cell finds the place just across the next cell border, not a farther one', () => {
    // Cells are 0.01°. The query sits 1e-6° west of the border x = 111.15; A is in the ring of
    // cells around it at 883 m; B lies just east of the next border (x = 111.16), 882.4 m away.
    // One degree of longitude here is 111.195 km × cos(37.5°) = 88.21 km, so B is nearer.
    const q = { lat: 37.505, lng: 111.149999 };
    const b: P = { id: 'B', lat: q.lat, lng: 111.160005, type: 'a', open: true };
    const a: P = { id: 'A', ...destination(q, 883, 300), type: 'a', open: true }; // north-west, inside ring 1
    const items = [a, b];
    const want = scan(items, q, 1);
    expect(want[0]!.item.id).toBe('B');
    expect(new SpatialIndex(items).nearest(q, 1)[0]?.item.id).toBe('B');
    // and on the meridian (south/north) side
    const q2 = { lat: 37.509999, lng: 111.145 };
    const north: P = { id: 'N', lat: 37.520005, lng: q2.lng, type: 'a', open: true };
    const west: P = { id: 'W', ...destination(q2, distanceMetres(q2, north) + 0.5, 265), type: 'a', open: true };
    expect(scan([west, north], q2, 1)[0]!.item.id).toBe('N');
    expect(new SpatialIndex([west, north]).nearest(q2, 1)[0]?.item.id).toBe('N');
  });

  it('dense data gets smaller cells by default, and the same answers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        let a = seed;
        const rand = () => {
          a = (Math.imul(a, 48271) % 2147483647) >>> 0;
          return a / 2147483647;
        };
        // 20,000 places in 3 × 3 km around 离石 centre, 5 % of them stations
        const items: P[] = Array.from({ length: 20_000 }, (_, i) => ({
          id: `d${i}`,
          lat: 37.5 + rand() * 0.027,
          lng: 111.13 + rand() * 0.034,
          type: rand() < 0.05 ? 'a' : 'b',
          open: true,
        }));
        const index = new SpatialIndex(items);
        expect((index as unknown as { cellDeg: number }).cellDeg).toBeLessThan(0.002);
        for (let i = 0; i < 20; i++) {
          const p = { lat: 37.49 + rand() * 0.05, lng: 111.12 + rand() * 0.05 };
          expectSame(index.nearest(p, 10), scan(items, p, 10));
          expectSame(
            index.nearest(p, 10, (t) => t.type === 'a'),
            scan(items, p, 10, (t) => t.type === 'a'),
          );
        }
      }),
      { numRuns: 5 },
    );
  });

  it('handles the empty index, k = 0, and a filter nobody passes', () => {
    expect(new SpatialIndex<P>([]).nearest({ lat: 37.5, lng: 111.1 }, 5)).toEqual([]);
    const items: P[] = [{ id: 'x', lat: 37.5, lng: 111.1, type: 'a', open: true }];
    const index = new SpatialIndex(items);
    expect(index.size).toBe(1);
    expect(index.nearest({ lat: 37.5, lng: 111.1 }, 0)).toEqual([]);
    expect(index.nearest({ lat: 37.5, lng: 111.1 }, 5, () => false)).toEqual([]);
    expect(index.nearest({ lat: 37.5, lng: 111.1 }, 5)).toEqual([{ item: items[0], metres: 0 }]);
  });
});

/** The point `metres` from `p` on a compass bearing (degrees), on the same sphere as distanceMetres. */
function destination(p: Point, metres: number, bearingDeg: number): Point {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const d = metres / R;
  const b = bearingDeg * rad;
  const lat1 = p.lat * rad;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 = p.lng * rad + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / rad, lng: lng2 / rad };
}
