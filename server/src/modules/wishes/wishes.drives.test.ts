/**
 * Wishes in an aid drive (a festival's wish drive), on both databases: staff name the drive on
 * entry; an unknown, closed or out-of-scope drive, or a resident naming one, is a 400 naming
 * `driveId` and writes nothing; the stats count confirmed wishes per drive; the board filters by it.
 */
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../clock.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { act, claim, DONGGUAN, uploadPhoto, wishBody } from './wishes.test-helpers.js';

describe.each(DIALECTS)('wishes in a drive on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const wishCount = async () =>
    Number(
      (
        await ctx()
          .database.db.selectFrom('wishes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('staff enter a wish in their open drive; the wish carries it and the board filters by it', async () => {
    const { f } = ctx();
    const drive = await f.drive({ title: '春节微心愿' });
    const wish = await f.publishedWish({ driveId: drive.id });
    expect(wish.driveId).toBe(drive.id);
    const other = await f.publishedWish();
    expect(other.driveId).toBeNull();
    const board = await f.call('GET', `/api/wishes/board?drive=${drive.id}`);
    expect(board.status).toBe(200);
    expect(board.body.items.map((i: { id: string }) => i.id)).toEqual([wish.id]);
  });

  it('refuses an unknown, closed or out-of-scope drive, and a resident naming one, with a 400 naming driveId', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const closed = await f.drive();
    expect(
      (
        await f.call('POST', `/api/drives/${closed.id}/actions`, {
          token: closed.token,
          body: { action: 'close', version: closed.version },
        })
      ).status,
    ).toBe(200);
    // A drive of 东关社区: 交通路社区's staff do not see it.
    const dongguan = await f.login('dongguan');
    const foreign = await f.call('POST', '/api/drives', {
      token: dongguan,
      body: { title: '东关春节', organiserUnitId: DONGGUAN, targetCount: 5, items: [{ name: '慰问包' }] },
    });
    expect(foreign.status).toBe(201);
    const open = await f.drive();
    const before = await wishCount();
    const cases: [string | null, string][] = [
      [staff, 'no-such-drive'],
      [staff, closed.id],
      [staff, foreign.body.id],
      [await f.login('resident'), open.id],
    ];
    for (const [token, driveId] of cases) {
      const r = await f.call('POST', '/api/wishes', { token, body: wishBody({ driveId }) });
      expect(r.status, driveId).toBe(400);
      expect(r.body.error.field, JSON.stringify(r.body)).toBe('driveId');
      expect(r.body.error.message).toMatch(/^driveId：/);
    }
    expect(await wishCount()).toBe(before);
  });

  it('counts only confirmed wishes per drive, with its title', async () => {
    const { f } = ctx();
    const drive = await f.drive({ title: '春节微心愿 · 五天认领' });
    const staff = await f.login('jiaotonglu');
    const volunteer = await f.login('volunteer');
    const done = await f.publishedWish({ driveId: drive.id, title: '一袋大米' });
    const open = await f.publishedWish({ driveId: drive.id });
    const claimedOnly = await f.publishedWish({ driveId: drive.id });
    const outside = await f.publishedWish();
    expect(open.status).toBe('published');
    for (const w of [done, claimedOnly, outside]) expect((await claim(f, volunteer, w.id)).status).toBe(200);
    const now = ctx().clock.now().getTime();
    for (const [i, w] of [done, outside].entries()) {
      const photo = await uploadPhoto(f, volunteer);
      const end = now - (i * 3 + 1) * HOUR_MS;
      const fulfil = await act(f, volunteer, w.id, {
        action: 'fulfil',
        photos: [photo],
        startedAt: new Date(end - HOUR_MS).toISOString(),
        endedAt: new Date(end).toISOString(),
      });
      expect(fulfil.status, JSON.stringify(fulfil.body)).toBe(200);
      expect((await act(f, staff, w.id, { action: 'confirm' })).status).toBe(200);
    }
    const stats = await f.call('GET', '/api/wishes/stats', { token: staff });
    expect(stats.status).toBe(200);
    expect(stats.body.byDrive).toEqual([{ key: drive.id, name: '春节微心愿 · 五天认领', count: 1 }]);
    expect(stats.body.fulfilled).toBe(2);
    // Another community counts none of it.
    expect((await f.call('GET', '/api/wishes/stats', { token: await f.login('dongguan') })).body.byDrive).toEqual([]);
  });
});
