/**
 * Two people acting on the same request at the same moment, on one app instance and on two
 * instances sharing one database (PostgreSQL; SQLite's two instances share the file): exactly
 * one wins, the other gets a 409 that says why, and the timeline holds exactly one entry.
 * Also Idempotency-Key on intake: retries and concurrent duplicates make one request.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { App } from '../../app.js';
import { Factories, GRIDS, type Res } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

const ROUNDS = 20;

describe.each(DIALECTS)('concurrent actions on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  let second: App | null = null;
  /** A Factories bound to the second app instance (its own pool / its own SQLite connection). */
  const other = async () => {
    second ??= await ctx().second();
    return new Factories(second, ctx().clock);
  };

  const db = () => ctx().database.db;
  const count = async (requestId: string, action: string) =>
    Number(
      (
        await db()
          .selectFrom('timeline')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('entity_type', '=', 'request')
          .where('entity_id', '=', requestId)
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** One 200 and one 409 whose message says what happened, in Chinese and English. */
  const oneWins = (results: Res[], label: string) => {
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, `${label}: ${JSON.stringify(results.map((r) => r.body))}`).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(loser.body.error.code);
    // Either "someone else acted a moment ago" (lost the race in the UPDATE) or "the status is now …" (read after the winner).
    expect(loser.body.error.message).toMatch(/刚刚被他人处理|当前状态（signed）|当前状态（dispatched）/);
    expect(loser.body.error.messageEn).toMatch(/Someone else acted|not allowed in status/);
    return results.findIndex((r) => r.status === 200);
  };

  type Mode = 'one instance' | 'two instances';
  const MODES: Mode[] = ['one instance', 'two instances'];

  it.each(MODES)(`grid worker and community staff sign at once (%s): one 200, one 409, one sign entry — ${ROUNDS} rounds`, async (mode) => {
    const { f } = ctx();
    const g = mode === 'one instance' ? f : await other();
    const grid = await f.login('grid');
    const community = await f.login('jiaotonglu');
    for (let i = 0; i < ROUNDS; i++) {
      const req = await f.request({ body: { description: `并发签收测试 ${mode} ${i}` } });
      const results = await Promise.all([
        f.act(grid, req.id, { action: 'sign' }),
        g.act(community, req.id, { action: 'sign', note: '社区代网格签收' }),
      ]);
      oneWins(results, `round ${i}`);
      expect(await count(req.id, 'sign'), `round ${i}`).toBe(1);
      const row = await db()
        .selectFrom('requests')
        .select(['status', 'version', 'signed_at'])
        .where('id', '=', req.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'signed', version: req.version + 1 });
      expect(row.signed_at).not.toBeNull();
    }
  });

  it.each(MODES)('two dispatchers dispatch the same request at once (%s): one handler, one dispatch entry', async (mode) => {
    const { f } = ctx();
    const g = mode === 'one instance' ? f : await other();
    const admin = await f.login('admin');
    const street = await f.login('binhe');
    for (let i = 0; i < ROUNDS; i++) {
      const req = await f.request({ body: { categoryCode: 'garbage', description: `并发派单测试 ${mode} ${i}` } });
      expect(req.status).toBe('accepted');
      const targets = ['D-HWZX', GRIDS.jiaotonglu];
      const results = await Promise.all([
        f.act(admin, req.id, { action: 'dispatch', handlerUnitId: targets[0] }),
        g.act(street, req.id, { action: 'dispatch', handlerUnitId: targets[1] }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, `round ${i}: ${JSON.stringify(results.map((r) => r.body))}`).toEqual([200, 409]);
      const winner = results.findIndex((r) => r.status === 200);
      const loser = results[1 - winner]!;
      expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(loser.body.error.code);
      expect(loser.body.error.message).toMatch(/刚刚被他人处理|当前状态（dispatched）/);
      expect(await count(req.id, 'dispatch'), `round ${i}`).toBe(1);
      const row = await db()
        .selectFrom('requests')
        .select(['status', 'handler_unit_id', 'version'])
        .where('id', '=', req.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'dispatched', handler_unit_id: targets[winner], version: req.version + 1 });
      expect(results[winner]!.body.request.handlerUnitId).toBe(targets[winner]);
    }
  });

  it.each(MODES)(
    'a return racing a supervise on the same version (%s): both steps are applied in some order, or one is refused — never lost',
    async (mode) => {
      const { f } = ctx();
      const g = mode === 'one instance' ? f : await other();
      const grid = await f.login('grid');
      const admin = await f.login('admin');
      for (let i = 0; i < ROUNDS / 2; i++) {
        const req = await f.request({ body: { description: `并发退单督办 ${mode} ${i}` } });
        const results = await Promise.all([
          f.act(grid, req.id, { action: 'return', reason: '不属于本网格', version: req.version }),
          g.act(admin, req.id, { action: 'supervise', note: '请尽快', version: req.version }),
        ]);
        // Both name the version they read, so exactly one can win.
        oneWinsAny(results, `round ${i}`);
        const row = await db()
          .selectFrom('requests')
          .select(['status', 'supervised', 'version'])
          .where('id', '=', req.id)
          .executeTakeFirstOrThrow();
        const returned = results[0]!.status === 200;
        expect(row).toEqual({ status: returned ? 'accepted' : 'dispatched', supervised: returned ? 0 : 1, version: req.version + 1 });
        expect((await count(req.id, 'return')) + (await count(req.id, 'supervise'))).toBe(1);
      }
    },
  );

  it('intakes arriving together each get their own number; one that fails (a photo that does not exist) takes nothing with it', async () => {
    const { f } = ctx();
    const token = await f.login('resident');
    const tag = randomUUID().slice(0, 8);
    const location = await f.at(GRIDS.jiaotonglu);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        f.call('POST', '/api/requests', {
          token,
          body: {
            categoryCode: 'city_appearance',
            description: `同时受理 ${tag} ${i}`,
            location,
            ...(i === 7 ? { photos: [randomUUID()] } : {}),
          },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 7 ? 400 : 201)));
    expect(results[7]?.body.error.field).toBe('photos');
    const numbers = results.filter((r) => r.status === 201).map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(23);
    const written = await db().selectFrom('requests').select(['id', 'number']).where('description', 'like', `同时受理 ${tag} %`).execute();
    expect(written.map((r) => r.number).sort()).toEqual([...numbers].sort());
    for (const r of written) expect(await count(r.id, 'create')).toBe(1);
    if (dialect === 'sqlite') {
      // One writer: the failed intake's serial was rolled back with it, so the numbers run on without a gap.
      const serials = numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b);
      expect(serials.at(-1)! - serials[0]!).toBe(22);
    }
  });

  it('another instance changes the request while this one is acting: the late step is refused with 409 and writes nothing', async () => {
    // better-sqlite3 is synchronous, so two SQLite instances in one process never interleave by
    // themselves; here the other instance holds its transaction open, as another process would.
    const { f } = ctx();
    const g = await other();
    const grid = await f.login('grid');
    for (let i = 0; i < 5; i++) {
      const req = await f.request({ body: { description: `跨实例锁 ${i}` } });
      let pending: Promise<Res> | null = null;
      await g.app.services.db.transaction().execute(async (trx) => {
        // The other instance signs for it (as community staff would), and has not committed yet.
        const now = ctx().clock.now().toISOString();
        const n = await trx
          .updateTable('requests')
          .set({ status: 'signed', signed_at: now, version: req.version + 1, updated_at: now })
          .where('id', '=', req.id)
          .where('version', '=', req.version)
          .executeTakeFirst();
        expect(Number(n.numUpdatedRows)).toBe(1);
        await trx
          .insertInto('timeline')
          .values({
            entity_type: 'request',
            entity_id: req.id,
            at: now,
            actor_id: null,
            actor_role: 'community_staff',
            actor_unit_id: '141102001002',
            actor_name: '另一实例',
            action: 'sign',
            from_status: 'dispatched',
            to_status: 'signed',
            note: null,
            photos: null,
            data: null,
          })
          .execute();
        pending = f.act(grid, req.id, { action: 'sign' });
        await new Promise((r) => setTimeout(r, 150));
      });
      const late = await pending!;
      expect(late.status, JSON.stringify(late.body)).toBe(409);
      expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(late.body.error.code);
      expect(late.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(late.body.error.messageEn).toMatch(/try again|not allowed in status/);
      expect(await count(req.id, 'sign')).toBe(1);
      const row = await db().selectFrom('requests').select(['status', 'version']).where('id', '=', req.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'signed', version: req.version + 1 });
    }
  });

  function oneWinsAny(results: Res[], label: string) {
    expect(results.map((r) => r.status).sort(), `${label}: ${JSON.stringify(results.map((r) => r.body))}`).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe('CONFLICT');
    expect(loser.body.error.message).toContain('刚刚被他人处理');
  }

  describe('Idempotency-Key', () => {
    const body = async (description: string) => ({
      categoryCode: 'city_appearance',
      description,
      location: await ctx().f.at(GRIDS.jiaotonglu),
      reporterPhone: '13935812345',
    });
    const rowsWith = async (description: string) =>
      Number(
        (
          await db()
            .selectFrom('requests')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('description', '=', description)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('a sequential retry returns 200 with the same request and replayed: true; nothing new is written', async () => {
      const { f } = ctx();
      const token = await f.login('resident');
      const key = `retry-${randomUUID()}`;
      const b = await body(`幂等重试 ${key}`);
      const first = await f.call('POST', '/api/requests', { token, body: b, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      expect(first.body.replayed).toBe(false);
      const events = await count(first.body.id, 'create');
      for (let i = 0; i < 3; i++) {
        const again = await f.call('POST', '/api/requests', { token, body: b, headers: { 'idempotency-key': key } });
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ id: first.body.id, number: first.body.number, replayed: true });
      }
      // Through the other instance too: the key lives in the database.
      const g = await other();
      const via = await g.call('POST', '/api/requests', { token, body: b, headers: { 'idempotency-key': key } });
      expect(via.status).toBe(200);
      expect(via.body.id).toBe(first.body.id);
      expect(await rowsWith(b.description)).toBe(1);
      expect(await count(first.body.id, 'create')).toBe(events);
      // Without a key the same body is a new request; another account's same key is its own.
      expect((await f.call('POST', '/api/requests', { token, body: b })).status).toBe(201);
      const someone = await f.user('resident', null);
      const theirs = await f.call('POST', '/api/requests', { token: someone.token, body: b, headers: { 'idempotency-key': key } });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(first.body.id);
      expect(await rowsWith(b.description)).toBe(3);
      // A malformed key is refused before anything is written.
      const bad = await f.call('POST', '/api/requests', { token, body: await body('坏的幂等键'), headers: { 'idempotency-key': 'x y' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('Idempotency-Key');
      expect(await rowsWith('坏的幂等键')).toBe(0);
    });

    it('without an account, a key is the caller’s only with the same body: someone else’s key never shows their request', async () => {
      const { f } = ctx();
      const key = `anon-${randomUUID()}`;
      const mine = await body(`匿名幂等 ${key}`);
      const first = await f.call('POST', '/api/requests', { body: mine, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      // The same caller retrying (same body, any key order) is answered with the original…
      const reordered = Object.fromEntries(Object.entries(mine).reverse());
      const again = await f.call('POST', '/api/requests', { body: reordered, headers: { 'idempotency-key': key } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, replayed: true });
      // …but a stranger replaying the key with their own body files their own request and sees nothing of the first.
      const theirs = await body(`别人的诉求 ${key}`);
      const stranger = await f.call('POST', '/api/requests', { body: theirs, headers: { 'idempotency-key': key } });
      expect(stranger.status).toBe(201);
      expect(stranger.body.id).not.toBe(first.body.id);
      expect(JSON.stringify(stranger.body)).not.toContain(mine.description);
      expect(await rowsWith(mine.description)).toBe(1);
      expect(await rowsWith(theirs.description)).toBe(1);
    });

    it.each(MODES)('concurrent identical submissions with one key create exactly one request (%s)', async (mode) => {
      const { f } = ctx();
      const g = mode === 'one instance' ? f : await other();
      const token = await f.login('resident');
      for (let i = 0; i < ROUNDS / 2; i++) {
        const key = `conc-${randomUUID()}`;
        const b = await body(`并发幂等 ${mode} ${key}`);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, j) =>
            (j % 2 ? g : f).call('POST', '/api/requests', { token, body: b, headers: { 'idempotency-key': key } }),
          ),
        );
        expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([200, 200, 200, 200, 200, 201]);
        const ids = new Set(results.map((r) => r.body.id));
        expect(ids.size).toBe(1);
        expect(results.filter((r) => r.body.replayed === true)).toHaveLength(5);
        expect(await rowsWith(b.description)).toBe(1);
        const [id] = [...ids] as [string];
        expect(await count(id, 'create')).toBe(1);
        const keys = await db().selectFrom('idempotency').select('entity_id as request_id').where('key', '=', key).execute();
        expect(keys.map((k) => k.request_id)).toEqual([id]);
      }
    });
  });
});
