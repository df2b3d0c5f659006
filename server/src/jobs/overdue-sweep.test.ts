import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../clock.js';
import { GRIDS } from '../test/factories.js';
import { useTestApp } from '../test/test-app.js';
import { DIALECTS } from '../test/test-db.js';
import { sweepOverdue } from './overdue-sweep.js';

describe.each(DIALECTS)('the overdue sweep on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  /** Supervise entries per request, straight from the timeline table. */
  async function superviseEvents(ids: string[]) {
    const rows = await ctx()
      .app.services.db.selectFrom('timeline')
      .select(['entity_id as request_id', 'actor_role', 'actor_id', 'from_status', 'to_status'])
      .where('action', '=', 'supervise')
      .where('entity_type', '=', 'request')
      .where('entity_id', 'in', ids.length ? ids : [''])
      .execute();
    const byRequest = new Map<string, typeof rows>();
    for (const r of rows) byRequest.set(r.request_id, [...(byRequest.get(r.request_id) ?? []), r]);
    return byRequest;
  }

  it('marks a request overdue and supervised once its resolve deadline has passed, with one system entry', async () => {
    const { f, app, clock } = ctx();
    const created = await f.request();
    const grid = await f.login('grid');
    expect((await f.act(grid, created.id, { action: 'sign' })).status).toBe(200);
    const deadline = new Date(created.deadlines.resolve as string);
    // Tuesday 03-10 + 7 working days → the end of Thursday 03-19.
    expect(deadline.toISOString()).toBe('2026-03-19T16:00:00.000Z');

    expect(await sweepOverdue(app.services.db, clock)).toBe(0);
    clock.set(deadline);
    expect(await sweepOverdue(app.services.db, clock)).toBe(0); // due at that instant, not yet late
    clock.advance(1000);
    expect(await sweepOverdue(app.services.db, clock)).toBe(1);
    expect(await sweepOverdue(app.services.db, clock)).toBe(0);

    f.forget('admin');
    const admin = await f.login('admin');
    const detail = await f.call('GET', `/api/requests/${created.id}`, { token: admin });
    expect(detail.body.request).toMatchObject({ status: 'signed', overdue: true, supervised: true });
    const supervise = (
      detail.body.timeline as { action: string; actor: { role: string; id: string | null }; from: string; to: string; at: string }[]
    ).filter((e) => e.action === 'supervise');
    expect(supervise).toHaveLength(1);
    expect(supervise[0]).toMatchObject({
      actor: { role: 'system', id: null },
      from: 'signed',
      to: 'signed',
      at: clock.now().toISOString(),
    });
    // The command centre's queues show it.
    const overdue = await f.call('GET', '/api/requests?queue=overdue', { token: admin });
    expect((overdue.body.items as { id: string }[]).map((r) => r.id)).toContain(created.id);
    const supervised = await f.call('GET', '/api/requests?queue=supervised', { token: admin });
    expect((supervised.body.items as { id: string }[]).map((r) => r.id)).toContain(created.id);
    // Once flagged, later sweeps leave it alone.
    clock.advance(3 * DAY_MS);
    expect(await sweepOverdue(app.services.db, clock)).toBe(0);
    expect((await superviseEvents([created.id])).get(created.id)).toHaveLength(1);
  });

  it('two instances sweeping at once escalate each of 50 requests exactly once; closed and not-yet-due ones are left alone', async () => {
    const { f, app, clock } = ctx();
    clock.set('2026-04-01T02:00:00.000Z'); // Wednesday 10:00 China time
    f.forget('admin');
    f.forget('grid');
    const resident = await f.login('resident');
    const dongguan = await f.at(GRIDS.dongguan);
    const due: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await f.request({ token: resident, body: { description: `第${i}号：路灯不亮`, ...(i % 2 ? { location: dongguan } : {}) } });
      due.push(r.id);
    }
    // Three finished before their deadline: resolved, rated, closed.
    const admin = await f.login('admin');
    const closed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await f.resolved();
      expect((await f.act(resident, r.id, { action: 'rate', rating: 'satisfied', resolved: true })).status).toBe(200);
      expect((await f.act(admin, r.id, { action: 'close' })).status).toBe(200);
      closed.push(r.id);
    }
    // One resolved but not yet rated: out of the handler's hands, not overdue either.
    const resolved = (await f.resolved()).id as string;

    // Past every deadline of the requests above (7 working days; Qingming 04-04..06 lies in between).
    clock.advance(20 * DAY_MS);
    const fresh: string[] = [];
    for (let i = 0; i < 3; i++) fresh.push((await f.request({ token: resident, body: { description: `新的诉求${i}` } })).id);

    const second = await ctx().second();
    const third = await ctx().second();
    const results = await Promise.all([
      sweepOverdue(app.services.db, clock, 7),
      sweepOverdue(second.services.db, clock, 7),
      sweepOverdue(third.services.db, clock, 11),
      sweepOverdue(second.services.db, clock),
    ]);
    const total = results.reduce((a, b) => a + b, 0);

    const events = await superviseEvents([...due, ...closed, resolved, ...fresh]);
    for (const id of due) {
      const list = events.get(id) ?? [];
      expect(list, id).toHaveLength(1);
      expect(list[0]).toMatchObject({ actor_role: 'system', actor_id: null, from_status: 'dispatched', to_status: 'dispatched' });
    }
    for (const id of [...closed, resolved, ...fresh]) expect(events.get(id), id).toBeUndefined();
    expect(total).toBe(50);

    const rows = await app.services.db
      .selectFrom('requests')
      .select(['id', 'overdue', 'supervised', 'version'])
      .where('id', 'in', [...due, ...closed, resolved, ...fresh])
      .execute();
    const flags = new Map(rows.map((r) => [r.id, r]));
    for (const id of due) expect(flags.get(id)).toMatchObject({ overdue: 1, supervised: 1, version: 2 });
    for (const id of [...closed, resolved, ...fresh]) expect(flags.get(id)).toMatchObject({ overdue: 0, supervised: 0 });

    // A second round on every instance finds nothing left.
    expect(await Promise.all([sweepOverdue(app.services.db, clock), sweepOverdue(second.services.db, clock)])).toEqual([0, 0]);
  });

  it('a handler acting on a request while the sweep flags it gets a clean conflict, never a lost flag', async () => {
    const { f, app, clock } = ctx();
    f.forget('grid');
    f.forget('admin');
    const created = await f.request();
    const grid = await f.login('grid');
    clock.advance(30 * DAY_MS);
    const grid2 = (await f.call('POST', '/api/auth/login', { body: { username: 'grid', password: 'Lianxin@2026' } })).body.token as string;
    expect(grid2).toBeTruthy();
    expect(grid).not.toBe(grid2);
    const [sign, swept] = await Promise.all([
      f.act(grid2, created.id, { action: 'sign', version: created.version }),
      sweepOverdue(app.services.db, clock),
    ]);
    expect(swept).toBeGreaterThanOrEqual(1);
    expect([200, 409]).toContain(sign.status);
    const row = await app.services.db
      .selectFrom('requests')
      .select(['overdue', 'supervised', 'status'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ overdue: 1, supervised: 1 });
    expect(row.status).toBe(sign.status === 200 ? 'signed' : 'dispatched');
    expect((await superviseEvents([created.id])).get(created.id)).toHaveLength(1);
  });
});
