/**
 * Races on one drive, on one app instance and on two sharing the database: many deliveries to the
 * same household at once — exactly one is made, every other gets a 409 naming the problem; more
 * deliveries than parcels at once — exactly as many as the stock, never below zero.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import { Factories, type Res } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const AT_ONCE = 12;

describe.each(DIALECTS)('drive races on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  let second: App | null = null;
  const other = async () => {
    second ??= await ctx().second();
    return new Factories(second, ctx().clock);
  };
  const stock = async (itemId: string) =>
    await ctx().database.db.selectFrom('drive_items').select(['stock', 'delivered']).where('id', '=', itemId).executeTakeFirstOrThrow();
  const deliveriesOf = async (driveId: string) =>
    ctx().database.db.selectFrom('drive_deliveries').selectAll().where('drive_id', '=', driveId).execute();

  it.each(['one instance', 'two instances'] as const)(
    `${AT_ONCE} deliveries to one household at once (%s): one 201, the rest 409 saying it was already received`,
    async (mode) => {
      const { f } = ctx();
      const g = mode === 'one instance' ? f : await other();
      const drive = await f.drive({ stock: 20 });
      // Grid worker and community staff, on both instances, all for the same household.
      const r = await f.recipient(drive.id);
      const grid = await f.login('grid');
      const results: Res[] = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          (i % 2 ? g : f).call('POST', `/api/drives/${drive.id}/deliveries`, {
            token: i % 3 ? grid : drive.token,
            body: { recipientId: r.id, confirmation: { method: 'callback' } },
          }),
        ),
      );
      const statuses = results.map((x) => x.status).sort();
      expect(statuses, JSON.stringify(results.map((x) => x.body))).toEqual([201, ...Array(AT_ONCE - 1).fill(409)]);
      for (const loser of results.filter((x) => x.status === 409)) {
        expect(loser.body.error.code).toBe('CONFLICT');
        expect(loser.body.error.message).toMatch(/该户已于 .* 领取过本活动的物资/);
        expect(loser.body.error.messageEn).toMatch(/already received/);
        expect(loser.body.error.field).toBe('recipientId');
      }
      expect(await deliveriesOf(drive.id)).toHaveLength(1);
      expect(await stock(drive.itemIds[0]!)).toEqual({ stock: 19, delivered: 1 });
    },
  );

  it.each(['one instance', 'two instances'] as const)(
    `${AT_ONCE} households at once for 5 parcels (%s): exactly 5 delivered, the rest told the stock ran out; stock never below zero`,
    async (mode) => {
      const { f } = ctx();
      const g = mode === 'one instance' ? f : await other();
      const drive = await f.drive({ stock: 5 });
      const recipients = [];
      for (let i = 0; i < AT_ONCE; i++) recipients.push(await f.recipient(drive.id));
      const results = await Promise.all(
        recipients.map((r, i) =>
          (i % 2 ? g : f).call('POST', `/api/drives/${drive.id}/deliveries`, {
            token: drive.token,
            body: { recipientId: r.id, confirmation: { method: 'callback' } },
          }),
        ),
      );
      const won = results.filter((x) => x.status === 201);
      const lost = results.filter((x) => x.status !== 201);
      expect(won, JSON.stringify(lost.map((x) => x.body))).toHaveLength(5);
      for (const x of lost) {
        expect(x.status).toBe(409);
        expect(x.body.error.message).toMatch(/库存不足：母亲邮包仅剩 0 份/);
        expect(x.body.error.messageEn).toMatch(/Not enough stock/);
      }
      expect(await stock(drive.itemIds[0]!)).toEqual({ stock: 0, delivered: 5 });
      expect(await deliveriesOf(drive.id)).toHaveLength(5);
    },
  );

  it('the database itself refuses a second delivery row for a household and stock below zero', async () => {
    const { f } = ctx();
    const drive = await f.drive({ stock: 1 });
    const r = await f.recipient(drive.id);
    const made = await f.call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'callback' } },
    });
    expect(made.status).toBe(201);
    const db = ctx().database.db;
    const row = await db.selectFrom('drive_deliveries').selectAll().where('id', '=', made.body.id).executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('drive_deliveries')
        .values({ ...row, id: crypto.randomUUID() })
        .execute(),
    ).rejects.toThrow(/unique|UNIQUE/);
    await expect(db.updateTable('drive_items').set({ stock: -1 }).where('id', '=', drive.itemIds[0]!).execute()).rejects.toThrow(
      /check|CHECK/i,
    );
  });
});
