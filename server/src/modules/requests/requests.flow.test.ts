import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-db.js';
import { useTestApp } from '../../test/test-app.js';
import { GRIDS } from '../../test/factories.js';

describe.each(DIALECTS)('request lifecycle over HTTP on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('routes a resident’s point to its grid, and the grid worker takes it to resolved; the resident rates it', async () => {
    const { f } = ctx();
    const created = await f.request();
    expect(created.status).toBe('dispatched');
    expect(created.gridCode).toBe(GRIDS.jiaotonglu);
    expect(created.handlerUnitId).toBe(GRIDS.jiaotonglu);
    expect(created.number).toMatch(/^LX20260310\d{4}$/);
    expect(created.reporter.phone).toBe('139****2345');

    const grid = await f.login('grid');
    for (const body of [{ action: 'sign' }, { action: 'contact', note: '已联系' }, { action: 'resolve', reply: '已清理完毕' }]) {
      const r = await f.act(grid, created.id, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const resident = await f.login('resident');
    const rated = await f.act(resident, created.id, { action: 'rate', rating: 'satisfied', resolved: true });
    expect(rated.status).toBe(200);
    expect(rated.body.request.status).toBe('rated');
    expect(rated.body.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'dispatch', 'sign', 'contact', 'resolve', 'rate']);
  });
});
