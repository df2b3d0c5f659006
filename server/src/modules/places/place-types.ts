import { z } from 'zod';

/** A field a place type adds to its places (shown in the detail page, the desk form and the import sheet). */
export const fieldSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().min(1).max(20),
  labelEn: z.string().min(1).max(40),
  type: z.enum(['text', 'number', 'boolean', 'tags', 'enum']),
  options: z.array(z.string().max(20)).max(30).optional(),
  unit: z.string().max(10).optional(),
});
export type FieldDef = z.infer<typeof fieldSchema>;

export interface PlaceTypeSeed {
  code: string;
  name: string;
  nameEn: string;
  icon: string;
  fields: FieldDef[];
}

export const STATION_FACILITIES = ['饮水', '热饭/微波炉', '如厕', '休息', '充电', '药箱', '阅览', '空调', '雨具', 'Wi-Fi'];

/** The types the seed pages name; configurable by the command centre. */
export const DEFAULT_PLACE_TYPES: PlaceTypeSeed[] = [
  {
    code: 'station',
    name: '爱心驿站',
    nameEn: 'Outdoor workers’ station',
    icon: 'coffee',
    fields: [
      { key: 'facilities', label: '设施', labelEn: 'Facilities', type: 'tags', options: STATION_FACILITIES },
      { key: 'capacity', label: '容纳人数', labelEn: 'Capacity', type: 'number', unit: '人' },
      { key: 'area', label: '面积', labelEn: 'Area', type: 'number', unit: '㎡' },
    ],
  },
  {
    code: 'service_center',
    name: '党群服务中心/人大代表联络站',
    nameEn: 'Service centre / deputies’ liaison station',
    icon: 'bank',
    fields: [
      {
        key: 'services',
        label: '服务项目',
        labelEn: 'Services',
        type: 'tags',
        options: ['说事议事', '代表接待', '政策咨询', '代办服务', '文体活动'],
      },
    ],
  },
  {
    code: 'canteen',
    name: '便民餐厅',
    nameEn: 'Community canteen',
    icon: 'shop',
    fields: [
      { key: 'menuToday', label: '今日菜单', labelEn: 'Today’s menu', type: 'text' },
      { key: 'priceFrom', label: '最低价格', labelEn: 'Price from', type: 'number', unit: '元' },
      { key: 'elderlyDiscount', label: '老人优惠', labelEn: 'Elderly discount', type: 'text' },
      { key: 'delivery', label: '送餐上门', labelEn: 'Delivery', type: 'boolean' },
    ],
  },
  {
    code: 'toilet',
    name: '共享厕所',
    nameEn: 'Public toilet',
    icon: 'environment',
    fields: [{ key: 'accessible', label: '无障碍', labelEn: 'Accessible', type: 'boolean' }],
  },
  {
    code: 'parking',
    name: '错时停车',
    nameEn: 'Off-hours parking',
    icon: 'car',
    fields: [
      { key: 'spaces', label: '开放车位', labelEn: 'Spaces', type: 'number', unit: '个' },
      { key: 'fee', label: '收费', labelEn: 'Fee', type: 'text' },
    ],
  },
  {
    code: 'smoke_point',
    name: '灭烟点',
    nameEn: 'Smoking point',
    icon: 'fire',
    fields: [
      { key: 'installStatus', label: '安装状态', labelEn: 'Install status', type: 'enum', options: ['planned', 'installed', 'removed'] },
    ],
  },
  {
    code: 'sports',
    name: '体育场馆',
    nameEn: 'Sports venue',
    icon: 'trophy',
    fields: [
      { key: 'sports', label: '运动项目', labelEn: 'Sports', type: 'tags', options: ['篮球', '乒乓球', '羽毛球', '健身器材', '足球'] },
    ],
  },
  {
    code: 'clinic',
    name: '义诊点',
    nameEn: 'Free clinic',
    icon: 'medicine-box',
    fields: [{ key: 'schedule', label: '义诊时间', labelEn: 'Schedule', type: 'text' }],
  },
];

/** Validates a place's type-specific attributes against its type's fields. */
export function checkAttrs(fields: FieldDef[], attrs: Record<string, unknown>): { field: string; message: string; messageEn: string }[] {
  const issues: { field: string; message: string; messageEn: string }[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const [k, v] of Object.entries(attrs)) {
    const f = known.get(k);
    if (!f) {
      issues.push({ field: `attrs.${k}`, message: `attrs.${k}：该类型没有此字段`, messageEn: `attrs.${k}: not a field of this type` });
      continue;
    }
    if (v === null || v === undefined) continue;
    const bad = (zh: string, en: string) =>
      issues.push({ field: `attrs.${k}`, message: `attrs.${k}：${zh}`, messageEn: `attrs.${k}: ${en}` });
    if (f.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      bad('应为非负数字', 'must be a non-negative number');
    if (f.type === 'boolean' && typeof v !== 'boolean') bad('应为是/否', 'must be true or false');
    if (f.type === 'text' && (typeof v !== 'string' || v.length > 500))
      bad('应为不超过 500 字的文本', 'must be text of at most 500 characters');
    if (f.type === 'enum' && !(typeof v === 'string' && f.options?.includes(v)))
      bad(`应为 ${f.options?.join(' / ')}`, `must be one of ${f.options?.join(', ')}`);
    if (f.type === 'tags' && !(Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= 20) && v.length <= 30))
      bad('应为标签列表', 'must be a list of tags');
  }
  return issues;
}
