/**
 * Notices on both databases: the request workflow's declaration says who is told; accounts get an
 * inbox notice (in their language, read or not), the one who acted is not told of their own step,
 * a person without an account gets an SMS through the outbox, sent by a job — through a real HTTP
 * gateway adapter against a stub gateway on loopback (the edge of the system), retried when the
 * gateway fails, sent once; a step that fails tells no one; anyone may turn notices off.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOverdue } from '../../jobs/overdue-sweep.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NoticesService } from './notices.service.js';
import { HttpSms, OutboxOnlySms } from './sms.js';

describe.each(DIALECTS)('notices on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  /** A stub SMS gateway: records what it is sent; answers 500 while `failing`. */
  const gateway = { received: [] as { to: string; text: string; ref: string }[], failing: false, url: '' };
  let server: http.Server;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (gateway.failing) {
          res.writeHead(500).end('busy');
          return;
        }
        gateway.received.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${gateway.received.length}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const inbox = async (who: string, lang = 'zh') => {
    const r = await ctx().f.call('GET', `/api/notices?lang=${lang}`, { token: await ctx().f.login(who) });
    expect(r.status).toBe(200);
    return r.body as { items: { id: string; event: string; entityId: string; text: string; read: boolean }[]; unread: number };
  };
  /** A request of a department's category (垃圾清运): it waits for the command centre to dispatch it. */
  const waiting = async (body: Record<string, unknown> = {}, token?: string | null) =>
    ctx().f.request({ token, body: { categoryCode: 'garbage', description: '垃圾满了没人清', ...body } });

  it('a dispatch tells the department’s staff and the resident who filed it, not the dispatcher; in Chinese or English', async () => {
    const { f } = ctx();
    const req = await waiting();
    const admin = await f.login('admin');
    expect((await f.act(admin, req.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' })).status).toBe(200);
    const hwzx = await inbox('hwzx');
    const mine = hwzx.items.filter((n) => n.entityId === req.id);
    expect(mine.map((n) => n.event)).toEqual(['request.dispatch.handler']);
    expect(mine[0]!.text).toContain(req.number);
    expect(mine[0]!.text).toContain('请及时签收');
    expect(mine[0]!.read).toBe(false);
    const resident = await inbox('resident', 'en');
    const hers = resident.items.find((n) => n.entityId === req.id);
    expect(hers).toMatchObject({ event: 'request.dispatch.reporter' });
    expect(hers!.text).toMatch(new RegExp(`^Your report ${req.number} was sent to `));
    expect((await inbox('admin')).items.filter((n) => n.entityId === req.id)).toEqual([]);
    // Texts carry no personal data: no phone, no description.
    for (const n of [...mine, hers!]) {
      expect(n.text).not.toContain('13935812345');
      expect(n.text).not.toContain('垃圾满了');
    }
  });

  it('reading: one notice, then all; another’s notice is not found', async () => {
    const { f } = ctx();
    const before = await inbox('hwzx');
    expect(before.unread).toBeGreaterThan(0);
    const token = await f.login('hwzx');
    const one = await f.call('POST', `/api/notices/${before.items[0]!.id}/read`, { token });
    expect(one.status).toBe(200);
    expect(one.body.unread).toBe(before.unread - 1);
    expect((await f.call('POST', `/api/notices/${before.items[0]!.id}/read`, { token: await f.login('resident') })).status).toBe(404);
    const all = await f.call('POST', '/api/notices/read-all', { token });
    expect(all.body.unread).toBe(0);
    expect((await f.call('GET', '/api/notices/unread', { token })).body.unread).toBe(0);
  });

  it('a resident without an account is told by SMS, sent by a job through the gateway, retried while it fails, sent once', async () => {
    const { f, app, clock } = ctx();
    const phone = '13700001111';
    const req = await waiting({ reporterPhone: phone }, null);
    expect((await f.act(await f.login('admin'), req.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' })).status).toBe(200);
    const queued = await app.services.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', phone).execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: 'queued' });
    expect(queued[0]!.text).toContain(req.number);
    // A runner whose gateway is the stub (the app's own keeps texts in the outbox and the log).
    const jobs = new JobsService(app.services.db, clock, app.services.audit);
    new NoticesService(app.services.db, clock, jobs, new HttpSms(gateway.url));
    gateway.failing = true;
    await jobs.tick();
    expect(gateway.received).toEqual([]);
    const job = await app.services.db.selectFrom('jobs').selectAll().where('key', '=', `sms:${queued[0]!.id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job.last_error).toContain('500');
    gateway.failing = false;
    clock.advance(60_000);
    await jobs.tick();
    await jobs.tick();
    expect(gateway.received).toEqual([{ to: phone, text: queued[0]!.text, ref: queued[0]!.id }]);
    const sent = await app.services.db.selectFrom('sms_outbox').selectAll().where('id', '=', queued[0]!.id).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', provider: 'http', provider_id: 'gw-1' });
    // Turned off, proven by number and phone: the next step sends nothing.
    const off = await f.call('POST', '/api/notices/sms-preferences', { body: { number: req.number, phone: '13700009999', muted: true } });
    expect(off.status).toBe(404); // not their phone
    const tracked = await f.call('POST', '/api/track', { body: { number: req.number, phone } });
    expect(tracked.body.sms).toEqual({ muted: false });
    // Turned off with the tracking page's access token (no phone sent again).
    const muted = await f.call('POST', '/api/notices/sms-preferences', { body: { access: tracked.body.access.token, muted: true } });
    expect(muted.status).toBe(200);
    expect(muted.body.sms).toEqual({ muted: true });
    const hwzx = await f.login('hwzx');
    for (const body of [{ action: 'sign' }, { action: 'contact', note: '已联系' }, { action: 'resolve', reply: '已清运' }])
      expect((await f.act(hwzx, req.id, body)).status).toBe(200);
    expect(await app.services.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', phone).execute()).toHaveLength(1);
  });

  it('a secret (a one-time code) goes into the SMS text only: never into the notice’s vars, never into the log', async () => {
    const { app } = ctx();
    const entityId = '7f1c9c2e-1111-4c4c-9a9a-000000000001';
    await app.services.db.transaction().execute((trx) =>
      app.services.notices.tell(trx, {
        event: 'drive_recipient.code.recipient',
        entity: { type: 'drive', id: entityId },
        recipients: [{ phone: '13700002222' }],
        vars: { drive: '母亲邮包' },
        secret: { code: '482913' },
      }),
    );
    const sms = await app.services.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', '13700002222').executeTakeFirstOrThrow();
    expect(sms.text).toContain('签收码 482913');
    const notice = await app.services.db.selectFrom('notices').selectAll().where('entity_id', '=', entityId).executeTakeFirstOrThrow();
    expect(notice.vars).not.toContain('482913');
    expect(JSON.parse(notice.vars)).toEqual({ drive: '母亲邮包' });
    const lines: string[] = [];
    await new OutboxOnlySms((l) => lines.push(l)).send(sms.to_phone, sms.text, sms.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('137****2222');
    expect(lines[0]).not.toContain('482913');
    expect(lines[0]).not.toContain('13700002222');
  });

  it('a step that fails tells no one', async () => {
    const { f, app } = ctx();
    const req = await waiting();
    const admin = await f.login('admin');
    const bad = await f.act(admin, req.id, {
      action: 'dispatch',
      handlerUnitId: 'D-HWZX',
      photos: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.status).toBe(400);
    const told = await app.services.db.selectFrom('notices').select('id').where('entity_id', '=', req.id).execute();
    expect(told).toEqual([]);
  });

  it('an account that turned notices off is not told', async () => {
    const { f } = ctx();
    const token = await f.login('resident');
    expect((await f.call('PUT', '/api/notices/preferences', { token, body: { muted: true } })).body).toEqual({ muted: true });
    const req = await waiting();
    expect((await f.act(await f.login('admin'), req.id, { action: 'dispatch', handlerUnitId: 'D-HWZX' })).status).toBe(200);
    expect((await inbox('resident')).items.filter((n) => n.entityId === req.id)).toEqual([]);
    expect((await inbox('hwzx')).items.filter((n) => n.entityId === req.id)).toHaveLength(1);
    expect((await f.call('PUT', '/api/notices/preferences', { token, body: { muted: false } })).body).toEqual({ muted: false });
    expect((await f.call('GET', '/api/notices/preferences', { token })).body).toEqual({ muted: false });
  });

  it('the system’s steps tell too: the overdue sweep tells the handler; new grid work is announced by a job, once, history never', async () => {
    const { f, app, clock } = ctx();
    const requests = app.services.requests;
    expect(await requests.tellAutoDispatched()).toBe(0); // the first run sets the watermark at now
    clock.advance(1000);
    const fresh = await f.request({ body: { description: '新到网格的诉求' } });
    expect(await requests.tellAutoDispatched()).toBe(1);
    expect(await requests.tellAutoDispatched()).toBe(0); // once
    const told = (await inbox('grid')).items.filter((n) => n.entityId === fresh.id);
    expect(told.map((n) => n.event)).toEqual(['request.dispatch.handler']);
    // Late: the sweep escalates it and the grid is told of the 督办 in the same transaction.
    clock.advance(30 * 24 * 3600_000);
    f.forget('grid');
    await sweepOverdue(app.services.db, clock, 500, (trx, id) => requests.tellEscalated(trx, id));
    const after = (await inbox('grid')).items.filter((n) => n.entityId === fresh.id).map((n) => n.event);
    expect(after).toContain('request.supervise.handler');
  });

  it('the grid is told when the command centre supervises its request', async () => {
    const { f } = ctx();
    for (const u of ['admin', 'grid', 'resident']) f.forget(u); // the clock moved a month in the test before
    const req = await f.request();
    expect(req.handlerUnitId).toBe(GRIDS.jiaotonglu);
    expect((await f.act(await f.login('admin'), req.id, { action: 'supervise', note: '抓紧' })).status).toBe(200);
    const grid = await inbox('grid');
    expect(grid.items.find((n) => n.entityId === req.id)).toMatchObject({ event: 'request.supervise.handler' });
  });
});
