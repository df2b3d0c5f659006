import fs from 'node:fs';
import path from 'node:path';
import { FixedClock, HOUR_MS } from '../clock.js';
import type { Actor, Role } from '../modules/auth/actor.js';
import { DEMO_COBUILD_UNITS } from '../modules/categories/defaults.js';
import { withoutTexts } from '../modules/notices/notices.service.js';
import type { Point } from '../modules/org/geo.js';
import type { ActionInput } from '../modules/requests/requests.schema.js';
import { buildServices, type Services } from '../services.js';
import { ensureBaseline } from './baseline.js';
import { seedDemoDrives } from './demo-drives.js';
import { demoGridInbox, GRID_INBOX_SIZE } from './demo-grid.js';
import { seedDemoInspections } from './demo-inspections.js';
import { seedDemoPlaces } from './demo-places.js';
import { DEMO_TEXTS } from './demo-texts.js';
import { seedDemoWishes } from './demo-wishes.js';
import { prng } from './prng.js';

export { prng };

export const DEMO_PASSWORD = 'Lianxin@2026';

/** Demo accounts: one per role, scoped to real units of 离石区. */
export const DEMO_USERS: { username: string; displayName: string; role: Role; unitId: string | null; phone?: string }[] = [
  { username: 'admin', displayName: '区指挥中心 王主任', role: 'district_admin', unitId: '141102' },
  { username: 'binhe', displayName: '滨河街道 李干事', role: 'street_staff', unitId: '141102001' },
  { username: 'jiaotonglu', displayName: '交通路社区 赵书记', role: 'community_staff', unitId: '141102001002' },
  { username: 'dongguan', displayName: '东关社区 刘主任', role: 'community_staff', unitId: '141102001001' },
  { username: 'grid', displayName: '交通路社区第1网格 梁俊连', role: 'grid_worker', unitId: '141102001002-01', phone: '13935800001' },
  { username: 'hwzx', displayName: '区环卫中心 张科长', role: 'department_staff', unitId: 'D-HWZX' },
  { username: 'resident', displayName: '张大娘', role: 'resident', unitId: null, phone: '13935812345' },
  { username: 'volunteer', displayName: '供电公司 党员志愿者', role: 'volunteer', unitId: 'C-GDGS' },
  { username: 'inspector', displayName: '区创城督查组 陈督查', role: 'inspector', unitId: '141102' },
];

export interface DemoOptions {
  requests?: number;
  /** Called as work proceeds, for the CLI's progress bar. */
  progress?: (done: number, total: number, stage: string) => void;
}

