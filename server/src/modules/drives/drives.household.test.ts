/**
 * One parcel per household, as the organiser decided it: a household is listed once (neither its
 * ID number nor its phone may already be in the drive), each recipient's entitlement (item and
 * quantity) is what a delivery takes, a replayed Idempotency-Key must name the same delivery, and
 * the figures count in the drive's target unit, leaving disputed and voided deliveries out.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { addRecipient, communityDrive, JIAOTONGLU } from './drives.test-helpers.js';

describe.each(DIALECTS)('drive households on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (...a: Parameters<ReturnType<typeof ctx>['f']['call']>) => ctx().f.call(...a);
  const list = (driveId: string, token: string, body: Record<string, unknown>) =>
    call('POST', `/api/drives/${driveId}/recipients`, { token, body: { communityCode: JIAOTONGLU, reason: '困难家庭', ...body } });

  it('a spouse sharing the phone, and the same person by ID then by phone, are refused at listing with the field and the entry masked', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 10 });
    await addRecipient(f, drive.id, { name: '王秀英', idNumber: '141102198001015555', phone: '13935812345' });
    // The spouse: her own ID number, the family's phone.
    const spouse = await list(drive.id, drive.token, { name: '李建国', idNumber: '141102198201016666', phone: '13935812345' });
    expect([spouse.status, spouse.body.error.field]).toEqual([409, 'phone']);
    expect(spouse.body.error.message).toContain('手机号 139****2345 已在本活动的受助名单中（王**）');
    expect(spouse.body.error.messageEn).toContain('phone 139****2345');
    // The same person again, once by ID number only (lower-case x normalised) and once by phone only.
    const byId = await list(drive.id, drive.token, { name: '王秀英', idNumber: '141102198001015555' });
    expect([byId.status, byId.body.error.field]).toEqual([409, 'idNumber']);
    expect(byId.body.error.message).toContain('身份证号 1411**********5555');
    const byPhone = await list(drive.id, drive.token, { name: '王秀英', phone: '13935812345' });
    expect([byPhone.status, byPhone.body.error.field]).toEqual([409, 'phone']);
    const listed = await call('GET', `/api/drives/${drive.id}/recipients`, { token: drive.token });
    expect(listed.body.total).toBe(1);
    // Listed by ID number first, the same ID with a phone later is still the same household.
    await addRecipient(f, drive.id, { idNumber: '14110219750505123X', phone: undefined });
    const later = await list(drive.id, drive.token, { name: '张', idNumber: '14110219750505123x', phone: '13935899999' });
    expect([later.status, later.body.error.field]).toEqual([409, 'idNumber']);
  });

  it('many listings of one phone at once: exactly one is listed, the rest told why', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 10 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        list(drive.id, drive.token, { name: `家属${i}`, idNumber: `14110219800101${String(7000 + i)}`, phone: '13935877777' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.field).toBe('phone');
  });

  it('the organiser sets the entitlement; a delivery takes exactly it and refuses another item or quantity', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 25, items: [{ name: '100元慰问包' }, { name: '300元慰问包' }] });
    const [small, big] = drive.itemIds as [string, string];
    // With several items the organiser must say which.
    const none = await list(drive.id, drive.token, { name: '甲', idNumber: '141102198001010011' });
    expect([none.status, none.body.error.field]).toEqual([400, 'itemId']);
    const tooMany = await list(drive.id, drive.token, { name: '甲', idNumber: '141102198001010011', itemId: small, quantity: 20 });
    expect([tooMany.status, tooMany.body.error.field]).toEqual([400, 'quantity']);
    const r = await addRecipient(f, drive.id, { itemId: small, quantity: 2 });
    expect(r).toMatchObject({ itemId: small, quantity: 2 });
    const grid = await f.login('grid');
    const deliver = (body: Record<string, unknown>) =>
      call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: grid,
        body: { recipientId: r.id, confirmation: { method: 'callback' }, ...body },
      });
    const swap = await deliver({ itemId: big });
    expect([swap.status, swap.body.error.field]).toEqual([400, 'itemId']);
    const twenty = await deliver({ quantity: 10 });
    expect([twenty.status, twenty.body.error.field]).toEqual([400, 'quantity']);
    expect(twenty.body.error.message).toContain('应发 2 份');
    const ok = await deliver({});
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ itemId: small, quantity: 2 });
    const items = (await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body.items;
    expect(items.map((i: any) => [i.delivered, i.stock])).toEqual([
      [2, 23],
      [0, 25],
    ]);
  });

  it('a reused Idempotency-Key with another recipient is refused with 409 naming Idempotency-Key', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 5 });
    const a = await addRecipient(f, drive.id);
    const b = await addRecipient(f, drive.id);
    const send = (recipientId: string) =>
      call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: drive.token,
        headers: { 'idempotency-key': `k-${drive.id}` },
        body: { recipientId, confirmation: { method: 'callback' } },
      });
    expect((await send(a.id)).status).toBe(201);
    const other = await send(b.id);
    expect([other.status, other.body.error.field]).toEqual([409, 'Idempotency-Key']);
    const same = await send(a.id);
    expect(same.status).toBe(201);
    const rows = await ctx()
      .app.services.db.selectFrom('drive_deliveries')
      .select('recipient_id')
      .where('drive_id', '=', drive.id)
      .execute();
    expect(rows.map((x) => x.recipient_id)).toEqual([a.id]);
  });

  it('figures: households against a recipients target, parcels per item; disputed and voided left out; desk and public agree', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 10 });
    const grid = await f.login('grid');
    const ids: string[] = [];
    for (const quantity of [3, 1, 2]) ids.push((await addRecipient(f, drive.id, { quantity })).id);
    const made: { id: string; version: number }[] = [];
    for (const id of ids)
      made.push(
        (
          await call('POST', `/api/drives/${drive.id}/deliveries`, {
            token: grid,
            body: { recipientId: id, confirmation: { method: 'callback' } },
          })
        ).body,
      );
    const act = (i: number, body: Record<string, unknown>) =>
      call('POST', `/api/drives/${drive.id}/deliveries/${made[i]!.id}/actions`, {
        token: drive.token,
        body: { version: made[i]!.version, ...body },
      });
    expect((await act(0, { action: 'confirm', confirmation: { method: 'callback', note: '本人确认' } })).status).toBe(200);
    expect((await act(1, { action: 'dispute', note: '称未收到' })).status).toBe(200);
    expect((await act(2, { action: 'void', reason: '登记错误' })).status).toBe(200);
    const desk = (await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body;
    // 6 parcels went out to 3 households; one household's 2 came back, one's 1 is disputed.
    expect(desk.progress).toEqual({ target: 8, targetUnit: 'recipients', delivered: 1, confirmed: 1, disputed: 1, recipients: 3 });
    expect(desk.items[0]).toMatchObject({ received: 10, delivered: 3, confirmed: 3, disputed: 1, stock: 6 });
    const pub = await call('GET', `/api/public/drives/${drive.id}`);
    expect(pub.body.delivered).toBe(desk.progress.delivered);
    const listed = (await call('GET', '/api/drives?pageSize=200', { token: drive.token })).body.items.find((d: any) => d.id === drive.id);
    expect(listed.progress).toEqual(desk.progress);
    // The monthly counts are parcels, disputed and voided left out; a range without them is empty.
    const stats = (await call('GET', '/api/drives/stats?from=2000-01', { token: drive.token })).body.items;
    expect(stats.filter((x: any) => x.driveId === drive.id).map((x: any) => [x.delivered, x.confirmed])).toEqual([[3, 3]]);
    const later = (await call('GET', '/api/drives/stats?from=2099-01', { token: drive.token })).body.items;
    expect(later.filter((x: any) => x.driveId === drive.id)).toEqual([]);
  });
});
