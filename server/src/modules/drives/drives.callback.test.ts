/**
 * Deliveries left for a staff call-back (回音卡): confirmed by someone other than the deliverer,
 * disputes, and voiding a delivery (stock back, household served again).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { addRecipient, communityDrive, uploadPhoto } from './drives.test-helpers.js';

describe.each(DIALECTS)('drive call-backs on %s', (dialect) => {
  const ctx = useTestApp(dialect);
  const call = (...a: Parameters<ReturnType<typeof ctx>['f']['call']>) => ctx().f.call(...a);

  it('a call-back confirms a delivery later — made by someone other than the deliverer; a dispute is recorded', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 5 });
    const grid = await f.login('grid');
    const a = await addRecipient(f, drive.id);
    const b = await addRecipient(f, drive.id);
    const da = (
      await call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: grid,
        body: { recipientId: a.id, confirmation: { method: 'callback' } },
      })
    ).body;
    expect(da).toMatchObject({ status: 'delivered', confirmMethod: null, actions: ['confirm'] });
    const self = await call('POST', `/api/drives/${drive.id}/deliveries/${da.id}/actions`, {
      token: grid,
      body: { action: 'confirm', version: da.version, confirmation: { method: 'callback', note: '本人确认收到' } },
    });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('回访须由送达人以外的工作人员进行');
    const ok = await call('POST', `/api/drives/${drive.id}/deliveries/${da.id}/actions`, {
      token: drive.token,
      body: { action: 'confirm', version: da.version, confirmation: { method: 'callback', note: '电话回访，本人确认收到' } },
    });
    expect(ok.body).toMatchObject({ status: 'confirmed', confirmMethod: 'callback', confirmedByName: '交通路社区 赵书记' });
    const stale = await call('POST', `/api/drives/${drive.id}/deliveries/${da.id}/actions`, {
      token: drive.token,
      body: { action: 'dispute', version: da.version, note: '再次回访' },
    });
    expect(stale.status).toBe(409);
    const db = (
      await call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: grid,
        body: { recipientId: b.id, confirmation: { method: 'callback' } },
      })
    ).body;
    const disputed = await call('POST', `/api/drives/${drive.id}/deliveries/${db.id}/actions`, {
      token: drive.token,
      body: { action: 'dispute', version: db.version, note: '回访时称未收到' },
    });
    expect(disputed.body.status).toBe('disputed');
    const timeline = await ctx()
      .app.services.db.selectFrom('timeline')
      .select(['action', 'actor_name', 'note'])
      .where('entity_type', '=', 'drive_delivery')
      .where('entity_id', '=', da.id)
      .orderBy('id')
      .execute();
    expect(timeline).toEqual([
      { action: 'create', actor_name: '交通路社区第1网格 梁俊连', note: null },
      { action: 'confirm', actor_name: '交通路社区 赵书记', note: '电话回访，本人确认收到' },
    ]);
  });
  it('a dispute is settled only by an organiser who is not the deliverer, by call-back or code, never by a photo', async () => {
    const { f, app } = ctx();
    const drive = await communityDrive(f, { stock: 5 });
    const grid = await f.login('grid');
    const street = await f.login('binhe');
    const a = await addRecipient(f, drive.id);
    const deliver = async (token: string, recipientId: string) =>
      (await call('POST', `/api/drives/${drive.id}/deliveries`, { token, body: { recipientId, confirmation: { method: 'callback' } } }))
        .body;
    const act = (token: string, id: string, body: Record<string, unknown>) =>
      call('POST', `/api/drives/${drive.id}/deliveries/${id}/actions`, { token, body });
    // The grid worker's delivery is disputed; the grid worker cannot reverse it, even with a photo.
    const da = await deliver(grid, a.id);
    const disputed = (await act(drive.token, da.id, { action: 'dispute', version: da.version, note: '称未收到' })).body;
    expect(disputed.status).toBe('disputed');
    const gridView = (await call('GET', `/api/drives/${drive.id}/recipients`, { token: grid })).body.items.find((r: any) => r.id === a.id);
    expect(gridView.delivery.actions).toEqual([]);
    const photo = await uploadPhoto(app, grid);
    const self = await act(grid, da.id, {
      action: 'confirm',
      version: disputed.version,
      confirmation: { method: 'photo', photos: [photo] },
    });
    expect(self.status).toBe(403);
    // An organiser's own delivery, disputed by another organiser: the deliverer cannot settle it.
    const b = await addRecipient(f, drive.id);
    const db = await deliver(drive.token, b.id);
    const db2 = (await act(street, db.id, { action: 'dispute', version: db.version, note: '称未收到' })).body;
    const ownView = (await call('GET', `/api/drives/${drive.id}/recipients`, { token: drive.token })).body.items.find(
      (r: any) => r.id === b.id,
    );
    expect(ownView.delivery.actions).toEqual(['void']);
    const own = await act(drive.token, db.id, {
      action: 'confirm',
      version: db2.version,
      confirmation: { method: 'callback', note: '我确认送到了' },
    });
    expect(own.status).toBe(403);
    const byPhoto = await act(street, db.id, {
      action: 'confirm',
      version: db2.version,
      confirmation: { method: 'photo', photos: [photo] },
    });
    expect([byPhoto.status, byPhoto.body.error.field]).toEqual([400, 'confirmation.method']);
    const settled = await act(street, db.id, {
      action: 'confirm',
      version: db2.version,
      confirmation: { method: 'callback', note: '再次回访，已收到' },
    });
    expect(settled.body).toMatchObject({ status: 'confirmed', confirmedByName: expect.stringContaining('街道') });
  });

  it('an organiser voids a delivery with a reason: the stock comes back and the household may be served again', async () => {
    const { f } = ctx();
    const drive = await communityDrive(f, { stock: 3 });
    const grid = await f.login('grid');
    const r = await addRecipient(f, drive.id, { quantity: 2 });
    const send = () =>
      call('POST', `/api/drives/${drive.id}/deliveries`, {
        token: grid,
        body: { recipientId: r.id, confirmation: { method: 'callback' } },
      });
    const first = (await send()).body;
    expect((await send()).status).toBe(409);
    const disputed = (
      await call('POST', `/api/drives/${drive.id}/deliveries/${first.id}/actions`, {
        token: drive.token,
        body: { action: 'dispute', version: first.version, note: '称未收到' },
      })
    ).body;
    const act = (token: string, body: Record<string, unknown>) =>
      call('POST', `/api/drives/${drive.id}/deliveries/${first.id}/actions`, {
        token,
        body: { action: 'void', version: disputed.version, ...body },
      });
    expect((await act(grid, { reason: '送错了' })).status).toBe(403);
    const noReason = await act(drive.token, {});
    expect([noReason.status, noReason.body.error.field]).toEqual([400, 'reason']);
    const voided = await act(drive.token, { reason: '送达人送错了人家，物资已收回' });
    expect(voided.body.status).toBe('voided');
    const stock = async () => (await call('GET', `/api/drives/${drive.id}`, { token: drive.token })).body.items[0].stock;
    expect(await stock()).toBe(3);
    // Voided twice cannot return the stock twice.
    expect((await act(drive.token, { reason: '再次作废' })).status).toBe(409);
    const again = await send();
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(await stock()).toBe(1);
    const timeline = await ctx()
      .app.services.db.selectFrom('timeline')
      .select(['action', 'note'])
      .where('entity_type', '=', 'drive_delivery')
      .where('entity_id', '=', first.id)
      .orderBy('id')
      .execute();
    expect(timeline.map((t) => t.action)).toEqual(['create', 'dispute', 'void']);
    expect(timeline[2]!.note).toBe('送达人送错了人家，物资已收回');
  });
});
