/**
 * The workflow mechanism on its own, with a small errand workflow on a table of its own, on both
 * databases: a step moves the status and the version and writes one timeline entry; a step the
 * table or a guard refuses writes nothing; two steps from the same read cannot both win; an effect
 * that fails leaves nothing behind, its other writes included.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { AppError, errors } from '../errors.js';
import type { Actor } from '../modules/auth/actor.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/test-db.js';
import { appendTimeline, readTimeline } from './timeline.js';
import { defineMachine, defineWorkflow } from './workflow.js';

type S = 'open' | 'taken' | 'done';
type A = 'take' | 'finish' | 'note';
type P = 'helper' | 'owner';
interface Row {
  id: string;
  status: string;
  version: number;
  updated_at: string;
  taker: string | null;
}
type Input = { action: 'take'; who: string } | { action: 'finish' } | { action: 'note'; text: string; fail?: boolean };

const machine = defineMachine<S, A, P>({
  statuses: ['open', 'taken', 'done'],
  open: ['open', 'taken'],
  actions: ['take', 'finish', 'note'],
  transitions: {
    take: { from: ['open'], to: 'taken', by: ['helper'] },
    finish: { from: ['taken'], to: 'done', by: ['helper'] },
    note: { from: ['open', 'taken'], to: 'same', by: ['helper', 'owner'] },
  },
  statusNames: { open: { zh: '待认领', en: 'Open' }, taken: { zh: '已认领', en: 'Taken' }, done: { zh: '已完成', en: 'Done' } },
  actionNames: {
    create: { zh: '发布', en: 'Post' },
    take: { zh: '认领', en: 'Take' },
    finish: { zh: '完成', en: 'Finish' },
    note: { zh: '备注', en: 'Note' },
  },
});

const errand = defineWorkflow<S, A, P, Row, Input, null>({
  machine,
  entityType: 'errand_probe',
  table: 'wf_probe' as keyof DB,
  guards: { finish: (row) => (row.taker ? null : errors.conflict('没有认领人', 'Nobody took it')) },
  effects: {
    take: ({ input }) => ({ patch: { taker: input.who }, note: null, data: { who: input.who } }),
    finish: () => ({ patch: {}, note: '办好了' }),
    note: async ({ input, trx, actor, now, row }) => {
      // An effect may write other entities' timelines through trx; if it then fails, nothing stays.
      await appendTimeline(trx, [
        { entity: { type: 'errand_probe', id: `${row.id}-other` }, at: now.toISOString(), actor, action: 'note', from: null, to: null },
      ]);
      if (input.fail) throw errors.validation('text', 'text：不行', 'text: no');
      return { patch: {}, note: input.text };
    },
  },
});

const helper: Actor = { kind: 'user', userId: 'u-helper', role: 'volunteer', name: '志愿者甲', unit: null };
const HELPER = new Set<P>(['helper']);
const OWNER = new Set<P>(['owner']);
const NOW = new Date('2026-03-10T02:00:00Z');

describe.each(DIALECTS)('the workflow mechanism (%s)', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase(dialect);
    database = tdb.open();
    await sql`create table wf_probe (id text primary key, status text not null, version integer not null, updated_at text not null, taker text)`.execute(
      database.db,
    );
  }, 60_000);
  afterAll(async () => {
    await database.close();
    await tdb.drop();
  });

  let n = 0;
  const fresh = async (): Promise<Row> => {
    const row: Row = { id: `e${++n}`, status: 'open', version: 1, updated_at: NOW.toISOString(), taker: null };
    await sql`insert into wf_probe (id, status, version, updated_at, taker) values (${row.id}, ${row.status}, ${row.version}, ${row.updated_at}, ${null})`.execute(
      database.db,
    );
    return row;
  };
  const load = async (id: string) =>
    (await sql<Row>`select id, status, version, updated_at, taker from wf_probe where id = ${id}`.execute(database.db)).rows[0] as Row;
  const timeline = (id: string) => readTimeline(database.db, { type: 'errand_probe', id });
  const take = (row: Row, input: Input, performers: ReadonlySet<P> = HELPER) =>
    database.db.transaction().execute((trx) => errand.take({ trx, actor: helper, row, input, performers, now: NOW, ctx: null }));
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return e instanceof AppError ? e.code : String(e);
    }
  };

  it('a step moves status and version and writes one timeline entry saying who, from, to and what', async () => {
    const row = await fresh();
    const r = await take(row, { action: 'take', who: '志愿者甲' });
    expect(r.to).toBe('taken');
    expect(await load(row.id)).toMatchObject({ status: 'taken', version: 2, taker: '志愿者甲' });
    const entries = await timeline(row.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'take',
      from_status: 'open',
      to_status: 'taken',
      actor_id: 'u-helper',
      actor_role: 'volunteer',
      actor_name: '志愿者甲',
      data: JSON.stringify({ who: '志愿者甲' }),
    });
    // A 'same' transition keeps the status and still records the step.
    await take(await load(row.id), { action: 'note', text: '明天送到' }, OWNER);
    expect(await load(row.id)).toMatchObject({ status: 'taken', version: 3 });
    expect((await timeline(row.id)).map((e) => e.note)).toEqual([null, '明天送到']);
  });

  it('refuses what the table does not allow — wrong status or wrong performer — and writes nothing', async () => {
    const row = await fresh();
    expect(await codeOf(take(row, { action: 'finish' }))).toBe('INVALID_TRANSITION');
    expect(await codeOf(take(row, { action: 'take', who: 'x' }, OWNER))).toBe('FORBIDDEN');
    expect(await load(row.id)).toMatchObject({ status: 'open', version: 1 });
    expect(await timeline(row.id)).toHaveLength(0);
  });

  it('a guard narrows both what is offered and what may be taken', async () => {
    const row = await fresh();
    await take(row, { action: 'take', who: '' }); // taken, but by nobody named
    const taken = await load(row.id);
    expect(machine.actionsFor('taken', HELPER)).toEqual(['finish', 'note']);
    expect(errand.available(taken, HELPER)).toEqual(['note']);
    expect(await codeOf(take(taken, { action: 'finish' }))).toBe('CONFLICT');
    expect(await load(row.id)).toMatchObject({ status: 'taken', version: 2 });
  });

  it('two steps from the same read cannot both win', async () => {
    const row = await fresh();
    const results = await Promise.all([
      codeOf(take(row, { action: 'take', who: '甲' })),
      codeOf(take(row, { action: 'take', who: '乙' })),
      codeOf(take(row, { action: 'take', who: '丙' })),
    ]);
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(2);
    expect(await load(row.id)).toMatchObject({ status: 'taken', version: 2 });
    expect(await timeline(row.id)).toHaveLength(1);
  });

  it('an effect that fails leaves nothing: not the row, not its entry, not what it wrote elsewhere', async () => {
    const row = await fresh();
    expect(await codeOf(take(row, { action: 'note', text: 'x', fail: true }))).toBe('VALIDATION_FAILED');
    expect(await load(row.id)).toMatchObject({ status: 'open', version: 1 });
    expect(await timeline(row.id)).toHaveLength(0);
    expect(await readTimeline(database.db, { type: 'errand_probe', id: `${row.id}-other` })).toHaveLength(0);
  });
});
