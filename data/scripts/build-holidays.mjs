#!/usr/bin/env node
// Build data/holidays/cn-<year>.json from the State Council notices, transcribed below
// line by line (dates, the weekdays the notice states, day counts and make-up working days).
// Every line is checked against the calendar before anything is written.
//
//   node data/scripts/build-holidays.mjs            # writes cn-2025.json … cn-2027.json
//   node data/scripts/build-holidays.mjs --check    # checks, and compares with the committed files
//
// To add a year: transcribe its notice (国务院办公厅关于YYYY年部分节假日安排的通知, published
// each autumn) into NOTICES, drop it from PROVISIONAL, and run the script.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'holidays');
const WD = '日一二三四五六';

// [name, first day, its weekday, last day, its weekday, stated day count, [make-up workday, weekday]…]
const NOTICES = {
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
    published: '2024-11-12',
    blocks: [
      ['元旦', '2025-01-01', '三', '2025-01-01', '三', 1],
      ['春节', '2025-01-28', '二', '2025-02-04', '二', 8, ['2025-01-26', '日'], ['2025-02-08', '六']],
      ['清明节', '2025-04-04', '五', '2025-04-06', '日', 3],
      ['劳动节', '2025-05-01', '四', '2025-05-05', '一', 5, ['2025-04-27', '日']],
      ['端午节', '2025-05-31', '六', '2025-06-02', '一', 3],
      ['国庆节、中秋节', '2025-10-01', '三', '2025-10-08', '三', 8, ['2025-09-28', '日'], ['2025-10-11', '六']],
    ],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号)',
    published: '2025-11-04',
    blocks: [
      ['元旦', '2026-01-01', '四', '2026-01-03', '六', 3, ['2026-01-04', '日']],
      ['春节', '2026-02-15', '日', '2026-02-23', '一', 9, ['2026-02-14', '六'], ['2026-02-28', '六']],
      ['清明节', '2026-04-04', '六', '2026-04-06', '一', 3],
      ['劳动节', '2026-05-01', '五', '2026-05-05', '二', 5, ['2026-05-09', '六']],
      ['端午节', '2026-06-19', '五', '2026-06-21', '日', 3],
      ['中秋节', '2026-09-25', '五', '2026-09-27', '日', 3],
      ['国庆节', '2026-10-01', '四', '2026-10-07', '三', 7, ['2026-09-20', '日'], ['2026-10-10', '六']],
    ],
  },
};

// Years whose notice is not available: only the fixed-date statutory days of
// 《全国年节及纪念日放假办法》 (as amended by 国务院令第798号, in force 2025-01-01):
// 元旦 1 Jan; 劳动节 1–2 May; 国庆节 1–3 Oct. The lunar-calendar and solar-term holidays
// (春节 除夕–初三, 清明节, 端午节, 中秋节) and all 调休 are left out until the notice is out.
const PROVISIONAL = [2027];
const FIXED = [
  ['元旦', '01-01'],
  ['劳动节', '05-01'],
  ['劳动节', '05-02'],
  ['国庆节', '10-01'],
  ['国庆节', '10-02'],
  ['国庆节', '10-03'],
];

const ms = (d) => Date.parse(`${d}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const weekday = (d) => WD[new Date(ms(d)).getUTCDay()];
const errors = [];
const check = (ok, msg) => {
  if (!ok) errors.push(msg);
};

function buildNotice(year, n) {
  const days = [];
  for (const [name, from, wFrom, to, wTo, count, ...workdays] of n.blocks) {
    check(weekday(from) === wFrom, `${from} is 周${weekday(from)}, notice says 周${wFrom}`);
    check(weekday(to) === wTo, `${to} is 周${weekday(to)}, notice says 周${wTo}`);
    const len = (ms(to) - ms(from)) / 864e5 + 1;
    check(len === count, `${name} ${from}..${to} is ${len} days, notice says ${count}`);
    for (let t = ms(from); t <= ms(to); t += 864e5) days.push({ date: iso(t), kind: 'holiday', name });
    for (const [d, w] of workdays) {
      check(weekday(d) === w, `${d} is 周${weekday(d)}, notice says 周${w}`);
      check(w === '六' || w === '日', `make-up workday ${d} is not on a weekend`);
      days.push({ date: d, kind: 'workday', name: `${name}调休上班` });
    }
  }
  for (const [name, md] of FIXED) {
    check(
      days.some((x) => x.date === `${year}-${md}` && x.kind === 'holiday'),
      `${year}: statutory ${name} ${md} missing`,
    );
  }
  return { year, source: n.source, published: n.published, days };
}

function buildProvisional(year) {
  return {
    year,
    provisional: true,
    source:
      `国务院办公厅关于${year}年部分节假日安排的通知 not yet available; fixed-date statutory holidays only, per 《全国年节及纪念日放假办法》 (国务院令第798号, 2025-01-01施行). ` +
      'Lunar-calendar/solar-term holidays (春节, 清明节, 端午节, 中秋节) and make-up working days (调休) are NOT included: replace this file when the notice is published.',
    days: FIXED.map(([name, md]) => ({ date: `${year}-${md}`, kind: 'holiday', name })),
  };
}

const files = [...Object.entries(NOTICES).map(([y, n]) => buildNotice(Number(y), n)), ...PROVISIONAL.map(buildProvisional)];
for (const f of files) {
  f.days.sort((a, b) => a.date.localeCompare(b.date));
  const seen = new Set();
  for (const d of f.days) {
    check(d.date.startsWith(`${f.year}-`), `${d.date} outside ${f.year}`);
    check(!seen.has(d.date), `${d.date} listed twice`);
    seen.add(d.date);
  }
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
for (const f of files) {
  const h = f.days.filter((d) => d.kind === 'holiday').length;
  const w = f.days.length - h;
  const weekendOff = f.days.filter((d) => d.kind === 'holiday' && '六日'.includes(weekday(d.date))).length;
  console.log(`${f.year}: ${h} holiday days (${weekendOff} on weekends), ${w} make-up workdays${f.provisional ? ' [provisional]' : ''}`);
  const file = path.join(OUT, `cn-${f.year}.json`);
  const body = `${JSON.stringify(f, null, 2).replace(/\{\n\s+("date": [^\n]+)\n\s+("kind": [^\n]+)\n\s+("name": [^\n]+)\n\s+\}/g, '{ $1 $2 $3 }')}\n`;
  if (!process.argv.includes('--check')) writeFileSync(file, body);
  else if (readFileSync(file, 'utf8') !== body) {
    console.error(`${file} differs from the transcription`);
    process.exitCode = 1;
  }
}
