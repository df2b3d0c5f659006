/**
 * Deliveries signed for at the door: the one-time code sent to the recipient's phone (tries
 * counted, even many at once), a signature photo only those who see the drive may open, and a
 * delivery replayed from the phone's outbox with the same Idempotency-Key.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { addRecipient, communityDrive, uploadPhoto } from './drives.test-helpers.js';

describe.each(DIALECTS)('drive codes and photos on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (...a: Parameters<ReturnType<typeof ctx>['f']['call']>) => ctx().f.call(...a);

  it('a delivery signed for with the one-time code sent to the recipient; a wrong code is refused and counted', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 2 });
    const r = await addRecipient(f, drive.id, { phone: '13935860001' });
    const sms = await app.services.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', '13935860001').execute();
    expect(sms).toHaveLength(1);
    const code = /签收码 (\d{6})/.exec(sms[0]!.text)![1]!;
    // The code is in the text only: not in the notice's stored variables.
    const notices = await app.services.db.selectFrom('notices').select('vars').where('entity_id', '=', drive.id).execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.vars).not.toContain(code);
    const wrongCode = code === '000000' ? '000001' : '000000';
    const wrong = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'code', code: wrongCode } },
    });
    expect([wrong.status, wrong.body.error.field, wrong.body.error.message]).toEqual([
      400,
      'confirmation.code',
      'confirmation.code：签收码不正确',
    ]);
    const row = await app.services.db
      .selectFrom('drive_recipients')
      .select('code_attempts')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.code_attempts).toBe(1);
    const ok = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: await f.login('grid'),
      body: { recipientId: r.id, confirmation: { method: 'code', code } },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ status: 'confirmed', confirmMethod: 'code', confirmedByName: '交通路社区第1网格 梁俊连' });
    const listed = (await call('GET', `/api/drives/${drive.id}/recipients`, { token: drive.token })).body.items[0];
    expect(listed.hasCode).toBe(false); // spent
  });

  it('a code allows five tries in all, even when many guesses arrive at once; then only a photo or a call-back', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 2 });
    const r = await addRecipient(f, drive.id, { phone: '13935860002' });
    const sms = await app.services.db
      .selectFrom('sms_outbox')
      .select('text')
      .where('to_phone', '=', '13935860002')
      .executeTakeFirstOrThrow();
    const code = /签收码 (\d{6})/.exec(sms.text)![1]!;
    const wrong = code === '111111' ? '222222' : '111111';
    const guesses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', `/api/drives/${drive.id}/deliveries`, {
          token: drive.token,
          body: { recipientId: r.id, confirmation: { method: 'code', code: wrong } },
        }),
      ),
    );
    expect(guesses.map((g) => g.status).sort()).toEqual([400, 400, 400, 400, 400, 409, 409, 409, 409, 409]);
    const right = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: drive.token,
      body: { recipientId: r.id, confirmation: { method: 'code', code } },
    });
    expect([right.status, right.body.error.message]).toEqual([409, '签收码错误次数过多，请用签名照片或回访确认']);
    const row = await app.services.db
      .selectFrom('drive_recipients')
      .select('code_attempts')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.code_attempts).toBe(5);
  });

  it('a delivery sent again with the same Idempotency-Key (the phone’s outbox) is answered with the one it made', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 3 });
    const r = await addRecipient(f, drive.id, { phone: '13935860003' });
    const sms = await app.services.db
      .selectFrom('sms_outbox')
      .select('text')
      .where('to_phone', '=', '13935860003')
      .executeTakeFirstOrThrow();
    const code = /签收码 (\d{6})/.exec(sms.text)![1]!;
    const send = () =>
      call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: drive.token,
        headers: { 'idempotency-key': `outbox-${drive.id}` },
        body: { recipientId: r.id, confirmation: { method: 'code', code } },
      });
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect((await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body).toMatchObject({
      progress: { delivered: 1 },
      items: [{ stock: 2 }],
    });
  });

  it('a delivery signed for with a signature photo, which only those who see the drive may open', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 2 });
    const r = await addRecipient(f, drive.id);
    const grid = await f.login('grid');
    const photo = await uploadPhoto(app, grid);
    const made = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: grid,
      body: { recipientId: r.id, confirmation: { method: 'photo', photos: [photo] } },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ status: 'confirmed', confirmMethod: 'photo', photos: [photo] });
    expect((await call('GET', `/api/uploads/${photo}`, { token: drive.token })).status).toBe(200);
    expect((await call('GET', `/api/uploads/${photo}`, { token: await f.login('dongguan') })).status).toBe(404);
    // A photo cannot sign for a second delivery.
    const r2 = await addRecipient(f, drive.id);
    const reuse = await call('POST', `/api/drives/${drive.id}/deliveries`, {
      token: grid,
      body: { recipientId: r2.id, confirmation: { method: 'photo', photos: [photo] } },
    });
    expect([reuse.status, reuse.body.error.field]).toEqual([400, 'confirmation.photos']);
    // Nothing half-written: the parcel is still in stock and the second recipient has no delivery.
    const after = (await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body;
    expect([after.items[0].stock, after.progress.delivered]).toEqual([1, 1]);
  });
});
