import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/test-app.js';
import { DIALECTS } from '../test/test-db.js';

const ADMIN = { kind: 'system', job: 'test' } as const;

/** Two instances on one database: what one writes, the other serves at once, though it held a copy. */
describe.each(DIALECTS)('reference data caches across instances (%s)', (dialect) => {
  const ctx = useTestApp(dialect);

  it('a category edited on one instance is what the other, which had read it, answers next', async () => {
    const { app } = ctx();
    const second = await ctx().second();
    const before = await second.services.categories.get('city_appearance');
    expect(before?.name).toBeTruthy();
    const { code: _c, ...rest } = before as NonNullable<typeof before>;
    await app.services.categories.save(ADMIN, 'city_appearance', { ...rest, name: '市容环境（改）', kinds: ['problem'] });
    expect((await second.services.categories.get('city_appearance'))?.name).toBe('市容环境（改）');
  });

  it('a unit added on one instance is in the other’s tree at once, and routing uses it', async () => {
    const { app } = ctx();
    const second = await ctx().second();
    const units = await second.services.org.list(); // the second instance holds the tree
    const community = units.find((u) => u.kind === 'community' && u.lat !== null);
    expect(community).toBeDefined();
    const c = community as NonNullable<typeof community>;
    await app.services.org.createUnit(ADMIN, {
      id: 'grid-x-1',
      parentId: c.id,
      kind: 'grid',
      name: '新网格',
      location: { lat: c.lat as number, lng: c.lng as number },
    });
    expect((await second.services.org.list()).map((u) => u.id)).toContain('grid-x-1');
    expect((await second.services.org.locate({ lat: c.lat as number, lng: c.lng as number })).gridCode).toBe('grid-x-1');
  });
});
