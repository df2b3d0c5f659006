import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from './coords.js';

const ring = (file: string) =>
  (
    JSON.parse(fs.readFileSync(new URL(`../../../data/geo/${file}`, import.meta.url), 'utf8')) as {
      features: { geometry: { coordinates: number[][][] } }[];
    }
  ).features[0]!.geometry.coordinates[0] as [number, number][];

describe('WGS-84 ⇄ GCJ-02 in the browser', () => {
  const gcj = ring('141102-outline.gcj02.geojson');
  const wgs = ring('141102-outline.geojson');

  it('maps the committed WGS-84 outline of 离石区 onto its GCJ-02 original, vertex by vertex', () => {
    expect(wgs).toHaveLength(gcj.length);
    wgs.forEach(([lng, lat], i) => {
      const [x, y] = wgs84ToGcj02(lng, lat);
      expect(Math.abs(x - gcj[i]![0]), `vertex ${i} lng`).toBeLessThan(1e-6);
      expect(Math.abs(y - gcj[i]![1]), `vertex ${i} lat`).toBeLessThan(1e-6);
    });
  });

  it('shifts back to WGS-84 (the inverse by iteration), and the shift is the few hundred metres it should be', () => {
    gcj.forEach(([lng, lat], i) => {
      const [x, y] = gcj02ToWgs84(lng, lat);
      expect(Math.abs(x - wgs[i]![0]), `vertex ${i} lng`).toBeLessThan(1e-6);
      expect(Math.abs(y - wgs[i]![1]), `vertex ${i} lat`).toBeLessThan(1e-6);
    });
    const [x, y] = wgs84ToGcj02(111.13, 37.51);
    const metres = Math.hypot((x - 111.13) * 88_000, (y - 37.51) * 111_000);
    expect(metres).toBeGreaterThan(300);
    expect(metres).toBeLessThan(800);
  });

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
