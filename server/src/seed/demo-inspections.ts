/**
 * Demo (marked demo): 创城督查 in 凤山街道 from seed 001. The district secretary's unannounced
 * round (四不两直) at 凤山底社区's 新时代文明实践站, 凤山底二巷 to 五巷, 金芒果艺术幼儿园 and
 * 长治路小学凤山路校区 finds six kinds of problem (bins not sorted or washed, rubbish piled up, 飞线充电,
 * a broken wall, 占道经营, small ads); an earlier routine round a month before; orders in every
 * state (open, answered, reworked, closed, overdue and escalated), and 举一反三 checks.
 */
import { DAY_MS, FixedClock, HOUR_MS } from '../clock.js';
import type { Actor, Role } from '../modules/auth/actor.js';
import type { PointType } from '../modules/inspections/inspections.schemas.js';
import { buildServices, type Services } from '../services.js';
import { demoPhoto } from './demo-photo.js';

const FENGSHAN = '141102002';
const FSD = '141102002001'; // 凤山底社区居委会
const WCL = '141102002004'; // 文昌路社区居委会
const BASE = { lat: 37.530658, lng: 111.148044 };

const POINTS: { key: string; name: string; type: PointType; community: string; unit: string; d: [number, number] }[] = [
  { key: 'station', name: '凤山底社区新时代文明实践站', type: 'station', community: FSD, unit: FSD, d: [0, 0] },
  { key: 'lane2', name: '凤山底二巷', type: 'back_street', community: FSD, unit: FSD, d: [0.0008, 0.0004] },
  { key: 'lane3', name: '凤山底三巷', type: 'back_street', community: FSD, unit: FSD, d: [0.0011, 0.0009] },
  { key: 'lane4', name: '凤山底四巷', type: 'back_street', community: FSD, unit: FSD, d: [0.0014, 0.0013] },
  { key: 'lane5', name: '凤山底五巷', type: 'back_street', community: FSD, unit: FSD, d: [0.0017, 0.0018] },
  { key: 'kinder', name: '金芒果艺术幼儿园', type: 'kindergarten', community: FSD, unit: FSD, d: [-0.0006, 0.001] },
  { key: 'school', name: '长治路小学凤山路校区', type: 'school', community: FSD, unit: FSD, d: [-0.001, -0.0007] },
  { key: 'market', name: '文昌路农贸市场', type: 'market', community: WCL, unit: WCL, d: [-0.003, 0.004] },
];

type Finding = { point: string; code: string; note: string; colour: [number, number, number] };

