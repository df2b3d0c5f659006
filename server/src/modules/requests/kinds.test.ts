/**
 * A request kind decides behaviour (kinds.ts): the retired `wish` and `finding` kinds (intake refuses
 * them; their rows stay as history) run no clock, are not escalated by the overdue sweep, do not count in 三率 and are not published on
 * Open311; `problem` does all four. `help` is timed and counted but never published.
 */
import { describe, expect, it } from 'vitest';
import { chinaMonth, DAY_MS } from '../../clock.js';
import { sweepOverdue } from '../../jobs/overdue-sweep.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { KIND_POLICY, KINDS, kindsWhere } from './kinds.js';

const JIAOTONGLU = '141102001002';

describe('kind policy (pure)', () => {
  it('every kind is configured, and the interim kinds are neither timed, swept, measured nor published', () => {
    expect(Object.keys(KIND_POLICY).sort()).toEqual([...KINDS].sort());
    for (const k of ['wish', 'finding'] as const)
      expect(KIND_POLICY[k]).toMatchObject({ clock: null, overdueSweep: false, measured: false, open311: false, publicBoard: false });
    expect(kindsWhere('open311').sort()).toEqual(['problem', 'suggestion']);
    expect(kindsWhere('measured').sort()).toEqual(['help', 'problem', 'suggestion']);
  });
});

