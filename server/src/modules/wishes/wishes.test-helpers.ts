/** Test steps for wishes, through the real API (as test/factories.ts does for requests). */
import { randomUUID } from 'node:crypto';
import type { Factories, Res } from '../../test/factories.js';

export const JIAOTONGLU = '141102001002';
export const DONGGUAN = '141102001001';

let serial = 0;
/** A phone unique to this run: each wish its own household unless a test says otherwise. */
export const freshPhone = () => `1390358${String(1000 + (serial++ % 9000)).padStart(4, '0')}`;

export function wishBody(over: Record<string, unknown> = {}) {
  return {
    communityCode: JIAOTONGLU,
    groupCode: 'elderly',
    title: '一台收音机',
    story: '老伴走后一个人在家，想听听戏',
    valueYuan: 80,
    recipientName: '王秀英',
    recipientAge: 78,
    recipientPhone: freshPhone(),
    ...over,
  };
}

/** Staff of 交通路社区 enter a wish (代录) and, unless told otherwise, publish it. */
export async function postedWish(
  f: Factories,
  opts: { body?: Record<string, unknown>; publish?: boolean; publishBody?: Record<string, unknown> } = {},
) {
  const staff = await f.login('jiaotonglu');
  const r = await f.call('POST', '/api/wishes', { token: staff, body: wishBody(opts.body) });
  if (r.status !== 201) throw new Error(`wish: ${r.status} ${JSON.stringify(r.body)}`);
  const wish = r.body.wish;
  if (opts.publish === false) return wish;
  const p = await act(f, staff, wish.id, {
    action: 'publish',
    contactName: '赵书记',
    contactPhone: '13935800088',
    ...(opts.publishBody ?? {}),
  });
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${JSON.stringify(p.body)}`);
  return p.body.wish;
}

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
