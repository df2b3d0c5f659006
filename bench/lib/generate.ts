/**
 * Generated requests for the measures benchmark: N requests over 12 months in the real 190
 * communities of 离石区, with realistic shapes rather than uniform noise:
 * - towns' urban 社区 get several times the volume of villages, and every community has its own
 *   size and its own quality (response in time, resolution, satisfaction), so rankings differ;
 * - the volume follows the seasons (winter heating and Spring Festival, summer rain);
 * - a request is rated (有效回访, the 三率 denominator) days after it was filed, so its
 *   `period_month` is often the month after `created_month`; recent requests are still open;
 * - a few are rejected, merged, reopened or overdue.
 * Rows are complete (every column a real request has at its stage), so table and index sizes are
 * those of production data. Deterministic: the same seed gives the same data.
 */
import { randomUUID } from 'node:crypto';
import { chinaMidnight } from '../../server/src/clock.js';
import type { RequestTable } from '../../server/src/db/schema.js';
import { DEMO_TEXTS } from '../../server/src/seed/demo-texts.js';
import { prng } from './stats.js';

export interface Unit {
  id: string;
  kind: string;
  name: string;
  street_code: string | null;
  community_code: string | null;
  lat: number | null;
  lng: number | null;
}

/** The 12 months covered (China time), oldest first. */
export const MONTHS = [
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
];
/** Generation stops here: requests filed shortly before are still open, as on a real "today". */
export const NOW = chinaMidnight('2026-04-01');
/** The month the benchmark ranks: the last full month, whose follow-ups are complete. */
export const RANK_MONTH = '2026-02';

const SEASON: Record<string, number> = {
  '01': 1.15,
  '02': 0.8,
  '03': 1.0,
  '04': 1.0,
  '05': 1.05,
  '06': 1.1,
  '07': 1.25,
  '08': 1.2,
  '09': 1.0,
  '10': 0.9,
  '11': 1.05,
  '12': 1.2,
};

export const CATEGORIES: { code: string; weight: number; handler: 'grid' | 'dept'; dept?: string; kind: string }[] = [
  { code: 'city_appearance', weight: 14, handler: 'grid', kind: 'problem' },
  { code: 'garbage', weight: 12, handler: 'dept', dept: 'D-HWZX', kind: 'problem' },
  { code: 'small_ads', weight: 5, handler: 'grid', kind: 'problem' },
  { code: 'street_vending', weight: 6, handler: 'dept', dept: 'D-CGJ', kind: 'problem' },
  { code: 'flying_wire', weight: 5, handler: 'grid', kind: 'problem' },
  { code: 'fire_lane', weight: 4, handler: 'grid', kind: 'problem' },
  { code: 'parking', weight: 8, handler: 'dept', dept: 'D-JJDD', kind: 'problem' },
  { code: 'road_damage', weight: 7, handler: 'dept', dept: 'D-ZJJ', kind: 'problem' },
  { code: 'wall_damage', weight: 3, handler: 'grid', kind: 'problem' },
  { code: 'noise', weight: 6, handler: 'dept', dept: 'D-CGJ', kind: 'problem' },
  { code: 'elderly_shopping', weight: 5, handler: 'grid', kind: 'help' },
  { code: 'errand', weight: 4, handler: 'grid', kind: 'help' },
  { code: 'medical_insurance', weight: 5, handler: 'dept', dept: 'D-YBJ', kind: 'help' },
  { code: 'social_insurance', weight: 4, handler: 'dept', dept: 'D-RSJ', kind: 'help' },
  { code: 'micro_wish', weight: 3, handler: 'grid', kind: 'wish' },
  { code: 'suggestion', weight: 3, handler: 'grid', kind: 'suggestion' },
  { code: 'other', weight: 6, handler: 'grid', kind: 'problem' },
];

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NAMES = ['王阿姨', '李师傅', '赵大爷', '刘女士', '陈先生', '张大娘', '郭师傅', '任女士'];
const ROADS = ['滨河北路', '龙凤大街', '永宁东路', '朝阳街', '北川河东路', '凤山路', '吕梁大道'];

interface CommunityProfile {
  unit: Unit;
  grids: string[];
  weight: number;
  contactInTime: number;
  resolved: number;
  satisfied: number;
  basic: number;
  onTime: number;
}

export type GeneratedRow = Omit<RequestTable, never>;

export class RequestGenerator {
  private readonly rand: () => number;
  private readonly communities: CommunityProfile[];
  private readonly cumCommunity: number[];
  private readonly cumCategory: number[];
  private readonly monthStart: number[];
  private readonly cumMonth: number[];
  private readonly serialByDay = new Map<string, number>();