describe.each(DIALECTS)('request kinds decide behaviour on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  /** A wish filed before the kind was retired (modules/wishes): the row as intake then wrote it, without deadlines. */
  async function oldWish<R extends { id: string }>(r: R): Promise<R & { kind: 'wish'; deadlines: Record<string, null> }> {
    await ctx()
      .database.db.updateTable('requests')
      .set({ kind: 'wish', category_code: 'micro_wish', sign_deadline: null, contact_deadline: null, resolve_deadline: null })
      .where('id', '=', r.id)
      .execute();
    return { ...r, kind: 'wish', deadlines: { sign: null, contact: null, resolve: null } };
  }

  it('intake refuses the retired wish kind with 400 naming kind; the retired micro_wish category is not offered', async () => {
    const { f } = ctx();
    const r = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: { kind: 'wish', categoryCode: 'micro_wish', description: '想要一台收音机', communityCode: JIAOTONGLU },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('kind');
    expect(r.body.error.message).toContain('不再受理');
    const cats = await f.call('GET', '/api/categories');
    expect((cats.body.items ?? cats.body).map((c: { code: string }) => c.code)).not.toContain('micro_wish');
  });

  it('intake refuses the retired kind `finding` with a 400 naming the field', async () => {
    const { f } = ctx();
    const grid = await f.login('grid');
    const before = await ctx()
      .app.services.db.selectFrom('requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await f.call('POST', '/api/requests', {
      token: grid,
      body: { kind: 'finding', categoryCode: 'small_ads', description: '楼道小广告', channel: 'patrol' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'kind' });
    expect(r.body.error.message).toContain('不再受理');
    const after = await ctx()
      .app.services.db.selectFrom('requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  /**
   * A problem, a help request, a wish and a finding, all at 交通路社区第1网格. Intake no longer takes
   * findings (the inspections programme retired the kind), so the finding is a row as intake wrote
   * them before: a patrol report of kind `finding`, without time limits.
   */
  async function fileOneOfEach() {
    const { f, app } = ctx();
    // The clock moves between tests (the sweep's): sign in afresh.
    for (const u of ['grid', 'resident', 'admin']) f.forget(u);
    const grid = await f.login('grid');
    const problem = await f.request();
    const help = await f.request({ body: { kind: 'help', categoryCode: 'other', description: '独居老人家中水管漏水，请帮忙' } });
    const wish = await oldWish(await f.request({ body: { description: '想要一台收音机' } }));
    const filed = await f.request({
      token: grid,
      body: { kind: 'problem', categoryCode: 'small_ads', description: '楼道小广告', channel: 'patrol', reporterPhone: undefined },
    });
    await app.services.db
      .updateTable('requests')
      .set({ kind: 'finding', sign_deadline: null, contact_deadline: null, resolve_deadline: null })
      .where('id', '=', filed.id)
      .execute();
    const finding = (await f.call('GET', `/api/requests/${filed.id}`, { token: grid })).body.request;
    return { problem, help, wish, finding };
  }

  it('a wish and a finding get no time limits; a problem and a help request do', async () => {
    const { problem, help, wish, finding } = await fileOneOfEach();
    for (const r of [problem, help]) {
      expect(r.deadlines.contact, r.kind).not.toBeNull();
      expect(r.deadlines.resolve, r.kind).not.toBeNull();
    }
    for (const r of [wish, finding]) expect(r.deadlines, r.kind).toEqual({ sign: null, contact: null, resolve: null });
    // …and their workflow still runs: the grid signs for the wish.
    const grid = await ctx().f.login('grid');
    const signed = await ctx().f.act(grid, wish.id, { action: 'sign' });
    expect(signed.status).toBe(200);
    expect(signed.body.request.deadlines).toEqual({ sign: null, contact: null, resolve: null });
  });

  it('the overdue sweep escalates the problem and the help request, never the wish or the finding', async () => {
    const { app, clock } = ctx();
    const { problem, help, wish, finding } = await fileOneOfEach();
    clock.advance(60 * DAY_MS);
    await sweepOverdue(app.services.db, clock);
    const rows = await app.services.db
      .selectFrom('requests')
      .select(['id', 'overdue', 'supervised'])
      .where('id', 'in', [problem.id, help.id, wish.id, finding.id])
      .execute();
    const flag = new Map(rows.map((r) => [r.id, r.overdue]));
    expect(flag.get(problem.id)).toBe(1);
    expect(flag.get(help.id)).toBe(1);
    expect(flag.get(wish.id)).toBe(0);
    expect(flag.get(finding.id)).toBe(0);
  });

  it('三率 count the problem and help kinds only: a wish and a finding handled and rated the same way are not counted', async () => {
    const { f } = ctx();
    const { problem, wish, finding } = await fileOneOfEach();
    const grid = await f.login('grid');
    const resident = await f.login('resident');
    const admin = await f.login('admin');
    for (const r of [problem, wish, finding]) {
      for (const body of [{ action: 'sign' }, { action: 'contact', note: '已联系' }, { action: 'resolve', reply: '已办好' }]) {
        const res = await f.act(grid, r.id, body);
        expect(res.status, `${r.kind} ${body.action}: ${JSON.stringify(res.body)}`).toBe(200);
      }
      // The resident filed the problem and the wish; the centre rates the finding by follow-up call.
      const rater = r.kind === 'finding' ? admin : resident;
      const rated = await f.act(rater, r.id, { action: 'rate', rating: 'satisfied', resolved: true });
      expect(rated.status, `${r.kind} rate: ${JSON.stringify(rated.body)}`).toBe(200);
    }
    const month = chinaMonth(ctx().clock.now());
    const ranking = await f.call('GET', `/api/measures/ranking?level=community&month=${month}`, { token: admin });
    expect(ranking.status).toBe(200);
    const row = (ranking.body.rows as { unitId: string; counts: { valid: number; created: number } }[]).find(
      (x) => x.unitId === JIAOTONGLU,
    );
    // Rated: the problem only. Filed this month and counted: the problem and the help request.
    expect(row?.counts).toMatchObject({ valid: 1, created: 2 });
  });

  it('Open311 lists the problem; the wish, the finding and the help request are not published', async () => {
    const { f } = ctx();
    const all = await fileOneOfEach();
    const r = await f.call('GET', '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z');
    expect(r.status).toBe(200);
    const listed = new Set((r.body as { service_request_id: string }[]).map((x) => x.service_request_id));
    expect(listed.has(all.problem.number)).toBe(true);
    for (const k of ['help', 'wish', 'finding'] as const) expect(listed.has(all[k].number), k).toBe(false);
    for (const k of ['help', 'wish', 'finding'] as const) {
      const one = await f.call('GET', `/open311/v2/requests/${all[k].number}.json`);
      expect(one.status, k).toBe(404);
    }
  });
});