export async function seedDemo(s: Services, opts: DemoOptions = {}): Promise<{ grids: number; users: number; requests: number }> {
  await ensureBaseline(s);
  // The demo set is 离石区's (its communities, people and requests): it goes into the first configured district.
  const home = s.config.districtCodes[0] ?? '141102';
  const positions = JSON.parse(fs.readFileSync(path.join(s.dataRoot, 'demo', `${home}-communities.json`), 'utf8')) as {
    communities: Record<string, Point>;
  };
  const rand = prng(141102);
  const units = await s.org.list();
  let grids = 0;
  const communities = units.filter((u) => u.kind === 'community');
  for (const c of communities) {
    const p = positions.communities[c.id];
    if (!p) continue;
    if (c.lat === null) await s.org.setPosition(c.id, p, true);
    const count = c.name.includes('社区') ? 3 : 1;
    for (let i = 1; i <= count; i++) {
      const id = `${c.id}-${String(i).padStart(2, '0')}`;
      if (await s.org.get(id)) continue;
      let at = p;
      for (let t = 0; t < 10; t++) {
        const cand = { lat: p.lat + (rand() - 0.5) * 0.006, lng: p.lng + (rand() - 0.5) * 0.008 };
        if (s.org.inDistrict(cand)) {
          at = cand;
          break;
        }
      }
      await s.org.addUnit({
        id,
        parentId: c.id,
        kind: 'grid',
        name: `${c.name.replace(/居委会|村委会/, '')}第${i}网格`,
        lat: at.lat,
        lng: at.lng,
        demo: true,
      });
      grids++;
    }
  }
  for (const u of DEMO_COBUILD_UNITS)
    if (!(await s.org.get(u.id))) await s.org.addUnit({ id: u.id, parentId: home, kind: 'cobuild', name: u.name, demo: true });

  const system: Actor = { kind: 'system', job: 'seed' };
  const accounts = async () =>
    Number(
      (
        await s.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const accountsBefore = await accounts();
  for (const u of DEMO_USERS) {
    if (await s.auth.repo.userByName(u.username)) continue;
    await s.auth.createUser(system, { ...u, password: DEMO_PASSWORD });
  }
  await seedDemoPlaces(s);
  // The programmes' demo history is replayed through their workflows: no text to a made-up phone.
  await withoutTexts(() => seedDemoDrives(s));
  if (opts.requests !== 0) await withoutTexts(() => seedDemoInspections(s)); // demo work items: 创城督查 in 凤山街道 (seed 001)
  const existing = await s.db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const made = Number(existing.n) === 0 ? await demoRequests(s, opts, rand) : 0;
  if ((opts.requests ?? 360) > 0) await withoutTexts(() => seedDemoWishes(s));
  // Counted, not listed: the programmes' seeds add their own demo accounts (the wishes' party member).
  return { grids, users: (await accounts()) - accountsBefore, requests: made };
}

/** Requests over the last three months, each taken through the real lifecycle with a moving clock. */
async function demoRequests(s: Services, opts: DemoOptions, rand: () => number): Promise<number> {
  const total = opts.requests ?? 360;
  const end = s.clock.now().getTime();
  const start = end - 90 * 24 * HOUR_MS;
  const clock = new FixedClock(start);
  const t = buildServices(s.config, s.database, clock);
  const units = await t.org.list();
  const cats = await t.categories.list();
  const actorFor = async (username: string): Promise<Actor> => {
    const u = await t.auth.repo.userByName(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    const unit = u.unit_id ? await t.org.get(u.unit_id) : undefined;
    return { kind: 'user', userId: u.id, role: u.role as Role, name: u.display_name, unit: unit ? t.org.toScope(unit) : null };
  };
  const admin = await actorFor('admin');
  const resident = await actorFor('resident');
  const gridWorker = (await actorFor('grid')) as Extract<Actor, { kind: 'user' }>;
  const grids = units.filter((u) => u.kind === 'grid' && u.lat !== null);
  const urban = grids.filter((g) => g.name.includes('社区'));
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const handlerActor = async (unitId: string): Promise<Actor> => {
    const unit = await t.org.get(unitId);
    if (!unit) throw new Error(`unit ${unitId} missing`);
    const role: Role = unit.kind === 'department' ? 'department_staff' : unit.kind === 'grid' ? 'grid_worker' : 'community_staff';
    return { kind: 'user', userId: `demo-${unit.id}`, role, name: `${unit.name}工作人员`, unit: t.org.toScope(unit) };
  };

  // The last few are work waiting for the demo grid worker (demo-grid.ts); the rest is history.
  const waiting = Math.min(GRID_INBOX_SIZE, Math.floor(total / 4));
  const history = total - waiting;
  for (let i = 0; i < history; i++) {
    clock.set(start + ((end - start) * i) / history + rand() * HOUR_MS);
    const grid = rand() < 0.75 ? pick(urban) : pick(grids);
    const cat = pick(cats.filter((c) => c.code in DEMO_TEXTS));
    const kind = cat.kinds[0] ?? 'problem';
    const channelRoll = rand();
    // Patrol reports come from the demo grid worker's own grid; the rest are residents, callers (代录) and the public.
    const ownGrid = grid.id === gridWorker.unit?.id;
    const creator: Actor =
      ownGrid && channelRoll < 0.5 ? gridWorker : channelRoll < 0.3 ? resident : channelRoll < 0.6 ? admin : { kind: 'public' };
    const created = await t.requests.create(creator, {
      kind: kind as 'problem',
      categoryCode: cat.code,
      urgency: rand() < 0.1 ? 'urgent' : rand() < 0.15 ? 'complex' : 'normal',
      description: pick(DEMO_TEXTS[cat.code] ?? ['其他问题']),
      location: { lat: (grid.lat as number) + (rand() - 0.5) * 0.002, lng: (grid.lng as number) + (rand() - 0.5) * 0.002 },
      anonymous: rand() < 0.1,
      reporterName:
        creator.kind === 'user' && creator.role === 'resident' ? undefined : pick(['王阿姨', '李师傅', '赵大爷', '刘女士', '陈先生']),
      reporterPhone:
        creator.kind === 'user' && creator.role === 'grid_worker' ? undefined : `139358${String(10000 + Math.floor(rand() * 89999))}`,
      photos: [],
      publicLocation: rand() < 0.2,
      // Required questions answered with their first value (e.g. 道路破损's 损坏类型).
      attributes: Object.fromEntries(cat.attributes.filter((a) => a.required).map((a) => [a.code, a.values?.[0]?.key ?? '1'])),
    });
    const id = created.request.id;
    const age = (end - clock.now().getTime()) / (24 * HOUR_MS);
    const step = async (actor: Actor, input: ActionInput, hours: number) => {
      clock.advance(hours * HOUR_MS * (0.5 + rand()));
      if (clock.now().getTime() > end) return false;
      await t.requests.transition(actor, id, input, { silent: true });
      return true;
    };
    let handler = created.request.handlerUnitId;
    if (!handler) {
      handler = cat.departmentId ?? grid.id;
      if (!(await step(admin, { action: 'dispatch', handlerUnitId: handler }, 2))) continue;
    }
    const h = await handlerActor(handler);
    const flow = async () => {
      if (!(await step(h, { action: 'sign' }, rand() < 0.9 ? 3 : 30))) return;
      if (!(await step(h, { action: 'contact', note: '已电话联系群众，了解情况' }, rand() < 0.85 ? 4 : 30))) return;
      if (rand() < 0.05 && (await step(h, { action: 'request_extension', days: 3, reason: '需协调多个部门' }, 24)))
        await step(admin, { action: 'approve_extension' }, 4);
      if (!(await step(h, { action: 'resolve', reply: '已现场处理完毕，问题已解决' }, rand() < 0.85 ? 48 : 24 * 12))) return;
      const r = rand();
      const rating = r < 0.78 ? 'satisfied' : r < 0.93 ? 'basic' : 'unsatisfied';
      if (!(await step(admin, { action: 'rate', rating, resolved: rating !== 'unsatisfied' || rand() < 0.3 }, 24))) return;
      if (rating === 'unsatisfied' && age > 20) {
        await step(admin, { action: 'reopen', reason: '群众不满意，重新办理' }, 2);
        return;
      }
      await step(admin, { action: 'close' }, 24);
    };
    await flow();
    opts.progress?.(i + 1, total, 'requests');
  }
  return history + (await demoGridInbox(t, clock, end, gridWorker, waiting));
}
