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
});
