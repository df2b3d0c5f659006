/**
 * The claim-expiry job and the counts/ledger, on both databases. Days (China time), claim on
 * day 0 with 7 claim days and 2 grace days:
 *   day 0 claim ─ day 6 nothing ─ day 7 reminded (once) ─ day 8 still held ─ day 9 released
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../clock.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { sweepClaims } from './wishes.sweep.js';
import { act, claim, postedWish, uploadPhoto } from './wishes.test-helpers.js';

describe.each(DIALECTS)('wish jobs and counts on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  /** The clock moves (sessions idle out): sign in afresh. */
  const fresh = (...users: string[]) => {
    for (const u of users) ctx().f.forget(u);
  };
  const status = async (id: string) =>
    await ctx()
      .database.db.selectFrom('wishes')
      .select(['status', 'reminded_at', 'claimer_user_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('a claim not delivered in 7 days is reminded once, then returned to the board after 2 more', async () => {
    const { f, app, clock } = ctx();
    fresh('jiaotonglu', 'volunteer', 'resident');
    const wish = await postedWish(f);
    const volunteer = await f.login('volunteer');
    expect((await claim(f, volunteer, wish.id)).status).toBe(200);
    const sweep = () => sweepClaims(app.services.db, clock, app.services.wishes);
    clock.advance(6 * DAY_MS);
    expect(await sweep()).toEqual({ reminded: 0, released: 0 });
    clock.advance(DAY_MS + HOUR_MS);
    expect(await sweep()).toEqual({ reminded: 1, released: 0 });
    expect((await status(wish.id)).reminded_at).not.toBeNull();
    const reminders = await ctx()
      .database.db.selectFrom('notices')
      .select('event')
      .where('entity_id', '=', wish.id)
      .where('event', '=', 'wish.remind.claimer')
      .execute();
    expect(reminders).toHaveLength(1);
    clock.advance(DAY_MS);
    expect(await sweep()).toEqual({ reminded: 0, released: 0 });
    clock.advance(DAY_MS);
    expect(await sweep()).toEqual({ reminded: 0, released: 1 });
    expect(await status(wish.id)).toMatchObject({ status: 'published', claimer_user_id: null });
    // Run again: nothing left to do.
    expect(await sweep()).toEqual({ reminded: 0, released: 0 });
    fresh('jiaotonglu');
    const steps = (await f.call('GET', `/api/wishes/${wish.id}`, { token: await f.login('jiaotonglu') })).body.timeline.map(
      (e: { action: string }) => e.action,
    );
    expect(steps).toEqual(['create', 'publish', 'claim', 'remind', 'release']);
    // Back on the board: someone else may claim it now.
    expect((await claim(f, await f.login('resident'), wish.id)).status).toBe(200);
  });

  it('a job that was down past the grace reminds first and releases only the grace after the reminder; graceDays 0 is refused', async () => {
    const { f, app, clock } = ctx();
    fresh('jiaotonglu', 'volunteer', 'admin');
    const wish = await postedWish(f);
    expect((await claim(f, await f.login('volunteer'), wish.id)).status).toBe(200);
    const sweep = () => sweepClaims(app.services.db, clock, app.services.wishes);
    // (Other tests' claims share the database: this wish's own state is what is checked.)
    clock.advance(12 * DAY_MS);
    await sweep();
    expect(await status(wish.id)).toMatchObject({ status: 'claimed', reminded_at: clock.now().toISOString() });
    await sweep();
    clock.advance(DAY_MS);
    await sweep();
    expect((await status(wish.id)).status).toBe('claimed');
    clock.advance(DAY_MS + HOUR_MS);
    await sweep();
    expect(await status(wish.id)).toMatchObject({ status: 'published', claimer_user_id: null });
    const told = await ctx().database.db.selectFrom('notices').select('event').where('entity_id', '=', wish.id).execute();
    expect(told.map((n) => n.event)).toContain('wish.release.claimer');
    const admin = await f.login('admin');
    const cfg = (await f.call('GET', '/api/wishes/config')).body;
    const bad = await f.call('PUT', '/api/wishes/config', { token: admin, body: { ...cfg, graceDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('graceDays');
    const dup = await f.call('PUT', '/api/wishes/config', { token: admin, body: { ...cfg, groups: [cfg.groups[0], cfg.groups[0]] } });
    expect(dup.status).toBe(400);
    expect(dup.body.error.field).toBe('groups');
  });

  it('a wish whose row is busy (another instance holds the lock) is skipped; the rest of the batch goes on', async () => {
    const { f, app, clock } = ctx();
    fresh('jiaotonglu', 'volunteer');
    const a = await postedWish(f);
    const b = await postedWish(f);
    const person = await f.user('volunteer', 'C-YZZX');
    for (const w of [a, b]) expect((await claim(f, person.token, w.id)).status).toBe(200);
    clock.advance(8 * DAY_MS);
    // The database's answer when another instance holds the write lock, for wish a only.
    const wishes = Object.create(app.services.wishes) as typeof app.services.wishes;
    wishes.step = (actor, id, input, trx) =>
      id === a.id
        ? Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))
        : app.services.wishes.step(actor, id, input, trx);
    await sweepClaims(app.services.db, clock, wishes);
    expect((await status(a.id)).reminded_at).toBeNull();
    expect((await status(b.id)).reminded_at).not.toBeNull();
    // The next run takes it.
    await sweepClaims(app.services.db, clock, app.services.wishes);
    expect((await status(a.id)).reminded_at).not.toBeNull();
  });

  it('counts fulfilled wishes by co-building unit, community and month; the ledger lists every wish in scope with phones masked', async () => {
    const { f } = ctx();
    fresh('jiaotonglu', 'volunteer', 'dongguan', 'resident');
    const staff = await f.login('jiaotonglu');
    const volunteer = await f.login('volunteer');
    const wish = await postedWish(f, { body: { recipientPhone: '13903589999', title: '一袋大米' } });
    await claim(f, volunteer, wish.id, { asUnit: 'C-GDGS' });
    const photo = await uploadPhoto(f, volunteer);
    const now = ctx().clock.now().getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(
      (
        await act(f, volunteer, wish.id, {
          action: 'fulfil',
          photos: [photo],
          startedAt: iso(now - 2 * HOUR_MS),
          endedAt: iso(now - HOUR_MS),
        })
      ).status,
    ).toBe(200);
    expect((await act(f, staff, wish.id, { action: 'confirm' })).status).toBe(200);
    const stats = await f.call('GET', '/api/wishes/stats', { token: staff });
    expect(stats.status).toBe(200);
    expect(stats.body.byUnit.find((u: { key: string }) => u.key === 'C-GDGS')).toMatchObject({ name: '国网离石区供电公司' });
    expect(stats.body.byCommunity.map((c: { key: string }) => c.key)).toEqual(['141102001002']);
    expect(stats.body.fulfilled).toBeGreaterThanOrEqual(1);
    // Another community sees none of it.
    expect((await f.call('GET', '/api/wishes/stats', { token: await f.login('dongguan') })).body.fulfilled).toBe(0);

    const file = await f.app.server.inject({
      method: 'GET',
      url: '/api/wishes/ledger.xlsx',
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    const mine = rows.find((r) => r[1] === wish.number)!;
    expect(mine[4]).toBe('一袋大米');
    expect(mine[8]).toBe('139****9999');
    expect(mine[10]).toBe('已实现');
    expect(JSON.stringify(rows)).not.toContain('13903589999');
    // Residents get no ledger.
    expect((await f.call('GET', '/api/wishes/ledger.xlsx', { token: await f.login('resident') })).status).toBe(403);
  });
});