export async function seedDemoInspections(s: Services): Promise<void> {
  if (await s.db.selectFrom('inspection_rounds').select('id').executeTakeFirst()) return;
  const end = s.clock.now().getTime();
  const clock = new FixedClock(end - 30 * DAY_MS);
  const t = buildServices(s.config, s.database, clock);
  await t.inspections.checklists.installDefaults();
  const user = async (username: string): Promise<Extract<Actor, { kind: 'user' }>> => {
    const u = await t.auth.repo.userByName(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    const unit = u.unit_id ? await t.org.get(u.unit_id) : undefined;
    return { kind: 'user', userId: u.id, role: u.role as Role, name: u.display_name, unit: unit ? t.org.toScope(unit) : null };
  };
  const inspector = await user('inspector');
  const admin = await user('admin');
  const unitActor = async (id: string): Promise<Extract<Actor, { kind: 'user' }>> => {
    const unit = await t.org.get(id);
    if (!unit) throw new Error(`unit ${id} missing`);
    const role: Role = unit.kind === 'department' ? 'department_staff' : 'community_staff';
    return { kind: 'user', userId: `demo-${id}`, role, name: `${unit.name}工作人员`, unit: t.org.toScope(unit) };
  };
  const system: Actor = { kind: 'system', job: 'seed' };
  const ids: Record<string, string> = {};
  for (const p of POINTS) {
    const place = await t.db.selectFrom('places').select('id').where('name', '=', p.name).executeTakeFirst();
    const made = await t.inspections.points.create(system, {
      name: p.name,
      type: p.type,
      placeId: place?.id ?? null,
      unitId: p.unit,
      communityCode: p.community,
      address: `离石区凤山街道${p.name}`,
      location: { lat: BASE.lat + p.d[0], lng: BASE.lng + p.d[1] },
    });
    ids[p.key] = made?.id as string;
  }
  const photo = async (who: Actor, colour: [number, number, number]) => (await t.uploads.save(who, demoPhoto(colour), 'demo.png')).id;

  /** Walks a round: every item of every point passes except the findings; returns the order of each finding. */
  const walk = async (title: string, mode: 'planned' | 'unannounced', keys: string[], findings: Finding[]) => {
    const r = await t.inspections.rounds.create(inspector, {
      title,
      mode,
      plannedFor: new Date(clock.now().getTime() + 8 * HOUR_MS).toISOString().slice(0, 10),
      streetCode: FENGSHAN,
      pointIds: keys.map((k) => ids[k] as string),
      recheck: 'other',
      sampleSeed: null,
    });
    const round = await t.inspections.rounds.act(inspector, r.id, { action: 'start', version: r.version });
    const orders: Record<string, string> = {};
    for (const p of round.points) {
      const items = round.checklists.find((c) => c.id === p.checklistId)?.items ?? [];
      const key = POINTS.find((x) => ids[x.key] === p.id)?.key as string;
      for (const item of items) {
        clock.advance(2 * 60_000);
        const f = findings.find((x) => x.point === key && x.code === item.code);
        const res = await t.inspections.entries.record(
          inspector,
          round.id,
          {
            pointId: p.id,
            itemId: item.id,
            result: f ? 'fail' : 'pass',
            count: 1,
            note: f?.note ?? null,
            photos: f ? [await photo(inspector, f.colour)] : [],
            takenAt: clock.now().toISOString(),
            location: p.location,
          },
          undefined,
        );
        if (f && res.entry.orderId) orders[`${key}:${f.code}`] = res.entry.orderId;
      }
    }
    const done = await t.inspections.rounds.get(inspector, round.id);
    await t.inspections.rounds.act(inspector, round.id, { action: 'finish', version: done.version });
    return { roundId: round.id, orders };
  };
  const step = async (who: Actor, orderId: string, input: Record<string, unknown>, colour?: [number, number, number]) => {
    clock.advance(3 * HOUR_MS);
    const o = await t.rectification.get(who, orderId);
    const photos = colour ? [await photo(who, colour)] : undefined;
    await t.rectification.act(who, orderId, { ...input, ...(photos ? { photos } : {}), version: o.version } as never);
  };
  const answer = async (orderId: string, note: string) => step(await unitActor(FSD), orderId, { action: 'answer', note }, [90, 160, 90]);

  // A month ago: the street's routine round.
  const earlier = await walk(
    '凤山街道创城常态化检查（第一轮）',
    'planned',
    ['station', 'lane2', 'lane3', 'lane4', 'market'],
    [
      { point: 'lane2', code: 'rubbish_piled', note: '巷口建筑垃圾堆放', colour: [150, 120, 90] },
      { point: 'lane3', code: 'wall_damage', note: '临街墙面大面积脱落', colour: [170, 160, 150] },
      { point: 'lane4', code: 'small_ads', note: '电线杆上小广告', colour: [200, 200, 120] },
    ],
  );
  await answer(earlier.orders['lane2:rubbish_piled'] as string, '已组织清运');
  await step(admin, earlier.orders['lane2:rubbish_piled'] as string, { action: 'pass', note: '现场复核已清理' });
  await answer(earlier.orders['lane3:wall_damage'] as string, '已粉刷');
  await step(admin, earlier.orders['lane3:wall_damage'] as string, { action: 'send_back', reason: '仅局部粉刷，仍有脱落' });
  await answer(earlier.orders['lane3:wall_damage'] as string, '已整面修补粉刷');
  await step(admin, earlier.orders['lane3:wall_damage'] as string, { action: 'pass', note: '复核通过' });
  // lane4's small ads are left open: overdue and escalated below.

  // Three days ago: the district secretary's unannounced round (seed 001).
  clock.set(end - 3 * DAY_MS);
  const secretary = await walk(
    '区委书记“四不两直”督查凤山街道创城工作',
    'unannounced',
    ['station', 'lane2', 'kinder', 'school', 'lane3', 'lane4', 'lane5'],
    [
      { point: 'station', code: 'bins', note: '垃圾桶未分类投放、未及时清洗', colour: [60, 120, 60] },
      { point: 'lane2', code: 'rubbish_piled', note: '垃圾乱堆乱放', colour: [140, 110, 80] },
      { point: 'lane3', code: 'flying_lead', note: '电动车飞线充电', colour: [60, 60, 140] },
      { point: 'lane4', code: 'wall_damage', note: '墙面破损', colour: [160, 150, 140] },
      { point: 'lane5', code: 'street_vending', note: '沿街占道经营', colour: [190, 90, 60] },
      { point: 'kinder', code: 'small_ads', note: '围墙小广告随意张贴', colour: [210, 190, 100] },
    ],
  );
  const o = secretary.orders;
  await answer(o['station:bins'] as string, '已分类并清洗垃圾桶'); // waits for the re-check
  await answer(o['lane3:flying_lead'] as string, '已拆除飞线，引导至集中充电桩');
  await step(admin, o['lane3:flying_lead'] as string, { action: 'pass', note: '复核通过' });
  await step(await unitActor('D-CGJ'), o['lane5:street_vending'] as string, { action: 'answer', note: '已劝离' }, [120, 160, 120]);
  await step(admin, o['lane5:street_vending'] as string, { action: 'send_back', reason: '复查时仍有摊点' }); // reworked, open
  // 举一反三: rubbish piled up is checked at every back street of 凤山街道.
  const lane2Entry = await t.db
    .selectFrom('inspection_entries')
    .select('id')
    .where('order_id', '=', o['lane2:rubbish_piled'] as string)
    .executeTakeFirstOrThrow();
  await t.inspections.similar.fromEntry(inspector, secretary.roundId, lane2Entry.id);
  clock.set(end);
  await t.rectification.sweepOverdue();
}
