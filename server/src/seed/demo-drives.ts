/**
 * Demo aid drives (marked demo), modelled on seed 003 and placed in 离石: a 母亲邮包 drive for 8
 * mothers in difficulty (the 区妇联 with 滨河街道), most delivered and signed for; a 春节 drive of
 * 100/200/300 元 packs by 交通路社区 with co-building units' pledges, some stock in, two parcels out.
 */
import type { Actor, Role } from '../modules/auth/actor.js';
import type { Services } from '../services.js';

const STREET = '141102001'; // 滨河街道
const JIAOTONGLU = '141102001002';
const DONGGUAN = '141102001001';

const MOTHERS: [string, string, string, string][] = [
  ['王秀英', '13935870101', JIAOTONGLU, '单亲母亲，独自抚养两个孩子'],
  ['李桂兰', '13935870102', JIAOTONGLU, '丈夫重病卧床，家庭困难'],
  ['张翠花', '13935870103', JIAOTONGLU, '低保户，患慢性病'],
  ['刘玉梅', '13935870104', DONGGUAN, '残疾母亲，行动不便'],
  ['陈淑珍', '13935870105', DONGGUAN, '失独母亲，独居'],
  ['赵红霞', '13935870106', DONGGUAN, '单亲母亲，无固定收入'],
  ['孙凤英', '13935870107', JIAOTONGLU, '照顾残疾子女'],
  ['周小燕', '13935870108', DONGGUAN, '因病致贫'],
];

async function actorOf(s: Services, username: string): Promise<Actor> {
  const u = await s.auth.repo.userByName(username);
  if (!u) throw new Error(`demo user ${username} missing`);
  const unit = u.unit_id ? await s.org.get(u.unit_id) : undefined;
  return { kind: 'user', userId: u.id, role: u.role as Role, name: u.display_name, unit: unit ? s.org.toScope(unit) : null };
}

export async function seedDemoDrives(s: Services): Promise<void> {
  if (await s.db.selectFrom('drives').select('id').where('demo', '=', 1).executeTakeFirst()) return;
  const street = await actorOf(s, 'binhe');
  const admin = await actorOf(s, 'admin');
  const community = await actorOf(s, 'jiaotonglu');
  const grid = await actorOf(s, 'grid');

  // 母亲邮包: 8 parcels for 8 mothers; 5 signed for at the call-back, 1 awaiting it.
  const mothers = await s.drives.create(
    street,
    {
      title: '母亲邮包 · 关爱困难母亲',
      description: '区妇联联合滨河街道，为辖区困难母亲送去“母亲邮包”。',
      organiserUnitId: STREET,
      organiserName: '区妇联 · 滨河街道',
      targetCount: 8,
      targetUnit: 'recipients',
      items: [{ name: '母亲邮包', contents: '棉被、床上四件套、护理包、血压计、围巾、保温杯', unitLabel: '份' }],
    },
    { demo: true },
  );
  const parcel = mothers.items[0]!.id;
  const p = await s.drives.pledge(street, mothers.id, { itemId: parcel, donorKind: 'unit', donorName: '区妇联', quantity: 8 });
  await s.drives.receive(street, mothers.id, { itemId: parcel, pledgeId: p.pledges[0]!.id, quantity: 8 });
  await s.drives.act(street, mothers.id, { action: 'start', version: p.version });
  const ids: string[] = [];
  for (const [i, [name, phone, communityCode, reason]] of MOTHERS.entries()) {
    const r = await s.driveDeliveries.addRecipient(
      street,
      mothers.id,
      { name, phone, idNumber: `14110219${70 + i}0${i + 1}1512${i}X`, communityCode, reason, itemId: parcel, quantity: 1 },
      { demo: true, sendCode: false },
    );
    ids.push(r.id);
  }
  for (const id of ids.slice(0, 6)) {
    const d = await s.driveDeliveries.deliver(street, mothers.id, { recipientId: id, quantity: 1, confirmation: { method: 'callback' } });
    if (ids.indexOf(id) < 5)
      await s.driveDeliveries.deliveryAction(admin, mothers.id, d.id, {
        action: 'confirm',
        version: d.version,
        confirmation: { method: 'callback', note: '电话回访，本人确认已收到母亲邮包' },
      });
  }

  // 春节慰问包: 100/200/300 元 packs pledged by co-building units and a resident.
  const spring = await s.drives.create(
    community,
    {
      title: '春节慰问 · 温暖过年',
      description: '交通路社区联合共建单位，为困难家庭送去春节慰问包。',
      organiserUnitId: JIAOTONGLU,
      targetCount: 20,
      targetUnit: 'packs',
      items: [
        { name: '100元慰问包', valueYuan: 100, contents: '米、面、油', unitLabel: '份' },
        { name: '200元慰问包', valueYuan: 200, contents: '米、面、油、牛奶、春联', unitLabel: '份' },
        { name: '300元慰问包', valueYuan: 300, contents: '米、面、油、牛奶、肉、春联', unitLabel: '份' },
      ],
    },
    { demo: true },
  );
  const [p100, p200, p300] = spring.items.map((i) => i.id) as [string, string, string];
  const pledges: [string, 'unit' | 'person', string, number][] = [
    [p100, 'unit', '国网离石区供电公司', 8],
    [p200, 'unit', '离石区人民医院', 6],
    [p300, 'unit', '邮政离石分公司', 4],
    [p100, 'person', '李先生', 2],
  ];
  let view = spring;
  for (const [itemId, donorKind, donorName, quantity] of pledges)
    view = await s.drives.pledge(community, spring.id, { itemId, donorKind, donorName, quantity });
  for (const pl of view.pledges)
    await s.drives.receive(community, spring.id, { itemId: pl.itemId, pledgeId: pl.id, quantity: Math.ceil(pl.quantity / 2) });
  const started = await s.drives.act(community, spring.id, { action: 'start', version: view.version });
  const families: [string, string, string, string][] = [
    ['马建国', '13935870201', p300, '独居老人，低保户'],
    ['郭春花', '13935870202', p200, '困难家庭，子女就学'],
    ['高志强', '13935870203', p100, '残疾人家庭'],
    ['田秀兰', '13935870204', p200, '老党员，独居'],
  ];
  const fam: string[] = [];
  for (const [name, phone, itemId, reason] of families)
    fam.push(
      (
        await s.driveDeliveries.addRecipient(
          community,
          spring.id,
          { name, phone, communityCode: JIAOTONGLU, reason, itemId, quantity: 1 },
          { demo: true, sendCode: false },
        )
      ).id,
    );
  for (const id of fam.slice(0, 2))
    await s.driveDeliveries.deliver(grid, started.id, { recipientId: id, quantity: 1, confirmation: { method: 'callback' } });
}
