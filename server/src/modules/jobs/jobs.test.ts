/**
 * Durable jobs on both databases: a job runs once and is done; a keyed job exists once; two
 * instances ticking together never run the same job twice; a failing job is retried with back-off,
 * then failed with its last error, and the command centre retries it from the desk API; a job whose
 * instance died is taken again after its lease; the overdue sweep runs as a periodic job.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import { DAY_MS } from '../../clock.js';
import { sweepOverdue } from '../../jobs/overdue-sweep.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { backoffMs } from './jobs.service.js';

describe.each(DIALECTS)('jobs on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const row = (id: string) => ctx().database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const byKind = (kind: string) => ctx().database.db.selectFrom('jobs').selectAll().where('kind', '=', kind).execute();

  it('a job runs once when due and is done; a keyed job scheduled twice exists once', async () => {
    const { app, clock } = ctx();
    const runs: unknown[] = [];
    app.services.jobs.register('t-once', { run: async (payload) => void runs.push(payload) });
    await app.services.jobs.schedule(app.services.db, {
      kind: 't-once',
      payload: { n: 1 },
      runAt: new Date(clock.now().getTime() + 60_000),
    });
    await app.services.jobs.schedule(app.services.db, { kind: 't-once', payload: { n: 2 }, key: 'remind:x' });
    await app.services.jobs.schedule(app.services.db, { kind: 't-once', payload: { n: 3 }, key: 'remind:x' });
    expect(await byKind('t-once')).toHaveLength(2);
    await app.services.jobs.tick();
    expect(runs).toEqual([{ n: 2 }]); // the first is not due yet
    clock.advance(60_000);
    await app.services.jobs.tick();
    await app.services.jobs.tick();
    expect(runs).toEqual([{ n: 2 }, { n: 1 }]);
    const rows = await byKind('t-once');
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect(rows.every((r) => r.attempts === 1 && r.locked_by === null)).toBe(true);
  });

  it('two instances ticking at once never run the same job twice', async () => {
    const { app } = ctx();
    const other = await ctx().second();
    const seen = new Map<string, number>();
    const handler = {
      run: async (_p: unknown, job: { jobId: string }) => {
        seen.set(job.jobId, (seen.get(job.jobId) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      },
    };
    for (const a of [app, other]) a.services.jobs.register('t-race', handler);
    for (let i = 0; i < 40; i++) await app.services.jobs.schedule(app.services.db, { kind: 't-race', payload: i });
    const tickAll = async (a: App) => {
      for (let i = 0; i < 10; i++) await a.services.jobs.tick(5);
    };
    await Promise.all([tickAll(app), tickAll(other), tickAll(app)]);
    expect(seen.size).toBe(40);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect((await byKind('t-race')).every((r) => r.status === 'done')).toBe(true);
  });

  it('a failing job is retried with back-off, failed after its attempts, and retried from the desk (audited)', async () => {
    const { app, clock, f } = ctx();
    let fail = true;
    let tries = 0;
    app.services.jobs.register('t-flaky', {
      maxAttempts: 3,
      run: async () => {
        tries++;
        if (fail) throw new Error('短信网关无响应 / gateway timeout');
      },
    });
    await app.services.jobs.schedule(app.services.db, { kind: 't-flaky' });
    const [job] = await byKind('t-flaky');
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = clock.now().getTime();
      await app.services.jobs.tick();
      const r = await row(job!.id);
      expect(r.attempts).toBe(attempt);
      expect(r.last_error).toContain('gateway timeout');
      if (attempt < 3) {
        expect(r.status).toBe('pending');
        expect(new Date(r.run_at).getTime() - before).toBe(backoffMs(attempt));
        await app.services.jobs.tick(); // not due yet: nothing runs
        expect(tries).toBe(attempt);
        clock.advance(backoffMs(attempt));
      } else expect(r.status).toBe('failed');
    }
    const admin = await f.login('admin');
    const listed = await f.call('GET', '/api/jobs?status=failed', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((j: { id: string }) => j.id === job!.id)).toMatchObject({
      kind: 't-flaky',
      lastError: expect.stringContaining('gateway'),
    });
    expect((await f.call('POST', `/api/jobs/${job!.id}/retry`, { token: await f.login('binhe') })).status).toBe(403);
    fail = false;
    const retried = await f.call('POST', `/api/jobs/${job!.id}/retry`, { token: admin });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await f.call('POST', `/api/jobs/${job!.id}/retry`, { token: admin })).status).toBe(409); // only a failed one
    await app.services.jobs.tick();
    expect((await row(job!.id)).status).toBe('done');
    const audit = await app.services.db.selectFrom('audit_log').select('action').where('entity_id', '=', job!.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['job.retried']);
  });

  it('a job claimed by an instance that died is taken again once its lease has passed', async () => {
    const { app, clock } = ctx();
    const other = await ctx().second();
    let ran = 0;
    app.services.jobs.register('t-lease', { run: async () => void ran++ });
    other.services.jobs.register('t-lease', { run: async () => void ran++ });
    await app.services.jobs.schedule(app.services.db, { kind: 't-lease' });
    const [job] = await byKind('t-lease');
    // An instance claimed it and died before finishing.
    await app.services.db
      .updateTable('jobs')
      .set({
        status: 'running',
        locked_by: 'dead-instance',
        locked_until: new Date(clock.now().getTime() + 60_000).toISOString(),
        attempts: 1,
      })
      .where('id', '=', job!.id)
      .execute();
    await other.services.jobs.tick();
    expect(ran).toBe(0);
    clock.advance(61_000);
    await other.services.jobs.tick();
    expect(ran).toBe(1);
    expect(await row(job!.id)).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
  });

  it('the overdue sweep runs as a periodic job: it escalates what is late and comes back after its period', async () => {
    const { app, clock, f } = ctx();
    app.services.jobs.register('t-overdue', { everySeconds: 60, run: async () => void (await sweepOverdue(app.services.db, clock)) });
    await app.services.jobs.schedule(app.services.db, { kind: 't-overdue', key: 'every:t-overdue' });
    const late = await f.request({ token: await f.login('resident') });
    clock.advance(30 * DAY_MS);
    await app.services.jobs.tick();
    const r = await app.services.db
      .selectFrom('requests')
      .select(['overdue', 'supervised'])
      .where('id', '=', late.id)
      .executeTakeFirstOrThrow();
    expect(r).toEqual({ overdue: 1, supervised: 1 });
    const [job] = await byKind('t-overdue');
    expect(job).toMatchObject({ status: 'pending', attempts: 0 });
    expect(new Date(job!.run_at).getTime()).toBe(clock.now().getTime() + 60_000);
  });
});
