/** Test steps for the drives' tests (making a drive or a recipient: f.drive / f.recipient, test/factories/drives.ts). */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../app.js';

export const JIAOTONGLU = '141102001002';
export const DONGGUAN = '141102001001';

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
