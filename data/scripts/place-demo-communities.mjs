#!/usr/bin/env node
// Place every community/village of 离石区 at a plausible DEMO position (WGS-84), deterministically.
//
//   node data/scripts/place-demo-communities.mjs           # writes data/demo/141102-communities.json
//   node data/scripts/place-demo-communities.mjs --check   # verifies the committed file, writes nothing
//
// No official community positions or boundaries are published with the division data, so these
// points are NOT surveyed: the 居委会 of the seven 街道 cluster in the urban core of 离石 around
// their street's side of town; the 村委会 of each 街道 lie on the edge of town in the
// street's direction; each 镇/乡 has a seat and its villages spread over its own part of the
// district (a region given by anchor points below, from the towns' published relative position:
// 吴城镇 east, 信义镇 north-east, 枣林乡 west, 坪头乡 north-west). Every point is checked to be
// inside the WGS-84 district outline, at least 400 m from its edge.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(DATA, 'demo', '141102-communities.json');
const divisions = JSON.parse(readFileSync(path.join(DATA, 'divisions', '141102.json'), 'utf8'));
const outline = JSON.parse(readFileSync(path.join(DATA, 'geo', '141102-outline.geojson'), 'utf8'));
const geom = outline.features[0].geometry;
const rings = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates; // [polygon][ring][pt]

// --- geometry (local km scale at 37.5° N is plenty for a 60 km district) -------------------
const KX = 111.32 * Math.cos((37.5 * Math.PI) / 180); // km per degree of longitude
const KY = 110.95; // km per degree of latitude
const km = (a, b) => Math.hypot((a[0] - b[0]) * KX, (a[1] - b[1]) * KY);

function inRing(p, ring) {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
/** Point in polygon (even-odd over outer ring and holes, any polygon of a MultiPolygon). */
export function insideOutline(p) {
  return rings.some((poly) => inRing(p, poly[0]) && !poly.slice(1).some((h) => inRing(p, h)));
}
function edgeKm(p) {
  let best = Infinity;
  for (const poly of rings)
    for (const ring of poly)
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1][0] - p[0]) * KX,
          ay = (ring[i - 1][1] - p[1]) * KY;
        const bx = (ring[i][0] - p[0]) * KX,
          by = (ring[i][1] - p[1]) * KY;
        const dx = bx - ax,
          dy = by - ay;
        const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
  return best;
}

// --- seeded PRNG (mulberry32) ---------------------------------------------------------------
let seed = 141102;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

// --- layout (WGS-84) -----------------------------------------------------------------------
const CORE = { minLng: 111.115, maxLng: 111.175, minLat: 37.493, maxLat: 37.55 }; // urban core box
// Street (街道): centre of its 居委会 in town, σ km; centre and radius km of its 村委会 on the edge.
const STREETS = {
  141102001: { name: '滨河', town: [111.14, 37.515], sigma: 0.7 }, // old town along the river
  141102002: { name: '凤山', town: [111.152, 37.526], sigma: 0.8 }, // east bank, under 凤山
  141102003: { name: '莲花池', town: [111.133, 37.505], sigma: 0.8 }, // south-west of centre
  141102004: { name: '城北', town: [111.145, 37.54], sigma: 0.8, villages: [[111.15, 37.585]], radius: 6 },
  141102005: {
    name: '田家会',
    town: [111.166, 37.521],
    sigma: 0.8,
    villages: [
      [111.225, 37.56],
      [111.205, 37.505],
    ],
    radius: 8,
  },
  141102006: { name: '交口', town: [111.12, 37.503], sigma: 0.6, villages: [[111.085, 37.515]], radius: 4 },
  141102007: { name: '西属巴', town: [111.15, 37.499], sigma: 0.7, villages: [[111.18, 37.485]], radius: 4 },
};
// Town (镇/乡): seat (its 200 村委会 sits there), anchors of its area, radius km for villages.
const TOWNS = {
  141102100: {
    name: '吴城镇',
    seat: [111.4, 37.5],
    anchors: [
      [111.48, 37.42],
      [111.52, 37.55],
      [111.33, 37.47],
    ],
    radius: 16,
  },
  141102101: {
    name: '信义镇',
    seat: [111.29, 37.59],
    anchors: [
      [111.4, 37.64],
      [111.5, 37.66],
      [111.33, 37.63],
    ],
    radius: 15,
  },
  141102201: { name: '枣林乡', seat: [111.06, 37.55], anchors: [[111.0, 37.585]], radius: 8 },
  141102202: {
    name: '坪头乡',
    seat: [111.07, 37.64],
    anchors: [
      [110.99, 37.7],
      [111.14, 37.625],
    ],
    radius: 11,
  },
};
const URBAN = [111.14, 37.522]; // anchor that keeps villages out of the built-up area
const anchors = [[URBAN, null]];
for (const [code, s] of Object.entries(STREETS)) for (const a of s.villages ?? []) anchors.push([a, code]);
for (const [code, t] of Object.entries(TOWNS)) for (const a of [t.seat, ...t.anchors]) anchors.push([a, code]);
const ownerOf = (p) => anchors.reduce((b, a) => (km(p, a[0]) < km(p, b[0]) ? a : b))[1];

