#!/usr/bin/env node
// The resident pages' JavaScript budget, measured on the Vite build: the entry chunk and what it
// imports, plus the lazily loaded chunks a resident reaches (report, track, my requests, the
// convenience map and its place pages, the Leaflet map) and their strings in one language.
// Prints gzipped sizes and exits 1 over the budget, or when English strings sit in the code a
// Chinese resident page loads (strings belong in the language chunks). Run after `vite build` (npm run build does).
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

const byFile = new Map(Object.entries(manifest).map(([k, c]) => [c.file, { key: k, ...c }]));
const LANG_CHUNK = /(^|\/)i18n\/(zh|en)\.ts$/;
/** The language chunks (i18n/zh.ts, features/<noun>/i18n/zh.ts …) the given chunks may load, but a desk page's. */
function languageChunks(files, lang) {
  const out = new Set();
  for (const f of files)
    for (const d of byFile.get(f)?.dynamicImports ?? [])
      if (LANG_CHUNK.test(d) && d.endsWith(`/${lang}.ts`) && !d.includes('/desk/')) out.add(manifest[d].file); // desk pages' strings: not a resident's
  return out;
}

const read = (file) => fs.readFileSync(path.join(dist, file));
const gz = (file) => zlib.gzipSync(read(file), { level: 9 }).length;
const br = (file) => zlib.brotliCompressSync(read(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1);

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entry) throw new Error('no entry in the manifest');
const code = closure([entry, ...RESIDENT_PAGES.filter((p) => manifest[p])]);
const missing = RESIDENT_PAGES.filter((p) => !manifest[p]);
if (missing.length) console.warn(`budget: not in the manifest (renamed?): ${missing.join(', ')}`);
// A resident page in Chinese loads the code and the Chinese chunks of the strings it shows
// (the English ones only after a switch), so the budget counts one language: the larger.
const langFiles = { zh: languageChunks(code, 'zh'), en: languageChunks(code, 'en') };
const sum = (files, size) => [...files].filter((f) => f.endsWith('.js')).reduce((s, f) => s + size(f), 0);
const langSize = (lang) => sum(langFiles[lang], gz);
const lang = langSize('en') > langSize('zh') ? 'en' : 'zh';
const resident = new Set([...code, ...langFiles[lang]]);
const residentJs = [...resident].filter((f) => f.endsWith('.js'));
const rows = residentJs.map((f) => ({ file: f, gzip: gz(f), src: byFile.get(f)?.src ?? '' })).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((s, r) => s + r.gzip, 0);
const totalBr = sum(resident, br);

const desk = [...closure(DESK_PAGES)].filter((f) => f.endsWith('.js') && !resident.has(f));
const deskTotal = desk.reduce((s, f) => s + gz(f), 0);

console.log(`Resident pages — JavaScript loaded (gzip -9; strings in ${lang}, the larger language):`);
for (const r of rows) console.log(`  ${kb(r.gzip).padStart(7)} KB  ${r.file}${LANG_CHUNK.test(r.src) ? `  (${r.src})` : ''}`);
console.log(`  ${kb(total).padStart(7)} KB  total (budget ${BUDGET_KB} KB); brotli ${kb(totalBr)} KB`);
console.log(`  strings: zh ${kb(langSize('zh'))} KB, en ${kb(langSize('en'))} KB gzip; a page loads one of them`);
console.log(`Desk only (Ant Design, ECharts; never loaded by resident pages): ${kb(deskTotal)} KB gzip in ${desk.length} chunks`);

// One language per page: no English string of a language chunk is in the code a Chinese resident
// page loads (the strings must come from the language chunks only).
const strings = async (file) => {
  const mod = await import(path.join(dist, file));
  return Object.values(mod).find((v) => v && typeof v === 'object') ?? {};
};
const leaks = [];
for (const key of Object.keys(manifest).filter((k) => LANG_CHUNK.test(k) && k.endsWith('/en.ts'))) {
  const en = await strings(manifest[key].file);
  const zhKey = key.replace(/en\.ts$/, 'zh.ts');
  const zh = manifest[zhKey] ? await strings(manifest[zhKey].file) : {};
  const own = Object.entries(en).filter(([k, v]) => v !== zh[k] && /[a-z]{3,}.*\s.*[a-z]{3,}/i.test(v));
  for (const f of [...code, ...langFiles.zh].filter((x) => x.endsWith('.js'))) {
    const text = read(f).toString('utf8');
    for (const [k, v] of own) if (text.includes(v)) leaks.push(`${f}: "${v}" (${k}, ${key})`);
  }
}
if (leaks.length) {
  console.error(`budget: a Chinese resident page would carry English strings:\n  ${leaks.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
console.log('one language: no English string of the language chunks in the Chinese resident pages’ code');
if (total > BUDGET_KB * 1024) {
  console.error(`budget: resident JavaScript is ${kb(total)} KB gzip, over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
console.log('budget: ok');
