/** Helpers shared by the inspections and rectification API tests (not a test file itself). */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { qrPng } from '../../platform/documents/qr.js';
import type { TestContext } from '../../test/test-app.js';

/** Uploads a distinct PNG as `token`; answers its upload id. */
export async function uploadPhoto(app: TestContext['app'], token: string): Promise<string> {
  const boundary = `----lx${randomUUID()}`;
  const r = await app.server.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
      await qrPng(`现场照片 ${randomUUID()}`, 120),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(r.statusCode, r.body).toBe(201);
  return JSON.parse(r.body).id as string;
}

/** The checklist item with `code` that a round's point is inspected with. */
export function roundItem(round: any, pointId: string, code: string): any {
  const p = round.points.find((x: any) => x.id === pointId);
  const c = round.checklists.find((x: any) => x.id === p.checklistId);
  return c.items.find((i: any) => i.code === code);
}
