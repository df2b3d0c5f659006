/**
 * Durable jobs: every programme's reminders, sweeps and timers (a wish claim that runs out, visits
 * due, late reports, rectification deadlines, uploads to expire, the overdue sweep). A job is a row;
 * any instance claims due rows with one conditional UPDATE (PostgreSQL: `FOR UPDATE SKIP LOCKED`,
 * so instances never take the same row; SQLite: one writer), runs the kind's handler, and marks it
 * done — or, when it throws, retries it with back-off until its attempts run out and it is failed
 * (the command centre's desk lists those, with the last error and a retry). A claimed job whose
 * instance died is taken again once its lease ends. Handlers must be idempotent: a job may run
 * again after a crash between its work and its "done".
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kysely, SqliteAdapter, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, JobTable } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { JobView } from './jobs.responses.js';

export interface JobContext {
  /** The job's row id, and how many times it has been tried (1 on the first run). */
  jobId: string;
  attempt: number;
  now: Date;
}

export interface JobHandler {
  run(payload: unknown, ctx: JobContext): Promise<void>;
  /** A periodic job runs again this many seconds after each run (its row is reused). */
  everySeconds?: number;
  /** Tries before the job is failed (default 5). */
  maxAttempts?: number;
}

export type { JobView } from './jobs.responses.js';

const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;
const present = (j: JobTable): JobView => ({
  id: j.id,
  kind: j.kind,
  key: j.key,
  status: j.status,
  runAt: j.run_at,
  attempts: j.attempts,
  maxAttempts: j.max_attempts,
  lastError: j.last_error,
  updatedAt: j.updated_at,
});

/** 30 s, 1 min, 2 min … up to an hour after the n-th failed try. */
export const backoffMs = (attempt: number): number => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));

export class JobsService {
  private readonly handlers = new Map<string, JobHandler>();
  /** Who holds a claimed row: this instance. */
  readonly worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Schedules a job, in the caller's transaction when it is part of a step (a claim schedules its
   * reminder). With a `key` it exists once: scheduling it again keeps the first.
   */
  async schedule(db: Executor, job: { kind: string; payload?: unknown; runAt?: Date; key?: string; maxAttempts?: number }): Promise<void> {
    const now = this.clock.now().toISOString();
    await db
      .insertInto('jobs')
      .values({
        id: randomUUID(),
        kind: job.kind,
        key: job.key ?? null,
        payload: JSON.stringify(job.payload ?? null),
        status: 'pending',
        run_at: (job.runAt ?? this.clock.now()).toISOString(),
        attempts: 0,
        max_attempts: job.maxAttempts ?? this.handlers.get(job.kind)?.maxAttempts ?? 5,
        last_error: null,
        locked_by: null,
        locked_until: null,
        created_at: now,
        updated_at: now,
        done_at: null,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  /** Makes sure every periodic handler has its row. */
  async ensurePeriodic(): Promise<void> {
    for (const [kind, h] of this.handlers) if (h.everySeconds) await this.schedule(this.db, { kind, key: `every:${kind}` });
  }

  /** Claims due jobs atomically: no two instances get the same row. */
  private async claim(limit: number): Promise<JobTable[]> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const sqlite = this.db.getExecutor().adapter instanceof SqliteAdapter;
    const due = this.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit)
      .$if(!sqlite, (q) => q.forUpdate().skipLocked());
    return this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running' as const,
        locked_by: this.worker,
        locked_until: new Date(now.getTime() + LEASE_MS).toISOString(),
        attempts: eb('attempts', '+', 1),
        updated_at: nowIso,
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  }

  /** Runs what is due now; returns how many jobs ran (done or not). */
  tick(limit = 20): Promise<number> {
    // One tick at a time per instance: a slow sweep is not started twice by the timer.
    this.ticking ??= this.runDue(limit).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /**
   * Claims one job at a time, right before running it: a job's lease starts when it starts, so a
   * slow job ahead of it cannot let its lease run out while it waits (and another instance run it too).
   */
  private async runDue(limit: number): Promise<number> {
    let ran = 0;
    while (ran < limit) {
      const [job] = await this.claim(1);
      if (!job) break;
      await this.runOne(job);
      ran++;
    }
    return ran;
  }

  private async runOne(job: JobTable): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const now = this.clock.now();
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler.run(JSON.parse(job.payload), { jobId: job.id, attempt: job.attempts, now });
      const after = this.clock.now();
      await this.finish(job, {
        status: handler.everySeconds ? 'pending' : 'done',
        run_at: handler.everySeconds ? new Date(after.getTime() + handler.everySeconds * 1000).toISOString() : job.run_at,
        attempts: handler.everySeconds ? 0 : job.attempts,
        last_error: null,
        done_at: handler.everySeconds ? null : after.toISOString(),
      });
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
      const exhausted = job.attempts >= job.max_attempts;
      await this.finish(job, {
        // A periodic job never dies: it is tried again at its next period with its error shown.
        status: exhausted && !handler?.everySeconds ? 'failed' : 'pending',
        run_at: new Date(
          now.getTime() + (exhausted && handler?.everySeconds ? handler.everySeconds * 1000 : backoffMs(job.attempts)),
        ).toISOString(),
        attempts: exhausted && handler?.everySeconds ? 0 : job.attempts,
        last_error: message,
        done_at: null,
      });
    }
  }

  /** Writes the outcome, only while this instance still holds the row (its lease did not pass to another). */
  private async finish(job: JobTable, outcome: Pick<JobTable, 'status' | 'run_at' | 'attempts' | 'last_error' | 'done_at'>): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ ...outcome, locked_by: null, locked_until: null, updated_at: this.clock.now().toISOString() })
      .where('id', '=', job.id)
      .where('locked_by', '=', this.worker)
      .where('status', '=', 'running')
      .execute();
  }

  /** Ticks every `seconds` (0 = never: tests tick by hand); returns a stop function. */
  start(seconds: number, log: (e: unknown) => void): () => void {
    if (seconds <= 0) return () => {};
    void this.ensurePeriodic().catch(log);
    this.timer = setInterval(() => {
      this.tick().catch(log);
    }, seconds * 1000);
    this.timer.unref();
    return () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    };
  }

  // ---- the command centre's view -------------------------------------------------------------

  async list(status?: JobTable['status']): Promise<{ items: JobView[]; counts: Record<string, number> }> {
    const rows = await this.db
      .selectFrom('jobs')
      .selectAll()
      .$if(!!status, (q) => q.where('status', '=', status as JobTable['status']))
      .$if(!status, (q) => q.where('status', '!=', 'done'))
      .orderBy('run_at')
      .limit(500)
      .execute();
    const counts = await this.db
      .selectFrom('jobs')
      .select(['status', sql<number>`count(*)`.as('n')])
      .groupBy('status')
      .execute();
    return { items: rows.map(present), counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) };
  }

  /** A failed job is tried again now, with its attempts counted afresh; audited. */
  async retry(actor: Actor, id: string): Promise<JobView> {
    return this.db.transaction().execute(async (trx) => {
      const nowIso = this.clock.now().toISOString();
      const row = await trx
        .updateTable('jobs')
        .set({ status: 'pending', run_at: nowIso, attempts: 0, updated_at: nowIso })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        const exists = await trx.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirst();
        if (!exists) throw errors.notFound('任务', 'Job');
        throw errors.conflict('只有失败的任务可以重试', 'Only a failed job can be retried', { status: exists.status });
      }
      await this.audit.record(trx, actor, 'job.retried', 'job', id, { kind: row.kind, lastError: row.last_error });
      return present(row);
    });
  }
}
