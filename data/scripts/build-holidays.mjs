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
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const { Lunar } = createRequire(import.meta.url)('lunar-javascript');
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

// Years whose notice is not available get the statutory days of 《全国年节及纪念日放假办法》
// (as amended by 国务院令第798号, in force 2025-01-01), and no 调休:
//   元旦 1 Jan; 春节 农历除夕 and 正月初一–初三; 清明节 the day of the 清明 solar term;
//   劳动节 1–2 May; 端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 1–3 Oct.
// The Chinese-calendar dates come from lunar-javascript (the 寿星天文历 algorithm), checked
// below against the official notices of 2025 and 2026 (every statutory day must be a day off
// there) and compared with Node's ICU Chinese calendar, whose approximation is printed when it
// differs (2027: the new moon of 正月 falls at about 23:56 Beijing time on 6 February, ICU says
// the 7th).
const PROVISIONAL = [2027];
const FIXED = [
  ['元旦', '01-01'],
  ['劳动节', '05-01'],
  ['劳动节', '05-02'],
  ['国庆节', '10-01'],
  ['国庆节', '10-02'],
  ['国庆节', '10-03'],
];

const ymd = (s) => s.toYmd();
function statutoryDays(year) {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  const lunar = [
    ['春节', ymd(newYear.next(-1))], // 除夕: the last day of the old year, whether 腊月 has 29 or 30 days
    ['春节', ymd(newYear)],
    ['春节', ymd(newYear.next(1))],
    ['春节', ymd(newYear.next(2))],
    ['清明节', ymd(Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'])],
    ['端午节', ymd(Lunar.fromYmd(year, 5, 5).getSolar())],
    ['中秋节', ymd(Lunar.fromYmd(year, 8, 15).getSolar())],
  ];
  for (const [name, d] of lunar) check(d.startsWith(`${year}-`), `${year}: ${name} computed as ${d}`);
  return [...FIXED.map(([name, md]) => [name, `${year}-${md}`]), ...lunar];
}

/** Node's ICU Chinese calendar as a second opinion (an approximation; differences are printed, not fatal). */
function icuSecondOpinion(days) {
  const f = new Intl.DateTimeFormat('en-u-ca-chinese', { month: 'numeric', day: 'numeric', timeZone: 'Asia/Shanghai' });
  const lunarOf = (d) => f.format(new Date(`${d}T12:00:00+08:00`)).replace(/[^\d/]/g, '');
  const newYear = days.filter(([n]) => n === '春节')[1][1];
  const expected = [
    ['正月初一', newYear, '1/1'],
    ...days.filter(([n]) => n === '端午节' || n === '中秋节').map(([n, d]) => [n, d, n === '端午节' ? '5/5' : '8/15']),
  ];
  return expected.filter(([, d, want]) => lunarOf(d) !== want).map(([n, d]) => `${n} ${d}: ICU says ${lunarOf(d)}`);
}

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
  return { year, source: n.source, published: n.published, days };
}

function buildProvisional(year) {
  const statutory = statutoryDays(year);
  const days = statutory.map(([name, date]) => ({ date, kind: 'holiday', name }));
  for (const note of icuSecondOpinion(statutory)) console.log(`${year}: note: ${note} (寿星 kept)`);
  return {
    year,
    provisional: true,
    source:
      `国务院办公厅关于${year}年部分节假日安排的通知 not available here: the statutory holidays of 《全国年节及纪念日放假办法》 (国务院令第798号, 2025-01-01施行) only, ` +
      'Chinese-calendar dates computed with the 寿星天文历 algorithm. Make-up working days (调休) and bridge days are NOT included: replace this file when the notice is published.',
    days,
  };
}

/** The method checked against the years whose notice is known: every statutory day is a day off there. */
function checkStatutoryAgainstNotices(files) {
  for (const f of files.filter((x) => !x.provisional)) {
    const off = new Set(f.days.filter((d) => d.kind === 'holiday').map((d) => d.date));
    for (const [name, d] of statutoryDays(f.year)) check(off.has(d), `${f.year}: statutory ${name} ${d} is not a day off in the notice`);
  }
}

const files = [...Object.entries(NOTICES).map(([y, n]) => buildNotice(Number(y), n)), ...PROVISIONAL.map(buildProvisional)];
checkStatutoryAgainstNotices(files);
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
