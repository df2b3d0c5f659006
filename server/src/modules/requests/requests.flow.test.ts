/**
 * The request engine through its HTTP API, on both databases: the main path, every side path of
 * the brief (退单, 延期, 督办, 重办, 不予受理, 合并, notes), tracking without an account, phone
 * masking and the audit of unmasked views, and the immutable timeline.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GRIDS } from '../../test/factories.js';
import { T0, useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const PHONE = '13935812345';
const MASKED = '139****2345';
/** 2026-03-10 (Tue) + 7 working days = end of Thu 2026-03-19 = 2026-03-20 00:00 China time. */
const RESOLVE_DEADLINE = '2026-03-19T16:00:00.000Z';

type Ev = {
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  actor: { role: string; unitId: string | null; name: string };
  data: any;
};

describe.each(DIALECTS)('request lifecycle over HTTP on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  const detail = async (id: string, who = 'admin') => {
    const { f } = ctx();
    const r = await f.call('GET', `/api/requests/${id}`, { token: await f.login(who) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { request: any; timeline: Ev[]; actions: string[] };
  };
  const ok = async (who: string, id: string, body: Record<string, unknown>) => {
    const { f } = ctx();
    const r = await f.act(await f.login(who), id, body);
    expect(r.status, `${who} ${body.action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body as { request: any; timeline: Ev[]; actions: string[] };
  };
  const eventCount = async (id: string) => {
    const r = await ctx()
      .database.db.selectFrom('timeline')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_type', '=', 'request')
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  /** A request that the centre must dispatch (a department's category), at 交通路社区第1网格. */
  const unrouted = async (extra: Record<string, unknown> = {}) => {
    const { f } = ctx();
    const r = await f.request({ body: { categoryCode: 'garbage', description: '垃圾站满溢多日无人清运', ...extra } });
    expect(r.status).toBe('accepted');
    expect(r.handlerUnitId).toBeNull();
    return r;
  };

  it('main path: grid-routed, signed, contacted, resolved, rated, closed — one timeline entry per step', async () => {
    const { f } = ctx();
    const created = await f.request();
    expect(created.status).toBe('dispatched');
    expect(created.gridCode).toBe(GRIDS.jiaotonglu);
    expect(created.handlerUnitId).toBe(GRIDS.jiaotonglu);
    expect(created.number).toMatch(/^LX20260310\d{4}$/);
    expect(created.reporter.phone).toBe(MASKED);
    expect(created.deadlines.resolve).toBe(RESOLVE_DEADLINE);

    const grid = await f.login('grid');
    expect((await detail(created.id, 'grid')).actions).toEqual(expect.arrayContaining(['sign', 'return', 'comment']));
    for (const body of [{ action: 'sign' }, { action: 'contact', note: '已联系' }, { action: 'resolve', reply: '已清理完毕' }]) {
      const r = await f.act(grid, created.id, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const resident = await f.login('resident');
    const rated = await f.act(resident, created.id, { action: 'rate', rating: 'satisfied', resolved: true, comment: '很及时' });
    expect(rated.status).toBe(200);
    expect(rated.body.request.status).toBe('rated');
    expect(rated.body.request.rating).toMatchObject({ rating: 'satisfied', resolved: true, comment: '很及时' });
    const closed = await ok('jiaotonglu', created.id, { action: 'close' });
    expect(closed.request.status).toBe('closed');
    expect(closed.request.times.closed).toBe(ctx().clock.now().toISOString());
    expect(closed.actions).toEqual([]);

    const t = closed.timeline;
    expect(t.map((e) => [e.action, e.from, e.to])).toEqual([
      ['create', null, 'accepted'],
      ['dispatch', 'accepted', 'dispatched'],
      ['sign', 'dispatched', 'signed'],
      ['contact', 'signed', 'in_progress'],
      ['resolve', 'in_progress', 'resolved'],
      ['rate', 'resolved', 'rated'],
      ['close', 'rated', 'closed'],
    ]);
    expect(t.map((e) => e.actor.role)).toEqual([
      'resident',
      'system',
      'grid_worker',
      'grid_worker',
      'grid_worker',
      'resident',
      'community_staff',
    ]);
    expect(t[3]!.note).toBe('已联系');
    expect(t[4]!.note).toBe('已清理完毕');
    expect(t[2]!.actor.unitId).toBe(GRIDS.jiaotonglu);
    expect(t[6]!.actor.unitId).toBe('141102001002');
    expect(await eventCount(created.id)).toBe(7);

    // A closed request takes no further step from anyone: 409 INVALID_TRANSITION, nothing written.
    for (const [who, body] of [
      ['admin', { action: 'dispatch', handlerUnitId: GRIDS.jiaotonglu }],
      ['grid', { action: 'comment', note: '补充' }],
      ['resident', { action: 'reopen', reason: '又脏了' }],
      ['admin', { action: 'supervise', note: '督办' }],
    ] as const) {
      const r = await f.act(await f.login(who), created.id, body);
      expect(r.status, `${who} ${body.action}`).toBe(409);
      expect(r.body.error.code).toBe('INVALID_TRANSITION');
      expect(r.body.error.message).toContain('（closed）');
      expect(r.body.error.messageEn).toMatch(/not allowed in status "closed"/);
    }
    expect(await eventCount(created.id)).toBe(7);
  });

  it('forbidden steps: wrong status → 409 INVALID_TRANSITION, wrong person → 403, stranger → 404; none is written', async () => {
    const { f } = ctx();
    const req = await f.request();
    const before = await eventCount(req.id);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['grid', { action: 'resolve', reply: '已处理' }, 409, 'INVALID_TRANSITION'], // not signed yet
      ['grid', { action: 'close' }, 409, 'INVALID_TRANSITION'],
      ['resident', { action: 'rate', rating: 'satisfied', resolved: true }, 409, 'INVALID_TRANSITION'],
      ['resident', { action: 'sign' }, 403, 'FORBIDDEN'], // the reporter is not the handler
      ['resident', { action: 'comment', note: '催一下' }, 403, 'FORBIDDEN'],
      ['admin', { action: 'sign' }, 403, 'FORBIDDEN'], // the centre dispatches, the grid signs
      ['jiaotonglu', { action: 'supervise', note: '督办' }, 403, 'FORBIDDEN'], // community staff do not supervise
      ['grid', { action: 'supervise', note: '督办' }, 403, 'FORBIDDEN'],
      ['dongguan', { action: 'sign' }, 404, 'NOT_FOUND'], // another community's request does not exist for them
      ['hwzx', { action: 'comment', note: '看看' }, 404, 'NOT_FOUND'],
      ['volunteer', { action: 'comment', note: '看看' }, 404, 'NOT_FOUND'],
    ];
    for (const [who, body, status, code] of cases) {
      const r = await f.act(await f.login(who), req.id, body);
      expect(r.status, `${who} ${body.action}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(r.body.error.messageEn).toMatch(/[A-Za-z]{3}/);
    }
    // A resident cannot dispatch even their own, still unrouted request.
    const own = await unrouted();
    const d = await f.act(await f.login('resident'), own.id, { action: 'dispatch', handlerUnitId: GRIDS.jiaotonglu });
    expect(d.status).toBe(403);
    // Community staff cannot send work to a department or outside their community.
    const dep = await f.act(await f.login('jiaotonglu'), own.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' });
    expect(dep.status).toBe(403);
    const away = await f.act(await f.login('jiaotonglu'), own.id, { action: 'dispatch', handlerUnitId: GRIDS.dongguan });
    expect(away.status).toBe(403);
    // A stale version is refused.
    const stale = await f.act(await f.login('grid'), req.id, { action: 'sign', version: req.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(await eventCount(req.id)).toBe(before);
    expect(await eventCount(own.id)).toBe(1);
    expect((await detail(req.id)).request.status).toBe('dispatched');
  });

  it('return (退单): reason required (400 naming `reason`), back to accepted without a handler, then re-dispatched', async () => {
    const { f } = ctx();
    const req = await f.request();
    const grid = await f.login('grid');
    for (const body of [{ action: 'return' }, { action: 'return', reason: '' }, { action: 'return', reason: '   ' }]) {
      const r = await f.act(grid, req.id, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.field).toBe('reason');
      expect(r.body.error.message).toMatch(/^reason：/);
      expect(r.body.error.messageEn).toMatch(/^reason: /);
    }
    await ok('grid', req.id, { action: 'sign' });
    const back = await ok('grid', req.id, { action: 'return', reason: '不属于本网格，应由住建局处理' });
    expect(back.request.status).toBe('accepted');
    expect(back.request.handlerUnitId).toBeNull();
    expect(back.request.times.signed).toBeNull();
    const ev = back.timeline.at(-1)!;
    expect(ev).toMatchObject({ action: 'return', from: 'signed', to: 'accepted', note: '不属于本网格，应由住建局处理' });
    expect(ev.data).toEqual({ from: GRIDS.jiaotonglu });
    // The returned request can no longer be worked by the old handler, and goes back to dispatch.
    expect((await f.act(grid, req.id, { action: 'contact', note: 'x' })).status).toBe(409);
    const again = await ok('admin', req.id, { action: 'dispatch', handlerUnitId: 'D-ZJJ', note: '转住建局' });
    expect(again.request).toMatchObject({ status: 'dispatched', handlerUnitId: 'D-ZJJ' });
    expect(again.timeline.at(-1)).toMatchObject({
      action: 'dispatch',
      from: 'accepted',
      to: 'dispatched',
      data: { handlerUnitId: 'D-ZJJ' },
    });
    // Returning from in-progress work is not a step of the machine.
    const worked = await f.request();
    await ok('grid', worked.id, { action: 'sign' });
    await ok('grid', worked.id, { action: 'contact', note: '已联系' });
    const late = await f.act(grid, worked.id, { action: 'return', reason: '太难了' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('extension (延期): asked by the handler, approved by a dispatcher — the deadline moves by working days', async () => {
    const { f } = ctx();
    const req = await f.request();
    expect(req.deadlines.resolve).toBe(RESOLVE_DEADLINE);
    const grid = await f.login('grid');
    // Not before it is signed for.
    expect((await f.act(grid, req.id, { action: 'request_extension', days: 3, reason: '需协调物业' })).status).toBe(409);
    await ok('grid', req.id, { action: 'sign' });
    const noReason = await f.act(grid, req.id, { action: 'request_extension', days: 3 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const asked = await ok('grid', req.id, { action: 'request_extension', days: 3, reason: '需协调物业' });
    expect(asked.request.extensionPending).toBe(true);
    expect(asked.request.status).toBe('signed');
    expect(asked.timeline.at(-1)).toMatchObject({
      action: 'request_extension',
      from: 'signed',
      to: 'signed',
      note: '需协调物业',
      data: { days: 3 },
    });
    // One pending request at a time.
    const twice = await f.act(grid, req.id, { action: 'request_extension', days: 10, reason: '再延' });
    expect(twice.status).toBe(409);
    // The handler cannot approve its own request; the dispatcher sees the decision in its actions.
    expect((await f.act(grid, req.id, { action: 'approve_extension' })).status).toBe(403);
    expect((await detail(req.id, 'jiaotonglu')).actions).toEqual(expect.arrayContaining(['approve_extension', 'deny_extension']));
    const approved = await ok('jiaotonglu', req.id, { action: 'approve_extension', note: '同意' });
    // End of Thu 03-19 + 3 working days (Fri 20, Mon 23, Tue 24) = end of Tue 2026-03-24.
    expect(approved.request.deadlines.resolve).toBe('2026-03-24T16:00:00.000Z');
    expect(approved.request.extensionPending).toBe(false);
    expect(approved.timeline.at(-1)).toMatchObject({
      action: 'approve_extension',
      data: { days: 3, deadline: '2026-03-24T16:00:00.000Z' },
    });
    // Nothing pending any more: approving or denying again is a conflict.
    expect((await f.act(await f.login('jiaotonglu'), req.id, { action: 'approve_extension' })).status).toBe(409);
    expect((await f.act(await f.login('jiaotonglu'), req.id, { action: 'deny_extension', reason: '不同意' })).status).toBe(409);
  });

  it('extension across a configured holiday and a make-up working day (调休)', async () => {
    const { f } = ctx();
    const admin = await f.login('admin');
    const set = async (date: string, kind: string, name: string) =>
      expect((await f.call('PUT', `/api/calendar/days/${date}`, { token: admin, body: { kind, name } })).status).toBe(200);
    const req = await f.request();
    await ok('grid', req.id, { action: 'sign' });
    await ok('grid', req.id, { action: 'request_extension', days: 3, reason: '等待配件' });
    await set('2026-03-22', 'workday', '测试调休');
    await set('2026-03-23', 'holiday', '测试假日');
    await set('2026-03-24', 'holiday', '测试假日');
    try {
      const approved = await ok('binhe', req.id, { action: 'approve_extension' });
      // Fri 20 (1), Sat 21 rest, Sun 22 make-up (2), Mon 23 + Tue 24 holiday, Wed 25 (3) → end of 2026-03-25.
      expect(approved.request.deadlines.resolve).toBe('2026-03-25T16:00:00.000Z');
    } finally {
      for (const d of ['2026-03-22', '2026-03-23', '2026-03-24'])
        expect((await f.call('DELETE', `/api/calendar/days/${d}`, { token: admin })).status).toBe(200);
    }
  });

  it('extension denied: reason required, deadline unchanged; an extension approved after the deadline counts from now', async () => {
    const { f, clock } = ctx();
    const req = await f.request();
    await ok('grid', req.id, { action: 'sign' });
    await ok('grid', req.id, { action: 'contact', note: '已联系' });
    await ok('grid', req.id, { action: 'request_extension', days: 5, reason: '需要施工' });
    const jt = await f.login('jiaotonglu');
    const noReason = await f.act(jt, req.id, { action: 'deny_extension' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const denied = await ok('jiaotonglu', req.id, { action: 'deny_extension', reason: '可以按期完成' });
    expect(denied.request.extensionPending).toBe(false);
    expect(denied.request.deadlines.resolve).toBe(RESOLVE_DEADLINE);
    expect(denied.request.status).toBe('in_progress');
    expect(denied.timeline.at(-1)).toMatchObject({
      action: 'deny_extension',
      from: 'in_progress',
      to: 'in_progress',
      note: '可以按期完成',
    });
    expect(denied.actions).not.toContain('approve_extension');

    // Approved only after the deadline has passed: the working days count from the approval.
    const late = await f.request();
    await ok('grid', late.id, { action: 'sign' });
    await ok('grid', late.id, { action: 'request_extension', days: 2, reason: '材料未到' });
    clock.set('2026-03-23T02:00:00.000Z'); // Mon 03-23 10:00, past the end of Thu 03-19
    f.forget('jiaotonglu'); // staff sessions end after 30 idle minutes
    try {
      const approved = await ok('jiaotonglu', late.id, { action: 'approve_extension' });
      // Tue 24 (1), Wed 25 (2) → end of Wed 2026-03-25.
      expect(approved.request.deadlines.resolve).toBe('2026-03-25T16:00:00.000Z');
    } finally {
      clock.set(T0);
      f.forget('jiaotonglu');
    }
  });

  it('supervise (督办): the centre and the street only, with a note, once', async () => {
    const { f } = ctx();
    const a = await f.request();
    const noNote = await f.act(await f.login('admin'), a.id, { action: 'supervise' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.field).toBe('note');
    const sup = await ok('admin', a.id, { action: 'supervise', note: '群众反映强烈，限期办理' });
    expect(sup.request.supervised).toBe(true);
    expect(sup.request.status).toBe('dispatched');
    expect(sup.timeline.at(-1)).toMatchObject({
      action: 'supervise',
      from: 'dispatched',
      to: 'dispatched',
      actor: { role: 'district_admin' },
    });
    const again = await f.act(await f.login('binhe'), a.id, { action: 'supervise', note: '再次督办' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');

    const b = await f.request();
    const byStreet = await ok('binhe', b.id, { action: 'supervise', note: '街道督办' });
    expect(byStreet.request.supervised).toBe(true);
    const c = await f.request();
    for (const who of ['jiaotonglu', 'grid'])
      expect((await f.act(await f.login(who), c.id, { action: 'supervise', note: '督办' })).status, who).toBe(403);
    expect((await f.act(await f.login('resident'), c.id, { action: 'supervise', note: '督办' })).status).toBe(403);
    expect((await detail(c.id)).request.supervised).toBe(false);
    // The supervised queue of the centre lists it.
    const q = await f.call('GET', `/api/requests?queue=supervised&q=${a.number}`, { token: await f.login('admin') });
    expect(q.body.items.map((x: any) => x.id)).toEqual([a.id]);
  });

  it('reopen (重办): the resident may after "unsatisfied", not after "satisfied"; reason required', async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const req = await f.resolved();
    expect((await f.act(resident, req.id, { action: 'reopen', reason: '没修好' })).status).toBe(409); // not rated yet
    await ok('resident', req.id, { action: 'rate', rating: 'unsatisfied', resolved: false, comment: '根本没处理' });
    const noReason = await f.act(resident, req.id, { action: 'reopen' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const re = await ok('resident', req.id, { action: 'reopen', reason: '垃圾桶还是乱的' });
    expect(re.request).toMatchObject({ status: 'dispatched', reopenCount: 1, rating: null, handlerUnitId: GRIDS.jiaotonglu });
    expect(re.request.times.signed).toBeNull();
    expect(re.timeline.at(-1)).toMatchObject({
      action: 'reopen',
      from: 'rated',
      to: 'dispatched',
      note: '垃圾桶还是乱的',
      data: { previousRating: 'unsatisfied' },
    });
    // The handler takes it again from the top.
    await ok('grid', req.id, { action: 'sign' });

    const happy = await f.resolved();
    await ok('resident', happy.id, { action: 'rate', rating: 'satisfied', resolved: true });
    const refused = await f.act(resident, happy.id, { action: 'reopen', reason: '想再来一次' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('不满意');
    expect((await detail(happy.id)).request.status).toBe('rated');
    // Another resident cannot reopen someone else's request (it does not exist for them).
    const other = await f.user('resident', null);
    expect((await f.act(other.token, happy.id, { action: 'reopen', reason: 'x' })).status).toBe(404);
  });

  it('reopen gives fresh deadlines — sign, contact and resolve — counted from the reopening', async () => {
    const { f, clock } = ctx();
    const req = await f.resolved();
    await ok('resident', req.id, { action: 'rate', rating: 'unsatisfied', resolved: false });
    clock.set('2026-03-13T02:00:00.000Z'); // Fri 03-13 10:00, three days later
    f.forget('grid'); // staff sessions end after 30 idle minutes
    try {
      const re = await ok('resident', req.id, { action: 'reopen', reason: '还是没修好' });
      expect(re.request.deadlines).toEqual({
        sign: '2026-03-14T02:00:00.000Z', // 24 h
        contact: '2026-03-14T02:00:00.000Z', // 24 h
        resolve: '2026-03-24T16:00:00.000Z', // 7 working days: 16–20, 23, 24 → end of Tue 03-24
      });
      // Contacting within the fresh limit counts as in time for the response rate (响应率).
      clock.set('2026-03-13T08:00:00.000Z');
      await ok('grid', req.id, { action: 'sign' });
      await ok('grid', req.id, { action: 'contact', note: '再次上门' });
      const row = await ctx()
        .database.db.selectFrom('requests')
        .select(['contacted_in_time'])
        .where('id', '=', req.id)
        .executeTakeFirstOrThrow();
      expect(row.contacted_in_time).toBe(1);
    } finally {
      clock.set(T0);
      f.forget('grid');
    }
  });

  it('search by words treats % and _ literally on both databases', async () => {
    const { f } = ctx();
    const hit = await f.request({ body: { description: '噪音超标100%_夜间施工' } });
    const miss = await f.request({ body: { description: '噪音超标1000夜间施工' } });
    const jt = await f.login('jiaotonglu');
    for (const q of ['100%_', '100%', '%_夜间']) {
      const r = await f.call('GET', `/api/requests?q=${encodeURIComponent(q)}&pageSize=200`, { token: jt });
      const ids = r.body.items.map((x: any) => x.id);
      expect(ids, q).toContain(hit.id);
      expect(ids, q).not.toContain(miss.id);
    }
  });

  it('reject (不予受理): reason required; a rejected request is final', async () => {
    const { f } = ctx();
    const req = await unrouted({ description: '要求调解邻里房产纠纷' });
    const jt = await f.login('jiaotonglu');
    const noReason = await f.act(jt, req.id, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    expect((await f.act(await f.login('resident'), req.id, { action: 'reject', reason: '我不想要了' })).status).toBe(403);
    const rej = await ok('jiaotonglu', req.id, { action: 'reject', reason: '属于司法诉讼事项，请依法起诉' });
    expect(rej.request.status).toBe('rejected');
    expect(rej.request.times.closed).not.toBeNull();
    expect(rej.actions).toEqual([]);
    expect(rej.timeline.at(-1)).toMatchObject({ action: 'reject', from: 'accepted', to: 'rejected', note: '属于司法诉讼事项，请依法起诉' });
    const after = await f.act(await f.login('admin'), req.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' });
    expect(after.status).toBe(409);
    // Only unrouted requests can be rejected: once dispatched it is the handler's to return.
    const dispatched = await f.request();
    expect((await f.act(jt, dispatched.id, { action: 'reject', reason: 'x' })).status).toBe(409);
  });

  it('merge (合并): the duplicate points at the target, the target gets a timeline note; not into itself or a finished one', async () => {
    const { f } = ctx();
    const target = await unrouted({ description: '东门垃圾站满溢' });
    const dup = await unrouted({ description: '东门垃圾站又满了' });
    const jt = await f.login('jiaotonglu');
    const self = await f.act(jt, dup.id, { action: 'merge', targetId: dup.id });
    expect(self.status).toBe(400);
    expect(self.body.error.field).toBe('targetId');
    const missing = await f.act(jt, dup.id, { action: 'merge', targetId: 'LX209901019999' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('targetId');
    const finished = await unrouted({ description: '已驳回的那条' });
    await ok('jiaotonglu', finished.id, { action: 'reject', reason: '重复' });
    const intoFinished = await f.act(jt, dup.id, { action: 'merge', targetId: finished.id });
    expect(intoFinished.status).toBe(400);
    expect(intoFinished.body.error.field).toBe('targetId');
    // Nor into a closed one.
    const done = await f.resolved();
    await ok('resident', done.id, { action: 'rate', rating: 'satisfied', resolved: true });
    await ok('jiaotonglu', done.id, { action: 'close' });
    const intoClosed = await f.act(jt, dup.id, { action: 'merge', targetId: done.number });
    expect(intoClosed.status).toBe(400);
    expect(intoClosed.body.error.field).toBe('targetId');
    // Nor into one the handler has already answered: merge targets are open requests (docs/request-lifecycle.md).
    const answered = await f.resolved();
    const intoAnswered = await f.act(jt, dup.id, { action: 'merge', targetId: answered.id });
    expect(intoAnswered.status).toBe(400);
    expect(intoAnswered.body.error.field).toBe('targetId');
    // A request of another community is not a target community staff can see.
    const elsewhere = await f.request({ body: { categoryCode: 'garbage', location: await f.at(GRIDS.dongguan) } });
    const intoOther = await f.act(jt, dup.id, { action: 'merge', targetId: elsewhere.id });
    expect(intoOther.status).toBe(400);
    expect(intoOther.body.error.field).toBe('targetId');
    expect(await eventCount(dup.id)).toBe(1);
    expect(await eventCount(target.id)).toBe(1);
    expect(await eventCount(elsewhere.id)).toBe(1);

    const merged = await ok('jiaotonglu', dup.id, { action: 'merge', targetId: target.number, note: '同一地点' });
    expect(merged.request).toMatchObject({ status: 'merged', mergedIntoId: target.id });
    expect(merged.actions).toEqual([]);
    expect(merged.timeline.at(-1)).toMatchObject({
      action: 'merge',
      from: 'accepted',
      to: 'merged',
      data: { targetId: target.id, targetNumber: target.number },
    });
    const t = await detail(target.id);
    expect(t.request.status).toBe('accepted');
    expect(t.timeline.at(-1)).toMatchObject({ action: 'comment', note: `合并了重复诉求 ${dup.number}`, data: { mergedFrom: dup.id } });
    // Nothing can be merged into a merged request either.
    const third = await unrouted({ description: '第三条重复' });
    expect((await f.act(jt, third.id, { action: 'merge', targetId: dup.id })).status).toBe(400);
  });

  it('comment: handler and dispatchers add notes without changing the status; the reporter cannot', async () => {
    const { f } = ctx();
    const req = await f.request();
    const r1 = await ok('grid', req.id, { action: 'comment', note: '明早处理' });
    const r2 = await ok('binhe', req.id, { action: 'comment', note: '请尽快' });
    expect(r2.request.status).toBe('dispatched');
    expect(r2.request.version).toBe(r1.request.version + 1);
    expect(r2.timeline.slice(-2).map((e) => [e.action, e.from, e.to, e.note, e.actor.role])).toEqual([
      ['comment', 'dispatched', 'dispatched', '明早处理', 'grid_worker'],
      ['comment', 'dispatched', 'dispatched', '请尽快', 'street_staff'],
    ]);
    const empty = await f.act(await f.login('grid'), req.id, { action: 'comment' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('note');
    expect((await f.act(await f.login('resident'), req.id, { action: 'comment', note: '催办' })).status).toBe(403);
  });

  it('the timeline is append-only in the database itself: direct UPDATE and DELETE fail', async () => {
    const { f, database } = ctx();
    const req = await f.resolved();
    const db = database.db;
    const before = await eventCount(req.id);
    expect(before).toBe(5);
    await expect(sql`update timeline set note = ${'篡改'} where entity_id = ${req.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.updateTable('timeline').set({ actor_name: '别人' }).where('entity_id', '=', req.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from timeline where entity_id = ${req.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('timeline').execute()).rejects.toThrow(/append-only/);
    // Neither can a request with a timeline be deleted from under it.
    await expect(db.deleteFrom('requests').where('id', '=', req.id).execute()).rejects.toThrow();
    const rows = await db.selectFrom('timeline').selectAll().where('entity_id', '=', req.id).orderBy('id').execute();
    expect(rows).toHaveLength(before);
    expect(rows.map((r) => r.note)).not.toContain('篡改');
    expect(rows.map((r) => r.actor_name)).not.toContain('别人');
    // The audit log is protected the same way.
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set actor_id = null`.execute(db)).rejects.toThrow(/append-only/);
    // PostgreSQL's TRUNCATE skips row triggers; a statement trigger refuses it (SQLite has no TRUNCATE).
    if (ctx().dialect === 'postgres') {
      await expect(sql`truncate timeline cascade`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`truncate requests cascade`.execute(db)).rejects.toThrow(/have a timeline/);
      await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
      expect(await eventCount(req.id)).toBe(before);
    }
  });

  describe('tracking without an account', () => {
    it('by number and phone: the right phone (any formatting) works, a wrong one is 404; staff names are hidden', async () => {
      const { f } = ctx();
      const req = await f.resolved();
      const track = (body: Record<string, unknown>) => f.call('POST', '/api/track', { body });
      const r = await track({ number: req.number, phone: PHONE });
      expect(r.status).toBe(200);
      expect(r.body.request.id).toBe(req.id);
      expect(r.body.request.reporter.phone).toBe(MASKED);
      expect(r.body.request.reporter.name).toBe('张**');
      expect(r.body.actions).toEqual(['rate']);
      expect(r.body.timeline.map((e: Ev) => e.action)).toEqual(['create', 'dispatch', 'sign', 'contact', 'resolve']);
      expect(r.body.timeline.find((e: Ev) => e.action === 'sign').actor).toMatchObject({
        id: null,
        name: '工作人员',
        unitId: GRIDS.jiaotonglu,
      });
      expect(r.body.timeline[0].actor).toMatchObject({ id: null, role: 'resident', name: '诉求人' });
      // The kind of each actor, for clients that name them in another language.
      expect(r.body.timeline.map((e: Ev & { actor: { kind: string } }) => e.actor.kind)).toEqual([
        'reporter',
        'auto_dispatch',
        'staff',
        'staff',
        'staff',
      ]);
      // Neither the staff member's nor the reporter's full name is shown to whoever holds number + phone.
      expect(JSON.stringify(r.body)).not.toContain('梁俊连');
      expect(JSON.stringify(r.body)).not.toContain('张大娘');
      expect((await track({ number: req.number, phone: '139-3581-2345' })).status).toBe(200);
      for (const wrong of ['13935812346', '', '1393581234']) {
        const w = await track({ number: req.number, phone: wrong });
        expect(w.status, wrong).toBe(404);
        expect(w.body.error.code).toBe('NOT_FOUND');
        expect(JSON.stringify(w.body)).not.toContain(req.id);
      }
      expect((await track({ number: 'LX209901019999', phone: PHONE })).status).toBe(404);
      const noNumber = await track({ phone: PHONE });
      expect(noNumber.status).toBe(400);
      expect(noNumber.body.error.field).toBe('number');
      // The old form with the phone in the query string is gone.
      expect((await f.call('GET', `/api/track?number=${req.number}&phone=${PHONE}`)).status).toBe(404);
    });

    it('the access token answered with the request opens it again and acts for 30 minutes, for that request only', async () => {
      const { f } = ctx();
      const req = await f.resolved();
      const first = await f.call('POST', '/api/track', { body: { number: req.number, phone: PHONE } });
      expect(first.status).toBe(200);
      const { token, expiresAt } = first.body.access as { token: string; expiresAt: string };
      expect(new Date(expiresAt).getTime() - ctx().clock.now().getTime()).toBe(30 * 60_000);
      // Nothing personal in it: neither the phone nor the number can be read back.
      const decoded = token
        .split('.')
        .map((p) => Buffer.from(p, 'base64url').toString('utf8'))
        .join('|');
      expect(decoded).not.toContain(PHONE);
      const again = await f.call('POST', '/api/track', { body: { access: token } });
      expect(again.status).toBe(200);
      expect(again.body.request.id).toBe(req.id);
      const rated = await f.call('POST', '/api/track/actions', {
        body: { access: token, action: 'rate', rating: 'satisfied', resolved: true },
      });
      expect(rated.status, JSON.stringify(rated.body)).toBe(200);
      expect(rated.body.request.status).toBe('rated');
      const forged = await f.call('POST', '/api/track', { body: { access: `${token.split('.')[0]}.${'A'.repeat(43)}` } });
      expect(forged.status).toBe(400);
      expect(forged.body.error.field).toBe('access');
      const before = ctx().clock.now();
      ctx().clock.advance(31 * 60_000);
      const expired = await f.call('POST', '/api/track', { body: { access: token } });
      ctx().clock.set(before);
      expect(expired.status).toBe(400);
      expect(expired.body.error.messageEn).toMatch(/expired/);
    });

    it('rate and reopen through POST /api/track/actions; a wrong phone changes nothing', async () => {
      const { f } = ctx();
      const req = await f.resolved();
      const wrong = await f.call('POST', '/api/track/actions', {
        body: { number: req.number, phone: '13900000000', action: 'rate', rating: 'satisfied', resolved: true },
      });
      expect(wrong.status).toBe(404);
      expect(await eventCount(req.id)).toBe(5);
      const missing = await f.call('POST', '/api/track/actions', { body: { number: req.number, phone: PHONE, action: 'rate' } });
      expect(missing.status).toBe(400);
      expect(missing.body.error.field).toBe('rating');
      const rated = await f.call('POST', '/api/track/actions', {
        body: { number: req.number, phone: PHONE, action: 'rate', rating: 'unsatisfied', resolved: false, comment: '还是很乱' },
      });
      expect(rated.status, JSON.stringify(rated.body)).toBe(200);
      expect(rated.body.request.status).toBe('rated');
      expect(rated.body.actions).toEqual(['reopen']);
      expect(rated.body.timeline.at(-1)).toMatchObject({ action: 'rate', actor: { role: 'reporter', name: '诉求人' } });
      const noReason = await f.call('POST', '/api/track/actions', { body: { number: req.number, phone: PHONE, action: 'reopen' } });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.field).toBe('reason');
      const reopened = await f.call('POST', '/api/track/actions', {
        body: { number: req.number, phone: PHONE, action: 'reopen', reason: '请再来看看' },
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body.request.status).toBe('dispatched');
      expect(reopened.body.timeline.at(-1)).toMatchObject({ action: 'reopen', from: 'rated', to: 'dispatched', note: '请再来看看' });
      // Only rate and reopen exist there.
      const other = await f.call('POST', '/api/track/actions', { body: { number: req.number, phone: PHONE, action: 'close' } });
      expect(other.status).toBe(400);
      expect(other.body.error.field).toBe('action');
    });

    it('after a satisfied rating the reporter cannot reopen by phone either', async () => {
      const { f } = ctx();
      const req = await f.resolved();
      const body = { number: req.number, phone: PHONE };
      expect(
        (await f.call('POST', '/api/track/actions', { body: { ...body, action: 'rate', rating: 'satisfied', resolved: true } })).status,
      ).toBe(200);
      const r = await f.call('POST', '/api/track/actions', { body: { ...body, action: 'reopen', reason: '再看看' } });
      expect(r.status).toBe(409);
      expect((await detail(req.id)).request.status).toBe('rated');
    });

    it('an anonymous report without a phone gets a track code that works (any case); a wrong code does not', async () => {
      const { f } = ctx();
      const r = await f.call('POST', '/api/requests', {
        body: { categoryCode: 'fire_lane', description: '消防通道被私家车堵塞', location: await f.at(GRIDS.jiaotonglu), anonymous: true },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.trackCode).toMatch(/^[0-9A-F]{8}$/);
      expect(r.body.anonymous).toBe(true);
      expect(r.body.reporter).toMatchObject({ name: '匿名', phone: null });
      const code = r.body.trackCode as string;
      const track = (body: Record<string, unknown>) => f.call('POST', '/api/track', { body });
      const t = await track({ number: r.body.number, code });
      expect(t.status).toBe(200);
      expect(t.body.request.id).toBe(r.body.id);
      expect((await track({ number: r.body.number, code: code.toLowerCase() })).status).toBe(200);
      const wrongCode = code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
      expect((await track({ number: r.body.number, code: wrongCode })).status).toBe(404);
      expect((await track({ number: r.body.number })).status).toBe(404);
      // The code is not stored in clear, and staff see the report as anonymous.
      const row = await ctx().database.db.selectFrom('requests').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
      expect(row.track_code_hash).not.toContain(code);
      expect((await detail(r.body.id)).request.reporter.name).toBe('匿名');
      // A report with a phone is followed by the phone, and gets no code.
      const withPhone = await f.request({ token: null, body: { reporterName: '王阿姨' } });
      expect(withPhone.trackCode).toBeUndefined();
      expect((await track({ number: withPhone.number, phone: PHONE })).status).toBe(200);
    });
  });

  describe('phone masking and audited unmasked views', () => {
    it('lists and details show 139****2345 to everyone; the full phone never leaks there', async () => {
      const { f } = ctx();
      const req = await f.request();
      for (const who of ['admin', 'binhe', 'jiaotonglu', 'grid', 'resident']) {
        const token = await f.login(who);
        const list = await f.call('GET', `/api/requests?q=${req.number}`, { token });
        expect(list.status).toBe(200);
        expect(
          list.body.items.map((x: any) => x.reporter.phone),
          who,
        ).toEqual([MASKED]);
        const one = await f.call('GET', `/api/requests/${req.id}`, { token });
        expect(one.body.request.reporter).toMatchObject({ phone: MASKED, phoneMasked: true });
        expect(JSON.stringify(list.body) + JSON.stringify(one.body), who).not.toContain(PHONE);
      }
      // Searching by the full phone finds it for staff, still masked.
      const byPhone = await f.call('GET', `/api/requests?q=${PHONE}&pageSize=200`, { token: await f.login('jiaotonglu') });
      expect(byPhone.body.items.map((x: any) => x.id)).toContain(req.id);
      expect(JSON.stringify(byPhone.body)).not.toContain(PHONE);
    });

    it('GET /contact is unmasked for the handler and dispatchers only; each view is in phone-views and the audit log', async () => {
      const { f } = ctx();
      const req = await f.request();
      const grid = await f.login('grid');
      const jt = await f.login('jiaotonglu');
      const r1 = await f.call('GET', `/api/requests/${req.id}/contact`, { token: grid });
      expect(r1.status).toBe(200);
      expect(r1.body).toEqual({ name: '张大娘', phone: PHONE });
      const r2 = await f.call('GET', `/api/requests/${req.number}/contact`, { token: jt });
      expect(r2.status).toBe(200);
      expect(r2.body.phone).toBe(PHONE);
      const r3 = await f.call('GET', `/api/requests/${req.id}/contact`, { token: grid });
      expect(r3.status).toBe(200);

      // The reporter herself, strangers and other units get nothing, and nothing is logged for them.
      const resident = await f.call('GET', `/api/requests/${req.id}/contact`, { token: await f.login('resident') });
      expect(resident.status).toBe(403);
      for (const who of ['volunteer', 'dongguan', 'hwzx', 'inspector']) {
        const r = await f.call('GET', `/api/requests/${req.id}/contact`, { token: await f.login(who) });
        expect(r.status, who).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(PHONE);
      }
      expect((await f.call('GET', `/api/requests/${req.id}/contact`)).status).toBe(401);

      const views = await f.call('GET', `/api/requests/${req.id}/phone-views`, { token: jt });
      expect(views.status).toBe(200);
      const users = await ctx()
        .database.db.selectFrom('users')
        .select(['id', 'username'])
        .where('username', 'in', ['grid', 'jiaotonglu'])
        .execute();
      const idOf = (u: string) => users.find((x) => x.username === u)!.id;
      expect(views.body.items.map((v: any) => [v.userId, v.role, v.unitId]).sort()).toEqual(
        [
          [idOf('grid'), 'grid_worker', GRIDS.jiaotonglu],
          [idOf('grid'), 'grid_worker', GRIDS.jiaotonglu],
          [idOf('jiaotonglu'), 'community_staff', '141102001002'],
        ].sort(),
      );
      for (const v of views.body.items) expect(v.at).toBe(ctx().clock.now().toISOString());
      for (const who of ['resident', 'volunteer']) {
        const r = await f.call('GET', `/api/requests/${req.id}/phone-views`, { token: await f.login(who) });
        expect([403, 404], who).toContain(r.status);
      }
      const audit = await f.call('GET', `/api/audit?entityType=request&entityId=${req.id}&action=request.phone_viewed`, {
        token: await f.login('admin'),
      });
      expect(audit.status).toBe(200);
      expect(audit.body.items).toHaveLength(3);
      expect(audit.body.items.map((a: any) => a.actor_id).sort()).toEqual([idOf('grid'), idOf('grid'), idOf('jiaotonglu')].sort());
      // Looking at the list of viewers is not itself a view.
      expect((await f.call('GET', `/api/requests/${req.id}/phone-views`, { token: jt })).body.items).toHaveLength(3);
    });
  });
});
