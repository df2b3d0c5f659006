import { randomUUID } from 'node:crypto';
import { chinaMonth } from '../clock.js';
import type { Actor } from '../modules/auth/actor.js';
import type { OpeningHours } from '../modules/places/opening-hours.js';
import { STATION_FACILITIES } from '../modules/places/place-types.js';
import { WORKER_GROUPS } from '../modules/places/places.schema.js';
import type { Services } from '../services.js';
import { prng } from './prng.js';

const daily = (a: string, b: string): OpeningHours => ({
  kind: 'weekly',
  week: Array.from({ length: 7 }, () => [[a, b] as [string, string]]),
  holidays: 'weekly',
});
const office: OpeningHours = {
  kind: 'weekly',
  week: [0, 1, 2, 3, 4].map(() => [['08:30', '12:00'] as [string, string], ['14:30', '18:00'] as [string, string]]).concat([[], []]),
  holidays: 'closed',
};

/**
 * The seed pages' figures, placed plausibly around the demo positions of 离石区's communities
 * and marked demo: 50 爱心驿站, 32 党群服务中心/人大代表联络站, 4 便民餐厅, 500 灭烟点 (400
 * installed), 机关 toilets and 错时 car parks, sports venues and free clinics.
 */
export async function seedDemoPlaces(s: Services, progress?: (done: number, total: number) => void): Promise<number> {
  if ((await s.places.repo.count()) > 0) return 0;
  const rand = prng(20261123);
  const units = await s.org.list();
  const communities = units.filter((u) => u.kind === 'community' && u.lat !== null && u.lng !== null);
  const urban = communities.filter((c) => c.name.includes('社区'));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const near = (c: { lat: number | null; lng: number | null }) => {
    for (let t = 0; t < 20; t++) {
      const p = { lat: (c.lat as number) + (rand() - 0.5) * 0.008, lng: (c.lng as number) + (rand() - 0.5) * 0.01 };
      if (s.org.inDistrict(p)) return p;
    }
    return { lat: c.lat as number, lng: c.lng as number };
  };
  const short = (name: string) => name.replace(/(社区)?居委会|村委会/, '');
  const system: Actor = { kind: 'system', job: 'demo-places' };
  const plan: {
    typeCode: string;
    name: string;
    community: (typeof communities)[number];
    hours: OpeningHours;
    attrs: Record<string, unknown>;
    unit: string | null;
    phone: string | null;
    contact: string | null;
  }[] = [];

  for (let i = 0; i < 50; i++) {
    const c = i === 0 ? (urban.find((u) => u.id === '141102001002') ?? pick(urban)) : rand() < 0.8 ? pick(urban) : pick(communities);
    const facilities = STATION_FACILITIES.filter((f) => ['饮水', '休息'].includes(f) || rand() < 0.5);
    plan.push({
      typeCode: 'station',
      name: i === 0 ? '区环卫中心爱心驿站' : `${short(c.name)}爱心驿站${i % 3 === 0 ? '（户外劳动者驿站）' : ''}`,
      community: c,
      hours: rand() < 0.7 ? { kind: 'always' } : daily('06:00', '22:00'),
      attrs: { facilities, capacity: 6 + Math.floor(rand() * 15), area: 15 + Math.floor(rand() * 45) },
      unit: rand() < 0.5 ? 'D-ZGH' : c.id,
      phone: `0358-82${String(10000 + Math.floor(rand() * 89999)).slice(0, 5)}`,
      contact: null,
    });
  }
  for (let i = 0; i < 32; i++) {
    const c = urban[i % urban.length] ?? pick(communities);
    plan.push({
      typeCode: 'service_center',
      name: i % 4 === 3 ? `${short(c.name)}人大代表联络站` : `${short(c.name)}党群服务中心`,
      community: c,
      hours: office,
      attrs: { services: ['说事议事', '政策咨询', '代办服务'].filter(() => rand() < 0.8) },
      unit: c.id,
      phone: `0358-83${String(10000 + Math.floor(rand() * 89999)).slice(0, 5)}`,
      contact: null,
    });
  }
  const menus = ['小米粥、油糕、炒土豆丝', '刀削面、凉拌黄瓜', '红烧肉、炒青菜、米饭', '莜面栲栳栳、羊汤'];
  for (let i = 0; i < 4; i++) {
    const c = urban[(i * 7) % urban.length] ?? pick(urban);
    plan.push({
      typeCode: 'canteen',
      name: `${short(c.name)}便民餐厅`,
      community: c,
      hours: daily('06:30', '20:00'),
      attrs: { menuToday: menus[i], priceFrom: 8 + i, elderlyDiscount: '60岁以上老人八折，80岁以上免费送餐', delivery: true },
      unit: c.id,
      phone: `139358${String(20000 + i * 1111)}`,
      contact: ['王经理', '李经理', '赵经理', '刘经理'][i] ?? null,
    });
  }
  for (let i = 0; i < 20; i++) {
    const c = pick(urban);
    plan.push({
      typeCode: 'toilet',
      name: `${short(c.name)}机关共享厕所`,
      community: c,
      hours: i % 2 ? daily('06:00', '22:00') : { kind: 'off_work', workStart: '08:00', workEnd: '18:00' },
      attrs: { accessible: rand() < 0.6 },
      unit: 'D-CGJ',
      phone: null,
      contact: null,
    });
  }
  for (let i = 0; i < 12; i++) {
    const c = pick(urban);
    plan.push({
      typeCode: 'parking',
      name: `${short(c.name)}机关错时开放停车场`,
      community: c,
      hours: { kind: 'off_work', workStart: '08:00', workEnd: '18:00' },
      attrs: { spaces: 30 + Math.floor(rand() * 170), fee: '免费' },
      unit: 'D-JJDD',
      phone: '0358-8221122',
      contact: null,
    });
  }
  for (let i = 0; i < 500; i++) {
    const c = rand() < 0.85 ? pick(urban) : pick(communities);
    const installed = i < 400;
    plan.push({
      typeCode: 'smoke_point',
      name: `灭烟点 ${String(i + 1).padStart(3, '0')}（${short(c.name)}）`,
      community: c,
      hours: installed ? { kind: 'always' } : { kind: 'closed' },
      attrs: { installStatus: installed ? 'installed' : 'planned' },
      unit: 'D-CGJ',
      phone: null,
      contact: null,
    });
  }
  for (let i = 0; i < 10; i++) {
    const c = pick(urban);
    plan.push({
      typeCode: 'sports',
      name: `${short(c.name)}全民健身场地`,
      community: c,
      hours: daily('06:00', '21:30'),
      attrs: { sports: ['篮球', '乒乓球', '健身器材'].filter(() => rand() < 0.7) },
      unit: c.id,
      phone: null,
      contact: null,
    });
  }
  for (let i = 0; i < 6; i++) {
    const c = pick(urban);
    plan.push({
      typeCode: 'clinic',
      name: `${short(c.name)}义诊点`,
      community: c,
      hours: { kind: 'weekly', week: [[], [], [], [], [], [['09:00', '11:30']], []], holidays: 'closed' },
      attrs: { schedule: '每周六上午 区人民医院义诊' },
      unit: 'C-RMYY',
      phone: null,
      contact: null,
    });
  }

  const ids: string[] = [];
  const rows: Parameters<Services['places']['repo']['insert']>[1] = [];
  const now = s.clock.now().toISOString();
  for (const [i, p] of plan.entries()) {
    const { row, issues } = await s.places.validate({
      typeCode: p.typeCode,
      name: p.name,
      address: short(p.community.name),
      location: near(p.community),
      communityCode: p.community.id,
      managingUnitId: p.unit,
      contactName: p.contact,
      contactPhone: p.phone,
      hours: p.hours,
      attrs: p.attrs,
      public: true,
      status: 'active',
    });
    if (!row) throw new Error(`demo place ${p.name}: ${JSON.stringify(issues)}`);
    const id = randomUUID();
    rows.push({ ...row, id, demo: 1, version: 1, created_at: now, updated_at: now });
    if (p.typeCode === 'station') ids.push(id);
    progress?.(i + 1, plan.length);
  }
  await s.db.transaction().execute(async (trx) => {
    await s.places.repo.insert(trx, rows);
    await s.audit.record(trx, system, 'places.demo_seeded', 'place', null, { count: rows.length });
    await s.places.touch(trx);
    const month = chinaMonth(s.clock.now());
    for (const id of ids)
      for (const group of WORKER_GROUPS)
        if (rand() < 0.6)
          await trx
            .insertInto('place_checkins')
            .values({ place_id: id, worker_group: group, people: 1 + Math.floor(rand() * 40), at: now, month })
            .execute();
    if (ids[0])
      await trx
        .insertInto('place_events')
        .values({
          id: randomUUID(),
          place_id: ids[0],
          title: '交警进驿站：外卖骑手交通安全讲座',
          description: '区交警大队民警为外卖骑手、快递员讲解交通安全常识',
          organiser: '区交警大队、区总工会',
          starts_at: new Date(s.clock.now().getTime() + 3 * 86400_000).toISOString(),
          ends_at: null,
          created_by: null,
          created_at: now,
        })
        .execute();
  });
  s.places.invalidate();
  return plan.length;
}
