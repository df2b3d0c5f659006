#!/usr/bin/env node
// The resident pages' JavaScript budget, measured on the Vite build: the entry chunk and what it
// imports, plus the lazily loaded chunks a resident reaches (report, track, my requests, the
// convenience map and its place pages, the Leaflet map).
// Prints gzipped sizes and exits 1 over the budget. Run after `vite build` (npm run build does).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const BUDGET_KB = Number(process.env.LIANXIN_JS_BUDGET_KB || 300);
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifestFile = path.join(dist, '.vite', 'manifest.json');
if (!fs.existsSync(manifestFile)) {
  console.error(`budget: ${manifestFile} is missing; run \`npm run build\` first`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));

const RESIDENT_PAGES = [
  'src/features/requests/report/ReportPage.tsx',
  'src/features/requests/track/TrackPage.tsx',
  'src/features/requests/track/MinePage.tsx',
  'src/features/requests/track/MyRequestPage.tsx',
  'src/features/places/phone/PlacesPage.tsx',
  'src/features/places/phone/PlaceDetailPage.tsx',
  'src/map/MapView.tsx',
];
const DESK_PAGES = [
  'src/shell/DeskApp.tsx',
  'src/features/dashboard/Dashboard.tsx',
  'src/features/admin/AdminPage.tsx',
  'src/features/places/desk/PlacesDesk.tsx',
  'src/features/places/desk/StatsTab.tsx',
];

/** The chunk of a module and everything it imports statically. */
function closure(keys, into = new Set()) {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) continue;
    into.add(chunk.file);
    closure(chunk.imports ?? [], into);
  }
  return into;
}

const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entry) throw new Error('no entry in the manifest');
const resident = closure([entry, ...RESIDENT_PAGES.filter((p) => manifest[p])]);
const missing = RESIDENT_PAGES.filter((p) => !manifest[p]);
if (missing.length) console.warn(`budget: not in the manifest (renamed?): ${missing.join(', ')}`);
const residentJs = [...resident].filter((f) => f.endsWith('.js'));
const rows = residentJs.map((f) => ({ file: f, gzip: gz(f) })).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((s, r) => s + r.gzip, 0);

const desk = [...closure(DESK_PAGES)].filter((f) => f.endsWith('.js') && !resident.has(f));
const deskTotal = desk.reduce((s, f) => s + gz(f), 0);

console.log('Resident pages — JavaScript loaded (gzip -9):');
for (const r of rows) console.log(`  ${kb(r.gzip).padStart(7)} KB  ${r.file}`);
console.log(`  ${kb(total).padStart(7)} KB  total (budget ${BUDGET_KB} KB)`);
console.log(`Desk only (Ant Design, ECharts; never loaded by resident pages): ${kb(deskTotal)} KB gzip in ${desk.length} chunks`);
if (total > BUDGET_KB * 1024) {
  console.error(`budget: resident JavaScript is ${kb(total)} KB gzip, over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
console.log('budget: ok');
