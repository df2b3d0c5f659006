/**
 * Demo wishes (marked demo), modelled on seed 003 (南湖社区 and the city's natural-resources
 * bureau lighting 微心愿: rice, flour, daily goods for people in difficulty and old party members),
 * placed in 离石's 交通路社区 and 东关社区. A demo co-building unit whose in-service party member
 * claims some; enough on the board to use it; some fulfilled. Runs once (skips if wishes exist).
 */
import { HOUR_MS } from '../clock.js';
import type { Actor, Role } from '../modules/auth/actor.js';
import type { WishActionInput } from '../modules/wishes/wishes.schema.js';
import type { Services } from '../services.js';
import { demoPhoto } from './demo-photo.js';

export const DEMO_COBUILD_WISHES = { id: 'C-ZRZY', name: '离石区自然资源局（演示）' } as const;
const JIAOTONGLU = '141102001002';
const DONGGUAN = '141102001001';
/** A stand-in delivery photo (a warm-coloured PNG, marked demo like the rest). */
const PHOTO = demoPhoto([214, 120, 64]);

type Fate = 'submitted' | 'published' | 'claimed' | 'confirmed';
const WISHES: [string, number, string, string, number, string, Fate][] = [
  // name, age, group, wish, value (元), community, what has happened to it
  ['王秀英', 78, 'elderly', '一台收音机', 80, JIAOTONGLU, 'published'],
  ['张德明', 85, 'old_party_member', '一袋大米和一桶油', 120, JIAOTONGLU, 'confirmed'],
  ['陈建国', 83, 'old_party_member', '一本大字版党史读物', 60, JIAOTONGLU, 'published'],
  ['马淑芬', 88, 'old_party_member', '一袋面粉和生活用品', 150, JIAOTONGLU, 'confirmed'],
  ['李桂兰', 81, 'elderly', '一副老花镜', 90, JIAOTONGLU, 'claimed'],
  ['赵明轩', 8, 'children', '一套学习用具', 60, JIAOTONGLU, 'published'],
  ['刘欣怡', 10, 'children', '一套绘本', 100, JIAOTONGLU, 'published'],
  ['周文博', 9, 'children', '一个新书包', 80, JIAOTONGLU, 'confirmed'],
  ['孙玉珍', 69, 'hardship', '一床新棉被', 200, JIAOTONGLU, 'published'],
  ['郑志强', 56, 'disabled', '一个助行器', 260, JIAOTONGLU, 'published'],
  ['吴春花', 74, 'elderly', '一个电热毯', 120, JIAOTONGLU, 'claimed'],
  ['郭秀兰', 66, 'hardship', '米面油各一份', 150, DONGGUAN, 'published'],
  ['何永福', 72, 'old_party_member', '一台血压计', 180, DONGGUAN, 'published'],
  ['胡小雨', 7, 'children', '一个台灯', 70, DONGGUAN, 'published'],
  ['高凤英', 80, 'elderly', '有人陪着去一趟医院', 0, JIAOTONGLU, 'submitted'],
  ['田建华', 62, 'disabled', '一把轮椅坐垫', 90, DONGGUAN, 'submitted'],
];

export async function seedDemoWishes(s: Services): Promise<number> {
  const any = await s.db.selectFrom('wishes').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const home = s.config.districtCodes[0] ?? '141102';
  if (!(await s.org.get(DEMO_COBUILD_WISHES.id)))
    await s.org.addUnit({ id: DEMO_COBUILD_WISHES.id, parentId: home, kind: 'cobuild', name: DEMO_COBUILD_WISHES.name, demo: true });
  const system: Actor = { kind: 'system', job: 'seed' };
  // An in-service party member (在职党员): lives in 交通路社区, belongs to the bureau's party branch.
  let member = await s.auth.repo.userByName('zrzy_party');
  if (!member) {
    await s.auth.createUser(system, {
      username: 'zrzy_party',
      displayName: '自然资源局 在职党员（演示）',
      role: 'volunteer',
      unitId: JIAOTONGLU,
      password: (await import('./demo.js')).DEMO_PASSWORD,
    });
    member = await s.auth.repo.userByName('zrzy_party');
  }
  if (!member) throw new Error('demo member missing');
  const now = s.clock.now().toISOString();
  await s.db
    .insertInto('memberships')
    .values({ user_id: member.id, unit_id: DEMO_COBUILD_WISHES.id, role: 'party_member', since: '2025-03-01', created_at: now, demo: 1 })
    .onConflict((oc) => oc.columns(['user_id', 'unit_id']).doNothing())
    .execute();
  const actorFor = async (username: string): Promise<Actor> => {
    const u = await s.auth.repo.userByName(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    const unit = u.unit_id ? await s.org.get(u.unit_id) : undefined;
    return { kind: 'user', userId: u.id, role: u.role as Role, name: u.display_name, unit: unit ? s.org.toScope(unit) : null };
  };
  const staff: Record<string, Actor> = { [JIAOTONGLU]: await actorFor('jiaotonglu'), [DONGGUAN]: await actorFor('dongguan') };
  const claimer = await actorFor('zrzy_party');
  const step = (a: Actor, id: string, input: WishActionInput) => s.wishes.act(a, id, input);
  // 交通路社区's first wishes belong to its 春节 drive (demo-drives.ts, seeded before), when there is one.
  const festival = await s.db
    .selectFrom('drives')
    .select('id')
    .where('demo', '=', 1)
    .where('organiser_unit_id', '=', JIAOTONGLU)
    .where('title', 'like', '春节%')
    .executeTakeFirst();
  let made = 0;
  for (const [i, [name, age, group, title, value, community, fate]] of WISHES.entries()) {
    const by = staff[community] as Actor;
    const { wish } = await s.wishes.create(by, {
      communityCode: community,
      groupCode: group,
      title,
      valueYuan: Math.max(1, value),
      recipientName: name,
      recipientAge: age,
      recipientPhone: `1390358${String(7000 + i).padStart(4, '0')}`,
      phoneConsent: false,
      photoConsent: i % 2 === 0,
      driveId: festival && community === JIAOTONGLU && i < 9 ? festival.id : undefined,
    });
    made++;
    await s.db.updateTable('wishes').set({ demo: 1 }).where('id', '=', wish.id).execute();
    if (fate === 'submitted') continue;
    await step(by, wish.id, { action: 'publish', contactName: '社区网格员', contactPhone: '13935800001', note: '已走访核实' });
    if (fate === 'published') continue;
    await s.wishes.claim(claimer, wish.id, DEMO_COBUILD_WISHES.id);
    if (fate === 'claimed') continue;
    const photo = await s.uploads.save(claimer, PHOTO, 'delivery.png');
    // Deliveries on different afternoons (one person's service records may not overlap).
    const end = s.clock.now().getTime() - (i + 1) * 26 * HOUR_MS;
    await step(claimer, wish.id, {
      action: 'fulfil',
      photos: [photo.id],
      startedAt: new Date(end - HOUR_MS).toISOString(),
      endedAt: new Date(end).toISOString(),
      note: '党员上门送到家中',
    });
    await step(by, wish.id, { action: 'confirm', byPhone: true });
  }
  return made;
}
