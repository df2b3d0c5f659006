/**
 * The demo 创城督查 set (seed 001) builds through the real services on both databases: the
 * secretary's unannounced round with its six findings in 凤山街道, an earlier round, and orders
 * in every state; seeding twice adds nothing.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/test-app.js';
import { DIALECTS } from '../test/test-db.js';
import { seedDemoInspections } from './demo-inspections.js';

describe.each(DIALECTS)('demo inspections on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('seeds the secretary’s round, an earlier one and orders in every state, once', async () => {
    const { app } = ctx();
    await seedDemoInspections(app.services);
    await seedDemoInspections(app.services);
    const db = app.services.db;
    const rounds = await db.selectFrom('inspection_rounds').selectAll().orderBy('created_at').execute();
    expect(rounds.map((r) => [r.mode, r.status])).toEqual([
      ['planned', 'finished'],
      ['unannounced', 'finished'],
    ]);
    const secretary = rounds[1]?.id as string;
    const orders = await db
      .selectFrom('rectification_orders')
      .selectAll()
      .where('round_id', '=', secretary)
      .where('source_type', '=', 'inspection')
      .execute();
    expect(orders.map((o) => o.item_code).sort()).toEqual([
      'bins',
      'flying_lead',
      'rubbish_piled',
      'small_ads',
      'street_vending',
      'wall_damage',
    ]);
    expect(new Set(orders.map((o) => o.street_code))).toEqual(new Set(['141102002']));
    expect(orders.find((o) => o.item_code === 'street_vending')).toMatchObject({ unit_id: 'D-CGJ', status: 'open', rework_count: 1 });
    expect(orders.find((o) => o.item_code === 'rubbish_piled')).toMatchObject({ recurring: 1 });
    const all = await db.selectFrom('rectification_orders').selectAll().execute();
    const now = app.services.clock.now().toISOString();
    expect(new Set(all.map((o) => o.status))).toEqual(new Set(['open', 'answered', 'closed']));
    expect(all.some((o) => o.status === 'open' && o.deadline_at < now && o.escalated_at)).toBe(true);
    expect(all.some((o) => o.status === 'closed' && o.rework_count > 0)).toBe(true);
    expect((await db.selectFrom('similar_checks').select('id').execute()).length).toBeGreaterThan(0);
    // the 督查通报 of the secretary's round renders with its photos
    const admin = await ctx().f.login('admin');
    const r = await app.server.inject({
      method: 'GET',
      url: `/api/inspections/rounds/${secretary}/report.docx`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(r.statusCode).toBe(200);
  }, 120_000);
});
