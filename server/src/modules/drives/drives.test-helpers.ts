/** Test data for the drives' tests, built through the real API. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../app.js';
import type { Factories } from '../../test/factories.js';

export const JIAOTONGLU = '141102001002';
export const DONGGUAN = '141102001001';

/** A community drive of 交通路社区 with one item, `stock` received, started unless told otherwise. */
export async function communityDrive(
  f: Factories,
  opts: { stock?: number; start?: boolean; items?: { name: string; valueYuan?: number }[]; title?: string } = {},
) {
  const token = await f.login('jiaotonglu');
  const created = await f.call('POST', '/api/drives', {
    token,
    body: {
      title: opts.title ?? `母亲邮包-${randomUUID().slice(0, 6)}`,
      organiserUnitId: JIAOTONGLU,
      targetCount: 8,
      items: opts.items ?? [{ name: '母亲邮包', contents: '棉被、床上四件套、护理包、血压计' }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const drive = created.body;
  if (opts.stock) {
    for (const item of drive.items) {
      const r = await f.call('POST', `/api/drives/${drive.id}/receipts`, { token, body: { itemId: item.id, quantity: opts.stock } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  }
  let version = (await f.call('GET', `/api/drives/${drive.id}`, { token })).body.version;
  if (opts.start !== false) {
    const r = await f.call('POST', `/api/drives/${drive.id}/actions`, { token, body: { action: 'start', version } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    version = r.body.version;
  }
  return { id: drive.id as string, itemIds: drive.items.map((i: { id: string }) => i.id) as string[], token, version };
}

let serial = 0;
/** A recipient of 交通路社区 with a fresh ID number (a household of its own) unless one is given. */
export async function addRecipient(f: Factories, driveId: string, body: Record<string, unknown> = {}) {
  serial++;
  const id = `14110219800101${String(1000 + (serial % 9000)).padStart(4, '0')}`;
  const r = await f.call('POST', `/api/drives/${driveId}/recipients`, {
    token: await f.login('jiaotonglu'),
    body: { name: `测试母亲${serial}`, idNumber: id, communityCode: JIAOTONGLU, reason: '单亲困难母亲', ...body },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; phone: string | null; idNumber: string | null };
}

/** A photo the caller uploaded, not yet attached (a signature photo). */
export async function uploadPhoto(app: App, token: string): Promise<string> {
  const boundary = `----lx${randomUUID()}`;
  const r = await app.server.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sign.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(r.statusCode, r.body).toBe(201);
  return JSON.parse(r.body).id;
}
