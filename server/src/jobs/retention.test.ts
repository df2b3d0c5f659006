/**
 * Bookkeeping is pruned by age and kind, on both databases: finished one-off jobs after 30 days,
 * sent or failed texts after 90, idempotency keys after 30; periodic and failed jobs, queued
 * texts and anything younger stay.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../clock.js';
import { useTestApp } from '../test/test-app.js';
import { DIALECTS } from '../test/test-db.js';
import { pruneBookkeeping } from './retention.js';

describe.each(DIALECTS)('bookkeeping retention on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  it('deletes only what is past its retention', async () => {
    const { app, clock } = ctx();
    const db = app.services.db;
    const ago = (days: number) => new Date(clock.now().getTime() - days * DAY_MS).toISOString();
    const job = (id: string, status: 'done' | 'failed' | 'pending', days: number) => ({
      id,
      kind: 't-retention',
      key: null,
      payload: 'null',
      status,
      run_at: ago(days),
      attempts: 0,
      max_attempts: 5,
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: ago(days),
      updated_at: ago(days),
      done_at: status === 'done' ? ago(days) : null,
    });
    await db
      .insertInto('jobs')
      .values([
        job('r-old-done', 'done', 31),
        job('r-new-done', 'done', 29),
        job('r-old-failed', 'failed', 60),
        job('r-old-pending', 'pending', 60),
      ])
      .execute();
    const text = (id: string, status: 'queued' | 'sent' | 'failed', days: number) => ({
      id,
      to_phone: '13900000000',
      text: 'x',
      status,
      provider: null,
      provider_id: null,
      created_at: ago(days),
      sent_at: null,
    });
    await db
      .insertInto('sms_outbox')
      .values([
        text('s-old-sent', 'sent', 91),
        text('s-old-failed', 'failed', 91),
        text('s-new-sent', 'sent', 89),
        text('s-old-queued', 'queued', 91),
      ])
      .execute();
    const key = (k: string, days: number) => ({ scope: 'test', key: k, entity_type: 'request', entity_id: k, created_at: ago(days) });
    await db
      .insertInto('idempotency')
      .values([key('k-old', 31), key('k-new', 29)])
      .execute();

    expect(await pruneBookkeeping(db, clock)).toEqual({ jobs: 1, sms: 2, idempotencyKeys: 1 });

    const jobs = await db.selectFrom('jobs').select('id').where('kind', '=', 't-retention').orderBy('id').execute();
    expect(jobs.map((j) => j.id)).toEqual(['r-new-done', 'r-old-failed', 'r-old-pending']);
    const texts = await db.selectFrom('sms_outbox').select('id').where('id', 'like', 's-%').orderBy('id').execute();
    expect(texts.map((t) => t.id)).toEqual(['s-new-sent', 's-old-queued']);
    const keys = await db.selectFrom('idempotency').select('key').where('scope', '=', 'test').execute();
    expect(keys.map((k) => k.key)).toEqual(['k-new']);
    expect(await pruneBookkeeping(db, clock)).toEqual({ jobs: 0, sms: 0, idempotencyKeys: 0 });
  });
});

describe.each(DIALECTS)('the retention job on %s', (dialect) => {
  const ctx = useTestApp(dialect, { sweepIntervalSeconds: 60 });

  it('is an hourly periodic job that prunes', async () => {
    const { app, clock } = ctx();
    const db = app.services.db;
    const at = new Date(clock.now().getTime() - 40 * DAY_MS).toISOString();
    await db
      .insertInto('idempotency')
      .values({ scope: 'test', key: 'k-job', entity_type: 'request', entity_id: 'x', created_at: at })
      .execute();
    await app.services.jobs.ensurePeriodic();
    await app.services.jobs.tick();
    const [job] = await db.selectFrom('jobs').select(['status', 'run_at']).where('kind', '=', 'retention-prune').execute();
    expect(job?.status).toBe('pending');
    expect(new Date(job?.run_at ?? 0).getTime()).toBe(clock.now().getTime() + 3600_000);
    expect(await db.selectFrom('idempotency').select('key').where('scope', '=', 'test').execute()).toEqual([]);
  });
});
