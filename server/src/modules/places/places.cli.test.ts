/**
 * `lianxin places import|export` as a user runs it: a separate process on a fresh database of
 * each dialect (migrated, baseline only). The dry run shows a progress bar and a summary and
 * imports nothing; any bad row makes the exit code 1 and nothing is imported; a clean file
 * imports all rows; an export imports back.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_ROOT } from '../../services.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-db.js';

/** Inside 交通路社区 (141102001002). */
const HERE = { lat: 37.5101, lng: 111.1301 };
const ROOT = path.dirname(DATA_ROOT);

async function xlsx(file: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('场所');
  ws.addRow(['名称', '类型', '纬度', '经度', '地址', '社区编码', '开放时间', '设施', '开放车位']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

function lianxin(db: TestDatabase, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/lianxin.mjs'), ...args], {
      cwd: db.dataDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: db.url,
        LIANXIN_DATA_DIR: db.dataDir,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(DIALECTS)('lianxin places (command line) on %s', (dialect) => {
  let db: TestDatabase;
  let dir: string;
  const count = async () => {
    const d = db.open(1);
    try {
      return Number(
        (
          await d.db
            .selectFrom('places')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    } finally {
      await d.close();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    dir = db.dataDir;
    await xlsx(path.join(dir, 'good.xlsx'), [
      ['交通路爱心驿站', '爱心驿站', HERE.lat, HERE.lng, '交通路1号', '141102001002', '24小时', '饮水、充电', null],
      ['交通路错时停车场', '错时停车', HERE.lat + 0.001, HERE.lng, null, '141102001002', '错时 08:00-18:00', null, 60],
      ['交通路公厕', '共享厕所', HERE.lat, HERE.lng + 0.001, null, '141102001002', '每天 06:00-22:00', null, null],
    ]);
    await xlsx(path.join(dir, 'bad.xlsx'), [
      ['好驿站', '爱心驿站', HERE.lat, HERE.lng, null, '141102001002', '24小时', null, null], // 2 ok
      [null, '爱心驿站', HERE.lat, HERE.lng, null, '141102001002', '24小时', null, null], // 3 no name
      ['北京驿站', '爱心驿站', 39.9042, 116.4074, null, null, '24小时', null, null], // 4 outside
      ['游泳馆', '游泳馆', HERE.lat, HERE.lng, null, '141102001002', '24小时', null, null], // 5 unknown type
    ]);
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('--dry-run of a sheet with bad rows: progress bar, every bad row with its number, exit 1, nothing imported', async () => {
    const r = await lianxin(db, 'places', 'import', '--dry-run', path.join(dir, 'bad.xlsx'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/检查 checking \[[█░]+\] 100% \| 4\/4/);
    expect(r.stderr).toContain('第 3 行 row 3: 名称：缺少名称');
    expect(r.stderr).toMatch(/第 4 行 row 4: 坐标：.*范围/);
    expect(r.stderr).toContain('第 5 行 row 5: 类型：未知的类型“游泳馆”');
    expect(r.stderr).not.toMatch(/第 2 行/);
    expect(r.stderr).toContain('3 个错误，未导入任何场所 / 3 errors, nothing imported');
    expect(await count()).toBe(0);
  }, 120_000);

  it('--dry-run of a clean sheet: exit 0, a summary, nothing imported; then the import itself', async () => {
    const dry = await lianxin(db, 'places', 'import', '--dry-run', path.join(dir, 'good.xlsx'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/检查 checking \[[█░]+\] 100% \| 3\/3/);
    expect(dry.stdout).toContain('检查通过：3 行可导入 / 3 rows ready');
    expect(await count()).toBe(0);
    const real = await lianxin(db, 'places', 'import', path.join(dir, 'good.xlsx'));
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).toMatch(/导入 importing \[[█░]+\] 100% \| 3\/3/);
    expect(real.stdout).toContain('已导入 3 个场所 / imported 3 places');
    expect(await count()).toBe(3);
  }, 120_000);

  it('an import with a bad row exits 1 and adds nothing, even without --dry-run', async () => {
    const before = await count();
    const r = await lianxin(db, 'places', 'import', path.join(dir, 'bad.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未导入任何场所');
    expect(await count()).toBe(before);
  }, 120_000);

  it('export writes GeoJSON that imports back cleanly; a missing file is an error, exit 1', async () => {
    const out = path.join(dir, 'out.geojson');
    const ex = await lianxin(db, 'places', 'export', out);
    expect(ex.code, ex.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features.map((f: any) => f.properties.name).sort()).toEqual(['交通路公厕', '交通路爱心驿站', '交通路错时停车场']);
    expect(doc.features.find((f: any) => f.properties.name === '交通路错时停车场').properties).toMatchObject({
      hours: '错时 08:00-18:00',
      spaces: 60,
    });
    const back = await lianxin(db, 'places', 'import', '--dry-run', out);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('3 行可导入');
    const missing = await lianxin(db, 'places', 'import', '--dry-run', path.join(dir, 'nope.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/错误 error: .*nope\.xlsx/);
  }, 120_000);
});
