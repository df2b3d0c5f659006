/**
 * Wishes test data through the real API, typed with the wishes' response schemas; reached as
 * `f.wish(...)` and `f.publishedWish(...)` on the tests' Factories.
 */
import type { z } from 'zod';
import type { createWishBody, WishDetailView, WishView } from '../../modules/wishes/wishes.schema.js';
import type { Factories, Res } from '../factories.js';

/** 交通路社区, where the demo staff account `jiaotonglu` works. */
export const WISH_COMMUNITY = '141102001002';

let serial = 0;
/** A phone unique to this run: each wish its own household unless a test says otherwise. */
export const freshPhone = () => `1390358${String(1000 + (serial++ % 9000)).padStart(4, '0')}`;

export type WishBody = Partial<z.input<typeof createWishBody>>;

/** A valid wish as staff enter it (代录), with a fresh recipient phone; `over` replaces fields. */
export function wishBody(over: WishBody = {}) {
  return {
    communityCode: WISH_COMMUNITY,
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

/** Staff of 交通路社区 enter a wish (代录); it waits for the community's check (`submitted`). */
export async function wish(f: Factories, body: WishBody = {}): Promise<WishView> {
  const staff = await f.login('jiaotonglu');
  const r: Res<{ wish: WishView }> = await f.call('POST', '/api/wishes', { token: staff, body: wishBody(body) });
  if (r.status !== 201) throw new Error(`wish: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.wish;
}

/** A wish entered and published to the board by 交通路社区's staff (`published`), ready to claim. */
export async function publishedWish(f: Factories, body: WishBody = {}, publish: Record<string, unknown> = {}): Promise<WishView> {
  const entered = await wish(f, body);
  const staff = await f.login('jiaotonglu');
  const r: Res<WishDetailView> = await f.call('POST', `/api/wishes/${entered.id}/actions`, {
    token: staff,
    body: { action: 'publish', contactName: '赵书记', contactPhone: '13935800088', ...publish },
  });
  if (r.status !== 200) throw new Error(`publish: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.wish;
}