  constructor(units: Unit[], seed = 141102) {
    this.rand = prng(seed);
    const r = this.rand;
    const gridsOf = new Map<string, string[]>();
    for (const u of units)
      if (u.kind === 'grid' && u.community_code) gridsOf.set(u.community_code, [...(gridsOf.get(u.community_code) ?? []), u.id]);
    this.communities = units
      .filter((u) => u.kind === 'community')
      .map((unit) => {
        const urban = unit.name.includes('社区');
        // Size: urban communities file 3–8× more; quality: most are good, a few lag behind.
        const size = (urban ? 3 + 5 * r() : 0.5 + r()) * Math.exp((r() - 0.5) * 0.8);
        const q = r();
        return {
          unit,
          grids: gridsOf.get(unit.id) ?? [],
          weight: size,
          contactInTime: 0.8 + 0.19 * q,
          resolved: 0.82 + 0.16 * (0.5 * q + 0.5 * r()),
          satisfied: 0.6 + 0.3 * (0.6 * q + 0.4 * r()),
          basic: 0.08 + 0.1 * r(),
          onTime: 0.8 + 0.18 * (0.7 * q + 0.3 * r()),
        };
      });
    if (this.communities.length === 0) throw new Error('no communities: load the baseline first');
    this.cumCommunity = cumulative(this.communities.map((c) => c.weight));
    this.cumCategory = cumulative(CATEGORIES.map((c) => c.weight));
    this.monthStart = [...MONTHS, '2026-04'].map((m) => chinaMidnight(`${m}-01`).getTime());
    this.cumMonth = cumulative(MONTHS.map((m) => SEASON[m.slice(5)] ?? 1));
  }

  /** Every category and handler unit the rows will reference (the load skips the foreign-key checks). */
  references(): { categories: string[]; units: string[] } {
    const units = new Set<string>();
    for (const c of this.communities) {
      units.add(c.unit.id);
      for (const g of c.grids) units.add(g);
    }
    for (const c of CATEGORIES) if (c.dept) units.add(c.dept);
    return { categories: CATEGORIES.map((c) => c.code), units: [...units] };
  }

  get communityCount(): number {
    return this.communities.length;
  }

