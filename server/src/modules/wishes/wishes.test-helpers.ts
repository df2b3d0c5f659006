/** Test steps on a wish, through the real API (making one: f.wish / f.publishedWish, test/factories/wishes.ts). */
import { randomUUID } from 'node:crypto';
import type { Factories, Res } from '../../test/factories.js';

export const JIAOTONGLU = '141102001002';
export const DONGGUAN = '141102001001';

/** The wish factories (f.wish, f.publishedWish) live in test/factories/wishes.ts; these are the steps on a wish. */
export { freshPhone, wishBody } from '../../test/factories/wishes.js';

export const act = (f: Factories, token: string | null, id: string, body: Record<string, unknown>): Promise<Res> =>
  f.call('POST', `/api/wishes/${id}/actions`, { token, body });

export const claim = (f: Factories, token: string | null, id: string, body?: Record<string, unknown>): Promise<Res> =>
  f.call('POST', `/api/wishes/${id}/claim`, { token, body });

/** A PNG the uploads module accepts, as a multipart body. */
export async function uploadPhoto(f: Factories, token: string): Promise<string> {
  const boundary = `----lx${randomUUID()}`;
  const r = await f.app.server.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  if (r.statusCode !== 201) throw new Error(`upload: ${r.statusCode} ${r.body}`);
  return JSON.parse(r.body).id as string;
}
