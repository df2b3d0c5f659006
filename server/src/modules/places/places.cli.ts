import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../../app.js';
import { exportPlaces, readRows } from './places.io.js';

/** `lianxin places import|export`: the desk's Excel/GeoJSON exchange from the command line. */
export function placesCommands(
  program: Command,
  withApp: <T>(fn: (app: App) => Promise<T>) => Promise<T>,
  bar: (label: string) => { start(total: number, value: number): void; update(v: number): void; stop(): void },
) {
  const places = program.command('places').description('便民场所 / convenience places');
  places
    .command('import <file>')
    .description(
      '从 Excel (.xlsx) 或 GeoJSON 导入场所；先检查全部行，有错误则不导入 / import places; nothing is imported while any row is bad',
    )
    .option('--dry-run', '只检查，不导入 / check only')
    .action(async (file: string, o: { dryRun?: boolean }) => {
      const buf = fs.readFileSync(path.resolve(file));
      const kind = /\.(geo)?json$/i.test(file) ? 'geojson' : 'xlsx';
      await withApp(async ({ services: s }) => {
        const rows = await readRows(buf, kind);
        const progress = bar(o.dryRun ? '检查 checking' : '导入 importing');
        progress.start(rows.length, 0);
        const report = await s.places.importRows({ kind: 'system', job: 'cli' }, rows, {
          dryRun: !!o.dryRun,
          progress: (done) => progress.update(done),
        });
        progress.stop();
        for (const e of report.errors) console.error(`第 ${e.row} 行 row ${e.row}: ${e.message} / ${e.messageEn}`);
        if (report.errors.length) {
          console.error(`${report.errors.length} 个错误，未导入任何场所 / ${report.errors.length} errors, nothing imported`);
          process.exitCode = 1;
          return;
        }
        console.log(
          o.dryRun
            ? `检查通过：${report.valid} 行可导入 / ${report.valid} rows ready`
            : `已导入 ${report.imported} 个场所 / imported ${report.imported} places`,
        );
      });
    });
  places
    .command('export <file>')
    .description('导出全部场所为 Excel (.xlsx) 或 GeoJSON（按扩展名）/ export places (format by extension)')
    .action(async (file: string) => {
      const format = /\.(geo)?json$/i.test(file) ? 'geojson' : 'xlsx';
      await withApp(async ({ services: s }) => {
        const admin = await s.db.selectFrom('users').select('id').where('role', '=', 'district_admin').executeTakeFirst();
        const district = await s.org.root();
        const actor = {
          kind: 'user' as const,
          userId: admin?.id ?? 'cli',
          role: 'district_admin' as const,
          name: 'cli',
          unit: district ? s.org.toScope(district) : null,
        };
        const { items } = await s.places.list(actor, { page: 1, pageSize: 1_000_000 }, true);
        fs.writeFileSync(path.resolve(file), await exportPlaces(items, await s.places.types(), format));
        console.log(`已导出 ${items.length} 个场所 / exported ${items.length} places to ${file}`);
      });
    });
}