const MIN_EDGE_KM = 0.4;
const placed = []; // [point, minimum spacing km]
const spacingOk = (p, gap) => placed.every(([q, g]) => km(p, q) >= Math.min(gap, g));

function sample(draw, accept, gap) {
  for (let tries = 0; tries < 20000; tries++) {
    const g = tries < 5000 ? gap : tries < 10000 ? gap / 2 : 0; // relax spacing if crowded
    const p = draw();
    if (insideOutline(p) && edgeKm(p) >= MIN_EDGE_KM && accept(p) && spacingOk(p, g)) {
      placed.push([p, gap]);
      return p;
    }
  }
  throw new Error('could not place a point');
}
const inCore = (p) => p[0] >= CORE.minLng && p[0] <= CORE.maxLng && p[1] >= CORE.minLat && p[1] <= CORE.maxLat;
const jitter = (c, sigmaKm) => () => [c[0] + (gauss() * sigmaKm) / KX, c[1] + (gauss() * sigmaKm) / KY];
const disk = (c, rKm) => () => {
  const r = rKm * Math.sqrt(rand());
  const a = 2 * Math.PI * rand();
  return [c[0] + (r * Math.cos(a)) / KX, c[1] + (r * Math.sin(a)) / KY];
};

const communities = {};
const round6 = (v) => Math.round(v * 1e6) / 1e6;
const put = (code, p) => {
  communities[code] = { lat: round6(p[1]), lng: round6(p[0]) };
};
for (const street of divisions.children) {
  const s = STREETS[street.code];
  const t = TOWNS[street.code];
  if (!s && !t) throw new Error(`no layout for ${street.code} ${street.name}`);
  for (const v of street.children) {
    const serial = Number(v.code.slice(9));
    if (s && serial < 200) {
      put(v.code, sample(jitter(s.town, s.sigma), inCore, 0.25));
    } else if (s) {
      const centre = s.villages[serial % s.villages.length];
      put(
        v.code,
        sample(disk(centre, s.radius), (p) => ownerOf(p) === street.code, 0.9),
      );
    } else if (serial === 200) {
      put(
        v.code,
        sample(jitter(t.seat, 0.15), () => true, 0.3),
      ); // the town seat
    } else {
      put(
        v.code,
        sample(disk(t.seat, t.radius), (p) => ownerOf(p) === street.code, 1.2),
      );
    }
  }
}

// --- verification and output ---------------------------------------------------------------
const result = {
  datum: 'WGS-84',
  demo: true,
  note:
    'DEMO positions, placed plausibly, not surveyed: generated by data/scripts/place-demo-communities.mjs (seeded PRNG) inside data/geo/141102-outline.geojson. ' +
    'Urban 居委会 cluster in the core of 离石 by street; villages spread over their street or town’s part of the district. Do not use for real routing.',
  communities,
};
const codes = divisions.children.flatMap((s) => s.children.map((v) => v.code));
const problems = [];
if (Object.keys(communities).length !== codes.length) problems.push('count mismatch');
for (const c of codes) {
  const p = communities[c] && [communities[c].lng, communities[c].lat];
  if (!p) problems.push(`${c} missing`);
  else if (!insideOutline(p)) problems.push(`${c} outside the outline`);
}
console.log('unit            n  centre(lng,lat)        bbox lng          bbox lat         farthest km');
for (const street of divisions.children) {
  const pts = street.children.map((v) => [communities[v.code].lng, communities[v.code].lat]);
  const c = [pts.reduce((a, p) => a + p[0], 0) / pts.length, pts.reduce((a, p) => a + p[1], 0) / pts.length];
  const xs = pts.map((p) => p[0]),
    ys = pts.map((p) => p[1]);
  console.log(
    `${street.name.padEnd(6, '　')} ${String(pts.length).padStart(3)}  ${c[0].toFixed(3)},${c[1].toFixed(3)}   ` +
      `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}  ${Math.min(...ys).toFixed(3)}–${Math.max(...ys).toFixed(3)}  ` +
      `${Math.max(...pts.map((p) => km(p, c))).toFixed(1)}`,
  );
}
const all = codes.map((c) => [communities[c].lng, communities[c].lat]);
const minEdge = Math.min(...all.map(edgeKm));
let minGap = Infinity;
for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) minGap = Math.min(minGap, km(all[i], all[j]));
const inside = all.filter(insideOutline).length;
console.log(
  `${all.length} points, ${inside} inside the WGS-84 outline; nearest to its edge ${(minEdge * 1000).toFixed(0)} m; closest pair ${(minGap * 1000).toFixed(0)} m`,
);

const body = `${JSON.stringify(result, null, 2).replace(/\{\n\s+("lat": [^\n]+)\n\s+("lng": [^\n]+)\n\s+\}/g, '{ $1 $2 }')}\n`;
if (process.argv.includes('--check')) {
  const same = readFileSync(OUT, 'utf8') === body;
  if (!same) problems.push('committed file differs from a fresh run');
  console.log(`committed file ${same ? 'matches' : 'DIFFERS from'} a fresh run`);
} else if (!problems.length) {
  writeFileSync(OUT, body);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
