/**
 * A wish's life through the API, on both databases: 代录 by staff, check (publish / decline with a
 * reason the person is told by SMS), the public board (only what the community chose; never a
 * phone or an address), one claimer, the audited contact, withdraw, delivery with a photo, the
 * recipient's confirmation and the service record; a wish becoming a request in one step.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { act, claim, DONGGUAN, JIAOTONGLU, postedWish, uploadPhoto, wishBody } from './wishes.test-helpers.js';

describe.each(DIALECTS)('wishes on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const db = () => ctx().database.db;
  const sms = (phone: string) => db().selectFrom('sms_outbox').select('text').where('to_phone', '=', phone).execute();

  it('staff enter a wish, check and publish it; the board shows the chosen text and nothing personal', async () => {
    const { f } = ctx();
    const phone = '13903580001';
    const wish = await postedWish(f, { body: { recipientPhone: phone, recipientName: '王秀英', idNumber: '141102194801010021' } });
    expect(wish).toMatchObject({ status: 'published', channel: 'proxy', boardText: '王**，78岁，想要一台收音机' });
    // The person without an account is told by SMS.
    expect((await sms(phone)).map((s) => s.text).join()).toContain('已核实并发布');
    const board = await f.call('GET', `/api/wishes/board?communityCode=${JIAOTONGLU}&groupCode=elderly`);
    expect(board.status).toBe(200);
    const item = board.body.items.find((i: { id: string }) => i.id === wish.id);
    expect(item).toMatchObject({ text: '王**，78岁，想要一台收音机', communityName: '交通路社区居委会', status: 'published' });
    const json = JSON.stringify(board.body);
    for (const secret of [phone, '王秀英', '老伴走后', '141102194801010021', '13935800088']) expect(json).not.toContain(secret);
    expect(Object.keys(item).sort()).toEqual([
      'communityCode',
      'communityName',
      'groupCode',
      'id',
      'litBy',
      'number',
      'photos',
      'status',
      'text',
      'valueYuan',
    ]);
    // Another group, another community: not listed.
    for (const q of ['groupCode=children', `communityCode=${DONGGUAN}`]) {
      const other = await f.call('GET', `/api/wishes/board?${q}`);
      expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(wish.id);
    }
  });

  it('a board text with a phone number is refused naming boardText; an unchecked wish is not on the board', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const wish = await postedWish(f, { publish: false });
    const bad = await act(f, staff, wish.id, {
      action: 'publish',
      boardText: '李奶奶想要棉被 电话 139 0358 1234',
      contactPhone: '13935800088',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('boardText');
    const board = await f.call('GET', '/api/wishes/board');
    expect(board.body.items.map((i: { id: string }) => i.id)).not.toContain(wish.id);
    // A volunteer cannot claim what has not been checked: it does not exist for them.
    expect((await claim(f, await f.login('volunteer'), wish.id)).status).toBe(404);
  });

  it('a declined wish tells the person the reason; another community’s staff may not check it', async () => {
    const { f } = ctx();
    const phone = '13903580002';
    const wish = await postedWish(f, { publish: false, body: { recipientPhone: phone } });
    const foreign = await act(f, await f.login('dongguan'), wish.id, { action: 'decline', reason: '不是本社区' });
    expect(foreign.status).toBe(404);
    const r = await act(f, await f.login('jiaotonglu'), wish.id, { action: 'decline', reason: '走访核实：家中已有收音机' });
    expect(r.status).toBe(200);
    expect(r.body.wish).toMatchObject({ status: 'declined', declineReason: '走访核实：家中已有收音机' });
    expect((await sms(phone)).map((s) => s.text).join()).toContain('暂不发布');
  });

  it('claim → contact (audited) → fulfil with a photo → the recipient confirms → service record confirmed; the lit count grows', async () => {
    const { f } = ctx();
    const before = (await f.call('GET', '/api/wishes/board')).body.lit as number;
    const wish = await postedWish(f);
    const volunteer = await f.login('volunteer');
    const c = await claim(f, volunteer, wish.id, { asUnit: 'C-GDGS' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.wish).toMatchObject({ status: 'claimed', claimerUnitId: 'C-GDGS', recipientPhone: null, story: null });
    expect(c.body.wish.recipientName).toBe('王**');
    // The contact is the community worker by default; the view is audited.
    const contact = await f.call('GET', `/api/wishes/${wish.id}/contact`, { token: volunteer });
    expect(contact.body).toEqual({ kind: 'worker', name: '赵书记', phone: '13935800088' });
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', wish.id).execute();
    expect(audit.map((a) => a.action)).toContain('wish.contact_viewed');
    // Someone else may not see it.
    expect((await f.call('GET', `/api/wishes/${wish.id}/contact`, { token: await f.login('resident') })).status).toBe(404);
    // "My claims" lists it.
    const mine = await f.call('GET', '/api/wishes/claims', { token: volunteer });
    expect(mine.body.items.map((w: { id: string }) => w.id)).toContain(wish.id);
    // Delivery needs a photo.
    const noPhoto = await act(f, volunteer, wish.id, {
      action: 'fulfil',
      photos: [],
      startedAt: '2026-03-10T01:00:00Z',
      endedAt: '2026-03-10T01:40:00Z',
    });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.body.error.field).toBe('photos');
    const photo = await uploadPhoto(f, volunteer);
    const done = await act(f, volunteer, wish.id, {
      action: 'fulfil',
      photos: [photo],
      startedAt: '2026-03-10T01:00:00Z',
      endedAt: '2026-03-10T01:40:00Z',
      note: '已送到家中',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.wish.status).toBe('fulfilled');
    expect(done.body.photos).toEqual([photo]);
    // The public may not open the photo (no consent).
    expect((await f.call('GET', `/api/uploads/${photo}`)).status).toBe(404);
    // Staff confirm after calling the recipient; the claimer's 40 minutes are confirmed with it.
    const ok = await act(f, await f.login('jiaotonglu'), wish.id, { action: 'confirm', byPhone: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.wish.status).toBe('confirmed');
    const rec = await db()
      .selectFrom('service_records')
      .selectAll()
      .where('entity_type', '=', 'wish')
      .where('entity_id', '=', wish.id)
      .executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ minutes: 40, status: 'confirmed', started_at: '2026-03-10T01:00:00.000Z' });
    const board = await f.call('GET', '/api/wishes/board');
    expect(board.body.lit).toBe(before + 1);
    expect(board.body.items.find((i: { id: string }) => i.id === wish.id)).toMatchObject({
      status: 'confirmed',
      litBy: '国网离石区供电公司',
    });
    const timeline = (await f.call('GET', `/api/wishes/${wish.id}`, { token: await f.login('jiaotonglu') })).body.timeline.map(
      (e: { action: string }) => e.action,
    );
    expect(timeline).toEqual(['create', 'publish', 'claim', 'fulfil', 'confirm']);
  });

  it('asUnit must be a unit the claimer belongs to; a membership makes it so', async () => {
    const { f } = ctx();
    const wish = await postedWish(f);
    const resident = await f.user('resident', null);
    const refused = await claim(f, resident.token, wish.id, { asUnit: 'C-RMYY' });
    expect(refused.status).toBe(403);
    const admin = await f.login('admin');
    const added = await f.call('POST', '/api/memberships', {
      token: admin,
      body: { userId: resident.id, unitId: 'C-RMYY', role: 'party_member' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const mine = await f.call('GET', '/api/memberships/mine', { token: resident.token });
    expect(mine.body.items.map((m: { unitId: string }) => m.unitId)).toEqual(['C-RMYY']);
    const ok = await claim(f, resident.token, wish.id, { asUnit: 'C-RMYY' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.wish.claimerUnitId).toBe('C-RMYY');
    // The session may remember the unit: a claim without asUnit is then the unit's; another session's is not.
    expect((await f.call('PUT', '/api/memberships/acting', { token: resident.token, body: { unitId: 'C-YZZX' } })).status).toBe(403);
    const remembered = await f.call('PUT', '/api/memberships/acting', { token: resident.token, body: { unitId: 'C-RMYY' } });
    expect(remembered.body).toEqual({ actingUnitId: 'C-RMYY' });
    expect((await f.call('GET', '/api/memberships/mine', { token: resident.token })).body.actingUnitId).toBe('C-RMYY');
    const next = await postedWish(f);
    const viaSession = await claim(f, resident.token, next.id);
    expect(viaSession.body.wish.claimerUnitId).toBe('C-RMYY');
    f.forget(resident.username);
    const otherSession = await f.login(resident.username);
    const third = await postedWish(f);
    expect((await claim(f, otherSession, third.id)).body.wish.claimerUnitId).toBeNull();
  });

  it('a withdrawn claim returns the wish to the board; the poster cannot claim their own wish', async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const posted = await f.call('POST', '/api/wishes', {
      token: resident,
      body: wishBody({ title: '一套绘本', groupCode: 'children', recipientAge: 7 }),
    });
    expect(posted.status).toBe(201);
    expect(posted.body.wish.channel).toBe('self');
    const staff = await f.login('jiaotonglu');
    await act(f, staff, posted.body.wish.id, { action: 'publish', contactPhone: '13935800088' });
    const own = await claim(f, resident, posted.body.wish.id);
    expect(own.status).toBe(403);
    const volunteer = await f.login('volunteer');
    expect((await claim(f, volunteer, posted.body.wish.id)).status).toBe(200);
    const w = await act(f, volunteer, posted.body.wish.id, { action: 'withdraw', reason: '临时出差' });
    expect(w.status).toBe(200);
    expect(w.body.wish).toMatchObject({ status: 'published', claimerName: null });
    const board = await f.call('GET', '/api/wishes/board');
    expect(board.body.items.find((i: { id: string }) => i.id === posted.body.wish.id)?.status).toBe('published');
    // 我的心愿: the poster follows it and was told of each step in the bell.
    const mine = await f.call('GET', '/api/wishes/mine', { token: resident });
    expect(mine.body.items[0]).toMatchObject({ id: posted.body.wish.id, recipientName: '王秀英' });
    const inbox = await db()
      .selectFrom('notices')
      .select('event')
      .where('entity_id', '=', posted.body.wish.id)
      .where('user_id', 'is not', null)
      .execute();
    expect(inbox.map((n) => n.event)).toEqual(expect.arrayContaining(['wish.publish.poster', 'wish.claim.poster']));
  });

  it('a wish that is really a service problem becomes a request in one step, linked both ways', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const wish = await postedWish(f, { publish: false, body: { title: '楼下垃圾别再堆了', story: '17栋楼下垃圾常年堆放' } });
    const bad = await act(f, staff, wish.id, { action: 'convert', categoryCode: 'no_such_category' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('categoryCode');
    expect((await db().selectFrom('wishes').select('status').where('id', '=', wish.id).executeTakeFirstOrThrow()).status).toBe('submitted');
    const r = await act(f, staff, wish.id, { action: 'convert', categoryCode: 'garbage' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.wish.status).toBe('converted');
    const requestId = r.body.wish.requestId as string;
    const req = await f.call('GET', `/api/requests/${requestId}`, { token: staff });
    expect(req.status).toBe(200);
    expect(req.body.request.description).toContain(`由微心愿 ${wish.number} 转入`);
    expect(req.body.timeline.map((e: { note: string | null }) => e.note)).toContain(`由微心愿 ${wish.number} 转为诉求`);
  });

  it('bad input names its field; the value cap and groups come from the district’s settings', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const cases: [Record<string, unknown>, string][] = [
      [{ valueYuan: 5000 }, 'valueYuan'],
      [{ groupCode: 'pets' }, 'groupCode'],
      [{ communityCode: '141102999999' }, 'communityCode'],
      [{ recipientPhone: '12345' }, 'recipientPhone'],
    ];
    for (const [over, field] of cases) {
      const r = await f.call('POST', '/api/wishes', { token: staff, body: wishBody(over) });
      expect(r.status, field).toBe(400);
      expect(r.body.error.field).toBe(field);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // Without an account a phone is needed to be told.
    const anon = await f.call('POST', '/api/wishes', { body: wishBody({ recipientPhone: undefined }) });
    expect(anon.status).toBe(400);
    expect(anon.body.error.field).toBe('recipientPhone');
    // Staff of another community may not enter for this one.
    expect((await f.call('POST', '/api/wishes', { token: await f.login('dongguan'), body: wishBody() })).status).toBe(403);
    // The district raises the cap.
    const admin = await f.login('admin');
    const config = (await f.call('GET', '/api/wishes/config')).body;
    const put = await f.call('PUT', '/api/wishes/config', { token: admin, body: { ...config, valueCapYuan: 6000 } });
    expect(put.status).toBe(200);
    expect((await f.call('POST', '/api/wishes', { token: staff, body: wishBody({ valueYuan: 5000 }) })).status).toBe(201);
    await f.call('PUT', '/api/wishes/config', { token: admin, body: config });
  });

  it('a household has a yearly cap, and one open wish across communities', async () => {
    const { f } = ctx();
    const idNumber = '14110219500101001X';
    const staff = await f.login('jiaotonglu');
    // The cap is 2 a year (default); the same ID number with different phones is the same household.
    for (let i = 0; i < 2; i++)
      expect((await f.call('POST', '/api/wishes', { token: staff, body: wishBody({ idNumber }) })).status).toBe(201);
    const third = await f.call('POST', '/api/wishes', { token: staff, body: wishBody({ idNumber }) });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('每年最多 2 个');
    // The same phone in another community while one is open: a duplicate.
    const phone = '13903580077';
    expect((await f.call('POST', '/api/wishes', { token: staff, body: wishBody({ recipientPhone: phone }) })).status).toBe(201);
    const dup = await f.call('POST', '/api/wishes', {
      token: await f.login('dongguan'),
      body: wishBody({ communityCode: DONGGUAN, recipientPhone: phone }),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('交通路社区');
  });

  it('a phone without an account posts a wish; a retry with the same Idempotency-Key is answered with the first wish', async () => {
    const { f } = ctx();
    const body = wishBody({ title: '一套围棋', groupCode: 'elderly' });
    const headers = { 'idempotency-key': `wish-${body.recipientPhone}` };
    const first = await f.call('POST', '/api/wishes', { body, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.wish).toMatchObject({ status: 'submitted', channel: 'self' });
    const again = await f.call('POST', '/api/wishes', { body, headers });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, wish: { id: first.body.wish.id } });
    const rows = await db()
      .selectFrom('wishes')
      .select('id')
      .where(
        'household_key',
        '=',
        (await db().selectFrom('wishes').select('household_key').where('id', '=', first.body.wish.id).executeTakeFirstOrThrow())
          .household_key,
      )
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('one person holds at most 3 undelivered claims (the district’s setting): the 4th is refused and says why', async () => {
    const { f } = ctx();
    const someone = await f.user('volunteer', 'C-YZZX');
    for (let i = 0; i < 3; i++) expect((await claim(f, someone.token, (await postedWish(f)).id)).status).toBe(200);
    const fourth = await postedWish(f);
    const refused = await claim(f, someone.token, fourth.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('3 个尚未送达');
    expect((await db().selectFrom('wishes').select('status').where('id', '=', fourth.id).executeTakeFirstOrThrow()).status).toBe(
      'published',
    );
  });
});
