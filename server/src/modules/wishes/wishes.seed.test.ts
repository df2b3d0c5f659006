/** The demo wishes (seed/demo-wishes.ts) go through the real workflow: a usable board, some lit by the demo co-building unit, marked demo, seeded once. */
import { describe, expect, it } from 'vitest';
import { DEMO_COBUILD_WISHES, seedDemoWishes } from '../../seed/demo-wishes.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

describe.each(DIALECTS)('demo wishes on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('fill the board in 交通路 and 东关, with wishes lit by the demo bureau, all marked demo; a second run adds none', async () => {
    const { app, f } = ctx();
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
  });
});
