import type { FixedClock } from '../clock.js';
import { HOUR_MS } from '../clock.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Services } from '../services.js';

/**
 * Work waiting for the demo grid worker (`grid`, 交通路社区第1网格) on a fresh demo: requests of
 * their grid to sign, community-level requests any grid worker of 交通路社区 may take, and some
 * already signed or in progress. Filed in the last hours before `end`, so none is overdue.
 */
export const GRID_INBOX_SIZE = 6;

export async function demoGridInbox(t: Services, clock: FixedClock, end: number, gridWorker: Actor, limit: number): Promise<number> {
  if (gridWorker.kind !== 'user' || !gridWorker.unit?.communityCode) return 0;
  const grid = await t.org.get(gridWorker.unit.id);
  if (!grid || grid.lat === null || grid.lng === null) return 0;
  // The grid's centre routes to exactly that grid.
  const centre = { lat: grid.lat, lng: grid.lng };
  const items: { categoryCode: string; description: string; where: 'grid' | 'community'; steps: ('sign' | 'contact')[] }[] = [
    { categoryCode: 'city_appearance', description: '楼道里堆满杂物，影响通行', where: 'grid', steps: [] },
    { categoryCode: 'small_ads', description: '单元门和电线杆上贴满小广告', where: 'grid', steps: [] },
    { categoryCode: 'flying_wire', description: '有住户从楼上拉电线给电动车飞线充电，有安全隐患', where: 'community', steps: [] },
    { categoryCode: 'city_appearance', description: '绿化带里有建筑垃圾没人清理', where: 'community', steps: [] },
    { categoryCode: 'fire_lane', description: '消防通道堆放杂物，消防设施缺乏', where: 'grid', steps: ['sign'] },
    { categoryCode: 'small_ads', description: '墙上喷涂的办证小广告需要清除', where: 'grid', steps: ['sign', 'contact'] },
  ];
  const cats = new Map((await t.categories.list()).map((c) => [c.code, c]));
  let made = 0;
  for (const [i, it] of items.slice(0, limit).entries()) {
    if (cats.get(it.categoryCode)?.handler !== 'grid') continue;
    clock.set(end - (limit - i) * 2 * HOUR_MS);
    const created = await t.requests.create(
      { kind: 'public' },
      {
        kind: 'problem',
        categoryCode: it.categoryCode,
        urgency: 'normal',
        description: it.description,
        ...(it.where === 'grid' ? { location: centre } : { communityCode: gridWorker.unit.communityCode }),
        anonymous: false,
        publicLocation: false,
        reporterName: ['王阿姨', '李师傅', '赵大爷'][i % 3],
        reporterPhone: `1393580${String(2000 + i).padStart(4, '0')}`,
        photos: [],
      },
    );
    for (const step of it.steps) {
      clock.advance(HOUR_MS / 2);
      await t.requests.transition(
        gridWorker,
        created.request.id,
        step === 'sign' ? { action: 'sign' } : { action: 'contact', note: '已电话联系群众，约好上门查看' },
      );
    }
    made++;
  }
  return made;
}