  /** The i-th request, in filing order when called with i = 0, 1, 2 … n-1. */
  row(i: number, n: number): GeneratedRow {
    const r = this.rand;
    // Filing time: spread over the months by seasonal weight, in order of i.
    const f = (i + r()) / n;
    const m = Math.min(MONTHS.length - 1, bisect(this.cumMonth, f * (this.cumMonth.at(-1) as number)));
    const mStart = this.monthStart[m] as number;
    const mEnd = this.monthStart[m + 1] as number;
    const lo = m === 0 ? 0 : (this.cumMonth[m - 1] as number) / (this.cumMonth.at(-1) as number);
    const hi = (this.cumMonth[m] as number) / (this.cumMonth.at(-1) as number);
    // Daytime-heavy: shift into 07:00–22:00 China time most of the time.
    let created = mStart + ((f - lo) / (hi - lo)) * (mEnd - mStart);
    const hourOfDay = ((created + 8 * HOUR) % DAY) / HOUR;
    if (hourOfDay < 7 && r() < 0.8) created += (7 - hourOfDay + r() * 3) * HOUR;
    created = Math.min(created, NOW.getTime() - 60_000);

    const c = this.communities[bisect(this.cumCommunity, r() * (this.cumCommunity.at(-1) as number))] as CommunityProfile;
    const cat = CATEGORIES[bisect(this.cumCategory, r() * (this.cumCategory.at(-1) as number))] as (typeof CATEGORIES)[number];
    const grid = c.grids.length ? (c.grids[Math.floor(r() * c.grids.length)] as string) : null;
    const handler = cat.handler === 'grid' ? (grid ?? c.unit.id) : (cat.dept as string);
    const urgency = r() < 0.08 ? 'urgent' : r() < 0.12 ? 'complex' : 'normal';
    const texts = DEMO_TEXTS[cat.code] ?? ['其他问题'];
    const description = texts[Math.floor(r() * texts.length)] as string;
    const channel = ['web', 'web', 'web', 'proxy', 'patrol', 'liaison'][Math.floor(r() * 6)] as string;
    const createdDay = chinaDay(created);
    const day = createdDay.replaceAll('-', '');
    const serial = (this.serialByDay.get(day) ?? 0) + 1;
    this.serialByDay.set(day, serial);

    // The lifecycle so far: how far it got depends on its age and on the community's quality.
    const resolveDays = urgency === 'complex' ? 15 : 7;
    const contactDeadline = created + (urgency === 'urgent' ? 2 * HOUR : DAY);
    const resolveDeadline = created + resolveDays * 1.4 * DAY;
    const signedAt = created + (0.5 + r() * 6) * HOUR;
    const contactedInTime = r() < c.contactInTime ? 1 : 0;
    const contactedAt = contactedInTime
      ? contactDeadline - r() * (contactDeadline - signedAt) * 0.9
      : contactDeadline + (1 + r() * 30) * HOUR;
    const onTime = r() < c.onTime;
    const handlingDays = onTime ? 0.3 + r() * resolveDays * 1.2 : resolveDays * 1.4 + r() * 10;
    const resolvedAt = created + handlingDays * DAY;
    const ratedAt = resolvedAt + (0.3 + r() * 3) * DAY;
    const closedAt = ratedAt + (0.5 + r() * 2) * DAY;
    const rejected = r() < 0.015;
    const merged = !rejected && r() < 0.01;
    const now = NOW.getTime();
    let status: string;
    if (rejected) status = 'rejected';
    else if (merged) status = 'merged';
    else if (closedAt < now) status = 'closed';
    else if (ratedAt < now) status = 'rated';
    else if (resolvedAt < now) status = 'resolved';
    else if (contactedAt < now) status = 'in_progress';
    else if (signedAt < now) status = 'signed';
    else status = 'dispatched';
    const past = (t: number) => (!rejected && !merged && t < now ? iso(t) : null);
    const rated = past(ratedAt) !== null;
    const ratingRoll = r();
    const rating = rated ? (ratingRoll < c.satisfied ? 'satisfied' : ratingRoll < c.satisfied + c.basic ? 'basic' : 'unsatisfied') : null;
    const reopened = rated && rating === 'unsatisfied' && r() < 0.35 ? 1 : 0;
    const overdue =
      status !== 'closed' && status !== 'rated' && status !== 'rejected' && status !== 'merged' && resolveDeadline < now
        ? 1
        : r() < 0.01
          ? 1
          : 0;
    const phone = r() < 0.85 ? `1${3 + Math.floor(r() * 6)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null;
    const createdIso = iso(created);
    const lastChange = [closedAt, ratedAt, resolvedAt, contactedAt, signedAt, created].find((t) => t < now) ?? created;
    return {
      id: randomUUID(),
      number: `LX${day}${String(serial).padStart(4, '0')}`,
      kind: cat.kind,
      category_code: cat.code,
      urgency,
      title: description.slice(0, 30),
      description,
      channel,
      status,
      version: 1 + ['dispatched', 'signed', 'in_progress', 'resolved', 'rated', 'closed'].indexOf(status) + reopened,
      district_code: c.unit.id.slice(0, 6),
      street_code: c.unit.street_code,
      community_code: c.unit.id,
      grid_code: grid,
      handler_unit_id: handler,
      lat: c.unit.lat !== null ? c.unit.lat + (r() - 0.5) * 0.004 : null,
      lng: c.unit.lng !== null ? c.unit.lng + (r() - 0.5) * 0.005 : null,
      address: `${ROADS[Math.floor(r() * ROADS.length)]}${1 + Math.floor(r() * 300)}号`,
      anonymous: r() < 0.08 ? 1 : 0,
      reporter_user_id: null,
      reporter_name: NAMES[Math.floor(r() * NAMES.length)] as string,
      reporter_phone: phone,
      created_by_user_id: null,
      open311_token: null,
      track_code_hash: null,
      created_at: createdIso,
      updated_at: iso(Math.min(lastChange, now)),
      created_month: createdDay.slice(0, 7),
      dispatched_at: rejected ? null : createdIso,
      signed_at: past(signedAt),
      contacted_at: past(contactedAt),
      resolved_at: past(resolvedAt),
      rated_at: past(ratedAt),
      closed_at: rejected || merged ? iso(Math.min(created + DAY, now)) : past(closedAt),
      sign_deadline: iso(created + DAY),
      contact_deadline: iso(contactDeadline),
      resolve_deadline: iso(resolveDeadline),
      overdue,
      supervised: overdue && r() < 0.3 ? 1 : 0,
      extension_pending: 0,
      reopen_count: reopened,
      contacted_in_time: past(contactedAt) ? contactedInTime : null,
      resolved_on_time: past(resolvedAt) ? (onTime ? 1 : 0) : null,
      handling_seconds: past(resolvedAt) ? Math.round((resolvedAt - created) / 1000) : null,
      reply: past(resolvedAt) ? '已现场处理完毕，问题已解决' : null,
      rating,
      rating_resolved: rated ? (r() < (rating === 'satisfied' ? 0.99 : rating === 'basic' ? c.resolved : 0.3) ? 1 : 0) : null,
      rating_comment: rated && r() < 0.2 ? '处理及时，感谢网格员' : null,
      period_month: rated ? chinaDay(ratedAt).slice(0, 7) : null,
      merged_into_id: null,
      public_location: 0,
      attributes: null,
    };
  }
}

const dayPrefix = new Map<number, string>();
const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** `new Date(t).toISOString()`, several times faster (it is called a dozen times per row). */
function iso(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / DAY);
  let p = dayPrefix.get(day);
  if (p === undefined) {
    p = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefix.set(day, p);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  return `${p}${two(h)}:${two(m)}:${two(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
/** China-time date (YYYY-MM-DD) of an instant, like clock.chinaDate. */
const chinaDay = (t: number) => iso(t + 8 * HOUR).slice(0, 10);

function cumulative(xs: number[]): number[] {
  let s = 0;
  return xs.map((x) => (s += x));
}

/** Index of the first cumulative weight above x. */
function bisect(cum: number[], x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
