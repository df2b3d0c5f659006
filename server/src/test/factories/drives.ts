/**
 * Aid-drive test data through the real API, typed with the drives' response schemas; reached as
 * `f.drive(...)` and `f.recipient(...)` on the tests' Factories.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { driveView, recipientBody, recipientView } from '../../modules/drives/drives.schema.js';
import type { Factories, Res } from '../factories.js';

/** 交通路社区, where the demo staff account `jiaotonglu` works. */
export const DRIVE_COMMUNITY = '141102001002';

export type DriveView = z.infer<typeof driveView>;
export type RecipientView = z.infer<typeof recipientView>;

const must = <T>(what: string, r: Res<T>, status: number): T => {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

export interface DriveOptions {
  /** Received into stock for each item. */
  stock?: number;
  /** Start distributing (default true). */
  start?: boolean;
  items?: { name: string; valueYuan?: number; contents?: string }[];
  title?: string;
}

/** A community drive of 交通路社区 with one item, `stock` received, started unless told otherwise. */
export async function drive(f: Factories, opts: DriveOptions = {}) {
  const token = await f.login('jiaotonglu');
  const created = must<DriveView>(
    'drive',
    await f.call('POST', '/api/drives', {
      token,
      body: {
        title: opts.title ?? `母亲邮包-${randomUUID().slice(0, 6)}`,
        organiserUnitId: DRIVE_COMMUNITY,
        targetCount: 8,
        items: opts.items ?? [{ name: '母亲邮包', contents: '棉被、床上四件套、护理包、血压计' }],
      },
    }),
    201,
  );
  if (opts.stock)
    for (const item of created.items)
      must(
        'receipt',
        await f.call('POST', `/api/drives/${created.id}/receipts`, { token, body: { itemId: item.id, quantity: opts.stock } }),
        200,
      );
  let version = must<DriveView>('drive', await f.call('GET', `/api/drives/${created.id}`, { token }), 200).version;
  if (opts.start !== false)
    version = must<DriveView>(
      'start',
      await f.call('POST', `/api/drives/${created.id}/actions`, { token, body: { action: 'start', version } }),
      200,
    ).version;
  return { id: created.id, itemIds: created.items.map((i) => i.id), token, version };
}

let serial = 0;
/** A recipient of 交通路社区 with a fresh ID number (a household of its own) unless one is given. */
export async function recipient(f: Factories, driveId: string, body: Partial<z.input<typeof recipientBody>> = {}): Promise<RecipientView> {
  serial++;
  const idNumber = `14110219800101${String(1000 + (serial % 9000)).padStart(4, '0')}`;
  const r = await f.call<RecipientView>('POST', `/api/drives/${driveId}/recipients`, {
    token: await f.login('jiaotonglu'),
    body: { name: `测试母亲${serial}`, idNumber, communityCode: DRIVE_COMMUNITY, reason: '单亲困难母亲', ...body },
  });
  return must('recipient', r, 201);
}
