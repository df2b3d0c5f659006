import type { Interval, LatLng, OpeningHours, PlaceField, PlaceType, Unit } from '../../api/types';
import type { Lang } from '../../i18n';
import type { PlacesKey, PlacesT as T } from './i18n';

/** The worker groups of the check-in (the server's list, in its order) and their message keys. */
export const WORKER_GROUPS = [
  ['环卫工人', 'group.sanitation'],
  ['快递员', 'group.courier'],
  ['外卖骑手', 'group.rider'],
  ['出租车司机', 'group.taxi'],
  ['交通协管员', 'group.traffic'],
  ['建筑工人', 'group.construction'],
  ['其他户外劳动者', 'group.other'],
] as const satisfies readonly (readonly [string, PlacesKey])[];

export function groupName(group: string, t: T): string {
  const k = WORKER_GROUPS.find(([g]) => g === group)?.[1];
  return k ? t(k) : group;
}

/** The first deployment's district seat (离石区), used only when the units carry no positions. */
export const DISTRICT_CENTRE: LatLng = { lat: 37.5177, lng: 111.1432 };

/**
 * Where distances are measured from when the phone gives no position: the middle of the
 * communities of the district's first street (code …001, by convention the seat's urban
 * street), so that any configured district gets its own centre from its data.
 */
export function districtCentre(units: Unit[] | undefined): LatLng | null {
  if (!units) return null;
  const streets = units.filter((u) => u.kind === 'street').sort((a, b) => a.id.localeCompare(b.id));
  const placed = (u: Unit) => u.kind === 'community' && !!u.location;
  const first = streets[0] ? units.filter((u) => placed(u) && u.parentId === streets[0]?.id) : [];
  const pts = (first.length ? first : units.filter(placed)).map((u) => u.location as LatLng);
  if (!pts.length) return DISTRICT_CENTRE;
  return { lat: pts.reduce((n, p) => n + p.lat, 0) / pts.length, lng: pts.reduce((n, p) => n + p.lng, 0) / pts.length };
}

/** Icons by type code (drawn in components/CategoryIcon); a new type falls back to its own icon name. */
const TYPE_ICONS: Record<string, string> = {
  station: 'heart',
  service_center: 'bank',
  canteen: 'bowl',
  toilet: 'toilet',
  parking: 'parking',
  smoke_point: 'smoke',
  sports: 'trophy',
  clinic: 'medicine-box',
};
export const typeIcon = (type: Pick<PlaceType, 'code' | 'icon'> | undefined) => (type ? (TYPE_ICONS[type.code] ?? type.icon) : 'pin');

export const typeName = (type: PlaceType | undefined, lang: Lang, fallback = '') =>
  type ? (lang === 'en' ? type.nameEn : type.name) : fallback;

