/** The demo wishes (seed/demo-wishes.ts) go through the real workflow: a usable board, some lit by the demo co-building unit, marked demo, seeded once. */
import { describe, expect, it } from 'vitest';
import { seedDemoDrives } from '../../seed/demo-drives.js';
import { DEMO_COBUILD_WISHES, seedDemoWishes } from '../../seed/demo-wishes.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

describe.each(DIALECTS)('demo wishes on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('fill the board in 交通路 and 东关, with wishes lit by the demo bureau, all marked demo, nine of 交通路’s in its 春节 drive; a second run adds none', async () => {
    const { app, f } = ctx();
    await seedDemoDrives(app.services);
    expect(await seedDemoWishes(app.services)).toBe(16);
    expect(await seedDemoWishes(app.services)).toBe(0);
    const board = await f.call('GET', '/api/wishes/board?pageSize=50');
    expect(board.body.items.filter((i: { status: string }) => i.status === 'published').length).toBeGreaterThanOrEqual(8);
    expect(board.body.lit).toBe(3);
    expect(board.body.communities.map((c: { code: string }) => c.code).sort()).toEqual(['141102001001', '141102001002']);
    expect(board.body.items.filter((i: { litBy: string | null }) => i.litBy === DEMO_COBUILD_WISHES.name)).toHaveLength(5);
    const rows = await app.services.db.selectFrom('wishes').select(['demo', 'status']).execute();
    expect(rows.every((r) => r.demo === 1)).toBe(true);
    const records = await app.services.db.selectFrom('service_records').select('status').where('entity_type', '=', 'wish').execute();
    expect(records.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    // Seeded after the demo drives (as seed/demo.ts does): 交通路’s first nine wishes belong to its 春节 drive.
    const festival = await app.services.db
      .selectFrom('drives')
      .select(['id', 'title'])
      .where('title', 'like', '春节%')
      .executeTakeFirstOrThrow();
    const inDrive = await app.services.db.selectFrom('wishes').select('community_code').where('drive_id', '=', festival.id).execute();
    expect(inDrive.length).toBe(9);
    expect(inDrive.every((w) => w.community_code === '141102001002')).toBe(true);
    const stats = await f.call('GET', '/api/wishes/stats', { token: await f.login('jiaotonglu') });
    expect(stats.body.byDrive).toEqual([{ key: festival.id, name: festival.title, count: 3 }]);
  });
});
