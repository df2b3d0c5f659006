/**
 * Many people claim the same wish at the same moment — on one app instance and on two instances
 * sharing one database: exactly one wins, every other gets 409 saying it is taken (Chinese and
 * English), and the timeline holds exactly one claim.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import { Factories } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { act, claim, DONGGUAN, postedWish, wishBody } from './wishes.test-helpers.js';

const CLAIMERS = 12;
const ROUNDS = 6;

describe.each(DIALECTS)('concurrent claims on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  let second: App | null = null;
  const other = async () => {
    second ??= await ctx().second();
    return new Factories(second, ctx().clock);
  };
  const tokens: string[] = [];
  const claimants = async () => {
    if (!tokens.length) for (let i = 0; i < CLAIMERS; i++) tokens.push((await ctx().f.user('volunteer', 'C-GDGS')).token);
    return tokens;
  };

  it.each(['one instance', 'two instances'] as const)(
    `${CLAIMERS} claim at once (%s): one 200, the rest 409 “已被他人认领”, one claim entry — ${ROUNDS} rounds`,
    async (mode) => {
      const { f } = ctx();
      const g = mode === 'one instance' ? f : await other();
      const people = await claimants();
      for (let round = 0; round < ROUNDS; round++) {
        const wish = await postedWish(f);
        const results = await Promise.all(people.map((t, i) => (i % 2 ? g : f).call('POST', `/api/wishes/${wish.id}/claim`, { token: t })));
        const statuses = results.map((r) => r.status).sort();
        expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, ...Array(CLAIMERS - 1).fill(409)]);
        for (const r of results.filter((x) => x.status === 409)) {
          expect(r.body.error.code).toBe('CONFLICT');
          expect(r.body.error.message).toContain('已被他人认领');
          expect(r.body.error.messageEn).toContain('already been claimed');
        }
        const winner = results.findIndex((r) => r.status === 200);
        const row = await ctx()
          .database.db.selectFrom('wishes')
          .select(['status', 'version', 'claimer_user_id'])
          .where('id', '=', wish.id)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe('claimed');
        expect(row.version).toBe(wish.version + 1);
        expect(results[winner]?.body.wish.claimerName).toBeTruthy();
        const claims = await ctx()
          .database.db.selectFrom('timeline')
          .select('actor_id')
          .where('entity_type', '=', 'wish')
          .where('entity_id', '=', wish.id)
          .where('action', '=', 'claim')
          .execute();
        expect(claims).toHaveLength(1);
        expect(claims[0]?.actor_id).toBe(row.claimer_user_id);
        // A late claim after the race is told the same.
        const late = await claim(f, people[(winner + 1) % CLAIMERS] as string, wish.id);
        expect(late.status).toBe(409);
        expect(late.body.error.message).toContain('已被他人认领');
        // The winner gives it back, so nobody reaches the cap on open claims over the rounds.
        expect((await act(f, people[winner] as string, wish.id, { action: 'withdraw', reason: '并发测试结束' })).status).toBe(200);
      }
    },
  );
});

/**
 * Count-then-write under load: six posts for one household at once meet the yearly cap exactly;
 * six claims by one person at once meet the per-person cap exactly; two communities entering the
 * same household at once: one wins.
 */
describe.each(DIALECTS)('caps under concurrent writes on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const ids = { sqlite: '141102196001010030', postgres: '141102197001010019' };

  it('6 posts for one household at once: exactly the yearly cap (2) get in', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const rs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        f.call('POST', '/api/wishes', { token: staff, body: wishBody({ idNumber: ids[dialect], recipientName: `并发${i}` }) }),
      ),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
    const rows = await ctx().database.db.selectFrom('wishes').select('id').where('recipient_name', 'like', '并发%').execute();
    expect(rows).toHaveLength(2);
  });

  it('6 claims by one person at once: exactly the per-person cap (3) are held', async () => {
    const { f } = ctx();
    const someone = await f.user('volunteer', 'C-YZZX');
    const ws = [];
    for (let i = 0; i < 6; i++) ws.push(await postedWish(f));
    const rs = await Promise.all(ws.map((w) => claim(f, someone.token, w.id)));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 200, 409, 409, 409]);
    const held = await ctx()
      .database.db.selectFrom('wishes')
      .select('id')
      .where('claimer_user_id', '=', someone.id)
      .where('status', '=', 'claimed')
      .execute();
    expect(held).toHaveLength(3);
  });

  it('two communities enter the same household at once: one 201, one 409', async () => {
    const { f } = ctx();
    const phone = dialect === 'sqlite' ? '13903587771' : '13903587772';
    for (let round = 0; round < 3; round++) {
      const p = `${phone.slice(0, -1)}${round}`;
      const rs = await Promise.all([
        f.call('POST', '/api/wishes', { token: await f.login('jiaotonglu'), body: wishBody({ recipientPhone: p }) }),
        f.call('POST', '/api/wishes', { token: await f.login('dongguan'), body: wishBody({ communityCode: DONGGUAN, recipientPhone: p }) }),
      ]);
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409]);
    }
  });
});