/** Great-circle distance in metres (for places found by words, which come without one). */
export function metresBetween(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "260 米" / "1.2 公里". */
export function formatDistance(m: number, t: T): string {
  if (m < 1000) return t('places.metres', { n: Math.max(10, Math.round(m / 10) * 10) });
  return t('places.km', { n: m < 10_000 ? (m / 1000).toFixed(1) : Math.round(m / 1000) });
}

/** Walking at 4.5 km/h, for what a resident can picture ("步行约 4 分钟"); nothing past 3 km. */
export function walkMinutes(m: number): number | null {
  return m <= 3000 ? Math.max(1, Math.round(m / 75)) : null;
}

const ivText = (d: Interval[]) => d.map(([a, b]) => `${a}–${b}`).join(', ');

/**
 * Opening hours in words, in the chosen language: "每天 06:30–20:00", "周一至周五 08:30–12:00,
 * 14:30–18:00（节假日休息）", "错时开放：工作日 08:00 前、18:00 后，节假日全天". Runs of days with the
 * same intervals are joined.
 */
export function hoursText(h: OpeningHours, t: T): string {
  switch (h.kind) {
    case 'always':
      return t('hours.always');
    case 'closed':
      return t('hours.closed');
    case 'off_work':
      return t('hours.offWork', { start: h.workStart, end: h.workEnd });
    case 'weekly': {
      const day = (i: number) => t(`hours.d${i + 1}` as PlacesKey);
      const texts = h.week.map((d) => ivText(d ?? []));
      if (texts.every((x) => !x)) return t('hours.none');
      const parts: string[] = [];
      if (texts.every((x) => x === texts[0])) parts.push(`${t('hours.everyDay')} ${texts[0]}`);
      else {
        let i = 0;
        while (i < 7) {
          let j = i;
          while (j + 1 < 7 && texts[j + 1] === texts[i]) j++;
          if (texts[i]) parts.push(`${j > i ? t('hours.range', { a: day(i), b: day(j) }) : day(i)} ${texts[i]}`);
          i = j + 1;
        }
      }
      const hol = h.holidays === 'closed' ? t('hours.holidayClosed') : h.holidays === 'sunday' ? t('hours.holidaySunday') : '';
      return parts.join(t('hours.sep')) + hol;
    }
  }
}

/** Tags and options are Chinese data; the English page shows these known ones translated. */
const TAG_EN: Record<string, string> = {
  饮水: 'Drinking water',
  '热饭/微波炉': 'Microwave',
  如厕: 'Toilet',
  休息: 'Seats to rest',
  充电: 'Phone charging',
  药箱: 'First-aid kit',
  阅览: 'Reading corner',
  空调: 'Air conditioning',
  雨具: 'Umbrellas',
  'Wi-Fi': 'Wi-Fi',
  说事议事: 'Community talks',
  代表接待: 'Meet your deputy',
  政策咨询: 'Policy advice',
  代办服务: 'Errands done for you',
  文体活动: 'Culture and sports',
  篮球: 'Basketball',
  乒乓球: 'Table tennis',
  羽毛球: 'Badminton',
  健身器材: 'Fitness equipment',
  足球: 'Football',
  免费: 'Free',
};

export function tagText(tag: string, lang: Lang): string {
  return lang === 'en' ? (TAG_EN[tag] ?? tag) : tag;
}

export function optionText(option: string, t: T): string {
  const key = `opt.${option}` as PlacesKey;
  const s = t(key);
  return s === key ? option : s;
}

export const fieldLabel = (f: PlaceField, lang: Lang) => (lang === 'en' ? f.labelEn : f.label);

/** A field's unit: 人, 个, 元 are Chinese words and left out in English; ㎡ is shown in both. */
const unitFor = (f: PlaceField, lang: Lang) => (!f.unit || (lang === 'en' && /[\u4e00-\u9fff]/.test(f.unit)) ? '' : f.unit);

export interface Fact {
  key: string;
  label: string;
  /** Text for a field with one value. */
  text?: string;
  /** Chips for a list of tags. */
  tags?: string[];
}

/** A place's type fields in words: 设施 → chips, 开放车位 → "145 个", 无障碍 → 是/否, 安装状态 → 已安装. */
export function placeFacts(type: PlaceType | undefined, attrs: Record<string, unknown>, t: T, lang: Lang): Fact[] {
  const out: Fact[] = [];
  for (const f of type?.fields ?? []) {
    const v = attrs[f.key];
    if (v === undefined || v === null || v === '') continue;
    const label = fieldLabel(f, lang);
    if (f.type === 'tags' && Array.isArray(v)) {
      if (v.length) out.push({ key: f.key, label, tags: v.map((x) => tagText(String(x), lang)) });
    } else if (f.type === 'boolean') out.push({ key: f.key, label, text: v ? t('common.yes') : t('common.no') });
    else if (f.type === 'number') out.push({ key: f.key, label, text: `${v}${unitFor(f, lang) ? ` ${unitFor(f, lang)}` : ''}` });
    else if (f.type === 'enum') out.push({ key: f.key, label, text: optionText(String(v), t) });
    else out.push({ key: f.key, label, text: tagText(String(v), lang) });
  }
  return out;
}

/**
 * The few words a list item shows: the tags (设施), a yes-field by its name (无障碍, 送餐上门),
 * numbers and short texts with their label.
 */
export function keyFacts(type: PlaceType | undefined, attrs: Record<string, unknown>, t: T, lang: Lang, max = 5): string[] {
  const out: string[] = [];
  for (const f of type?.fields ?? []) {
    const v = attrs[f.key];
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (f.type === 'tags' && Array.isArray(v)) out.push(...v.map((x) => tagText(String(x), lang)));
    else if (f.type === 'boolean') out.push(fieldLabel(f, lang));
    else if (f.type === 'number') out.push(`${fieldLabel(f, lang)} ${v}${unitFor(f, lang)}`);
    else if (f.type === 'enum') out.push(optionText(String(v), t));
    else if (String(v).length <= 16) out.push(tagText(String(v), lang));
  }
  return out.slice(0, max).concat(out.length > max ? [`+${out.length - max}`] : []);
}
