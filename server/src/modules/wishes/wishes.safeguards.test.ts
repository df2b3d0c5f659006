/**
 * What keeps a wish honest and its people safe, on both databases: no phone or address on the
 * board (title and effective board text); a household known by every key (ID with a valid
 * checksum, phone, register household), never by the staff member who entered it; nobody confirms
 * their own delivery; the community confirms the claimer's time after the recipient did; a claimer
 * reads no staff notes; each person is told of each step; a claim is refused for the right reason;
 * consented photos reach the board; 我的心愿 / 我的认领 count truly.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { act, claim, DONGGUAN, JIAOTONGLU, postedWish, uploadPhoto, wishBody } from './wishes.test-helpers.js';

/** Valid (GB 11643) ID numbers, one household each. */
const IDS = ['141102195001011004', '141102195001011012', '141102195001011020', '141102195001011039'];

describe.each(DIALECTS)('wish safeguards on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const db = () => ctx().database.db;
  const events = async (id: string) =>
    (await db().selectFrom('notices').select(['event', 'user_id']).where('entity_id', '=', id).execute()).map(
      (n) => `${n.event}>${n.user_id}`,
    );
  const fulfil = async (token: string, id: string) => {
    const photo = await uploadPhoto(ctx().f, token);
    const now = ctx().clock.now().getTime();
    const r = await act(ctx().f, token, id, {
      action: 'fulfil',
      photos: [photo],
      startedAt: new Date(now - 2 * 3600e3).toISOString(),
      endedAt: new Date(now - 3600e3).toISOString(),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return photo;
  };
  const record = async (id: string) =>
    (await db().selectFrom('service_records').select('status').where('entity_id', '=', id).executeTakeFirstOrThrow()).status;

  it('a title with a phone or an address is refused naming title; publish checks the board text it will really show', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    for (const title of ['收音机 13800138000', '棉被 送光明路3号']) {
      const r = await f.call('POST', '/api/wishes', { token: staff, body: wishBody({ title }) });
      expect(r.status, title).toBe(400);
      expect(r.body.error.field).toBe('title');
    }
    // A row whose title slipped through (entered before the check): the default board text is refused at publish.
    const w = await postedWish(f, { publish: false });
    await db().updateTable('wishes').set({ title: '收音机 送光明路3号2单元' }).where('id', '=', w.id).execute();
    const bad = await act(f, staff, w.id, { action: 'publish', contactPhone: '13935800088' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('boardText');
    const ok = await act(f, staff, w.id, { action: 'publish', contactPhone: '13935800088', boardText: '王**想要一台收音机' });
    expect(ok.status).toBe(200);
    expect(JSON.stringify((await f.call('GET', '/api/wishes/board?pageSize=50')).body)).not.toContain('光明路3号');
  });

  it('staff entering for someone name the household (ID, phone or register household), never their own account', async () => {
    const { f } = ctx();
    const staff = await f.login('dongguan');
    const none = await f.call('POST', '/api/wishes', {
      token: staff,
      body: wishBody({ communityCode: DONGGUAN, recipientPhone: undefined }),
    });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('idNumber');
    // Three different people by their register households: none counts against another (cap 2).
    for (const [i, name] of ['甲一', '乙二', '丙三'].entries()) {
      const r = await f.call('POST', '/api/wishes', {
        token: staff,
        body: wishBody({ communityCode: DONGGUAN, recipientName: name, recipientPhone: undefined, householdNo: `HH-${dialect}-${i}` }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });

  it('a household is known by every key: the same phone with new ID numbers still meets the cap and the duplicate check; a bad checksum is 400', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const phone = dialect === 'sqlite' ? '13903586661' : '13903586662';
    const post = (token: string, over: Record<string, unknown>) => f.call('POST', '/api/wishes', { token, body: wishBody(over) });
    const st = [];
    for (const id of IDS.slice(0, 3)) st.push((await post(staff, { recipientPhone: phone, idNumber: id })).status);
    expect(st).toEqual([201, 201, 409]);
    const dup = await post(await f.login('dongguan'), { communityCode: DONGGUAN, recipientPhone: undefined, idNumber: IDS[1] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('交通路');
    const bad = await post(staff, { idNumber: '141102195001011005' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('idNumber');
  });

  it('staff may not confirm a wish they claimed and delivered themselves (403); a colleague may, and the time is confirmed', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const w = await postedWish(f);
    expect((await claim(f, staff, w.id)).status).toBe(200);
    await fulfil(staff, w.id);
    const own = await act(f, staff, w.id, { action: 'confirm' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('不能确认自己认领');
    expect((await f.call('GET', `/api/wishes/${w.id}`, { token: staff })).body.actions).not.toContain('confirm');
    const colleague = await f.user('community_staff', JIAOTONGLU);
    const ok = await act(f, colleague.token, w.id, { action: 'confirm', byPhone: true });
    expect(ok.status).toBe(200);
    expect(await record(w.id)).toBe('confirmed');
  });

  it('the recipient confirms; the community then confirms the claimer’s time (verify), once', async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const staff = await f.login('jiaotonglu');
    const posted = await f.call('POST', '/api/wishes', { token: resident, body: wishBody() });
    const id = posted.body.wish.id;
    expect((await act(f, staff, id, { action: 'publish', contactPhone: '13935800088' })).status).toBe(200);
    const volunteer = (await f.user('volunteer', 'C-YZZX')).token;
    expect((await claim(f, volunteer, id)).status).toBe(200);
    await fulfil(volunteer, id);
    expect((await act(f, resident, id, { action: 'confirm' })).body.wish.status).toBe('confirmed');
    expect(await record(id)).toBe('pending');
    const desk = await f.call('GET', '/api/wishes?status=confirmed', { token: staff });
    expect(desk.body.items.find((x: { id: string }) => x.id === id)).toMatchObject({ timePending: true });
    expect((await f.call('GET', `/api/wishes/${id}`, { token: staff })).body.actions).toEqual(['verify']);
    expect((await act(f, volunteer, id, { action: 'verify' })).status).toBe(403);
    const v = await act(f, staff, id, { action: 'verify' });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(await record(id)).toBe('confirmed');
    expect(v.body.actions).toEqual([]);
    expect((await act(f, staff, id, { action: 'verify' })).status).toBe(409);
    expect(await events(id)).toContain(
      `wish.verify.claimer>${(await db().selectFrom('wishes').select('claimer_user_id').where('id', '=', id).executeTakeFirstOrThrow()).claimer_user_id}`,
    );
  });

  it('a claimer reads no staff notes in the timeline; the community does', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const w = await postedWish(f, { publish: false });
    const note = '走访：住光明路3号2单元，电话13903580000';
    await act(f, staff, w.id, { action: 'publish', contactPhone: '13935800088', note });
    const someone = await f.user('volunteer', 'C-YZZX');
    const c = await claim(f, someone.token, w.id);
    expect(c.status).toBe(200);
    expect(c.body.timeline.map((e: { note: string | null }) => e.note)).toEqual([null, null, null]);
    expect(JSON.stringify(c.body)).not.toContain('光明路3号');
    const desk = await f.call('GET', `/api/wishes/${w.id}`, { token: staff });
    expect(desk.body.timeline.map((e: { note: string | null }) => e.note)).toContain(note);
  });

  it('each person is told: staff withdrawing tells the claimer and the poster; cancel tells the poster', async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const staff = await f.login('jiaotonglu');
    const id = (await f.call('POST', '/api/wishes', { token: resident, body: wishBody() })).body.wish.id;
    await act(f, staff, id, { action: 'publish', contactPhone: '13935800088' });
    const someone = await f.user('volunteer', 'C-YZZX');
    expect((await claim(f, someone.token, id)).status).toBe(200);
    expect((await act(f, staff, id, { action: 'withdraw', reason: '联系不上认领人' })).status).toBe(200);
    const told = await events(id);
    expect(told).toContain(`wish.withdraw.claimer>${someone.id}`);
    expect(told.some((e) => e.startsWith('wish.withdraw.poster>'))).toBe(true);
    // Staff cancel it (the person's own cancel needs no notice to themselves).
    expect((await act(f, staff, id, { action: 'cancel', reason: '受助人已搬离本社区' })).status).toBe(200);
    expect((await events(id)).some((e) => e.startsWith('wish.cancel.poster>'))).toBe(true);
  });

  it('a claim is refused for the right reason: declined is 404, my own claim says so, only a real loss says taken', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const a = (await f.user('volunteer', 'C-YZZX')).token;
    const b = (await f.user('volunteer', 'C-YZZX')).token;
    const d = await postedWish(f, { publish: false });
    await act(f, staff, d.id, { action: 'decline', reason: '核实：不符合条件' });
    expect((await claim(f, a, d.id)).status).toBe(404);
    const w = await postedWish(f);
    expect((await claim(f, a, w.id)).status).toBe(200);
    const again = await claim(f, a, w.id);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('您已认领');
    const taken = await claim(f, b, w.id);
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('已被他人认领');
    // Cancelled before anyone claimed it: gone, not "taken".
    const c = await postedWish(f);
    await act(f, staff, c.id, { action: 'cancel', reason: '受助人已搬走' });
    expect((await claim(f, b, c.id)).status).toBe(404);
  });

  it('with the recipient’s consent, a confirmed wish’s delivery photo is on the board and opens for the public; without, neither', async () => {
    const { f } = ctx();
    const staff = await f.login('jiaotonglu');
    const board = async () => (await f.call('GET', '/api/wishes/board?pageSize=50')).body.items;
    const photos: Record<string, string> = {};
    for (const consent of [true, false]) {
      const w = await postedWish(f, { body: { photoConsent: consent } });
      const v = (await f.user('volunteer', 'C-YZZX')).token;
      await claim(f, v, w.id);
      photos[String(consent)] = await fulfil(v, w.id);
      expect((await f.call('GET', `/api/uploads/${photos[String(consent)]}`)).status).toBe(404);
      expect((await act(f, staff, w.id, { action: 'confirm', byPhone: true })).status).toBe(200);
      const item = (await board()).find((i: { id: string }) => i.id === w.id);
      expect(item.photos).toEqual(consent ? [photos.true] : []);
    }
    expect((await f.call('GET', `/api/uploads/${photos.true}`)).status).toBe(200);
    expect((await f.call('GET', `/api/uploads/${photos.false}`)).status).toBe(404);
  });

  it('我的心愿 and 我的认领 answer their true totals', async () => {
    const { f } = ctx();
    const person = await f.user('resident', null);
    for (let i = 0; i < 2; i++)
      expect((await f.call('POST', '/api/wishes', { token: person.token, body: wishBody({ recipientName: `人${i}` }) })).status).toBe(201);
    expect((await f.call('GET', '/api/wishes/mine', { token: person.token })).body.total).toBe(2);
    const w = await postedWish(f);
    await claim(f, person.token, w.id);
    const claims = (await f.call('GET', '/api/wishes/claims', { token: person.token })).body;
    expect(claims).toMatchObject({ total: 1 });
    expect(claims.items).toHaveLength(1);
  });
});
