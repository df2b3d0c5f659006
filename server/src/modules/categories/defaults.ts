import type { AttributeDef } from './attributes.js';
import { DEFAULT_SLA, type Sla } from './sla.js';

/** Departments of the district beside the tree (ids are stable; names from the seeds). */
export const DEFAULT_DEPARTMENTS = [
  { id: 'D-HWZX', name: '区环卫中心' },
  { id: 'D-ZJJ', name: '区住建局' },
  { id: 'D-YBJ', name: '区医保局' },
  { id: 'D-JJDD', name: '区交警大队' },
  { id: 'D-CGJ', name: '区城管局' },
  { id: 'D-ZGH', name: '区总工会' },
  { id: 'D-RSJ', name: '区人社局' },
  { id: 'D-MZJ', name: '区民政局' },
  { id: 'D-XFJY', name: '区消防救援大队' },
] as const;

/** Co-building units (共建单位) that claim wishes and join activities; demo set. */
export const DEMO_COBUILD_UNITS = [
  { id: 'C-GDGS', name: '国网离石区供电公司' },
  { id: 'C-RMYY', name: '离石区人民医院' },
  { id: 'C-YZZX', name: '邮政离石分公司' },
] as const;

const quick: Sla = {
  ...DEFAULT_SLA,
  normal: { sign: { hours: 4 }, contact: { hours: 8 }, resolve: { workdays: 2 } },
};

export interface CategorySeed {
  code: string;
  name: string;
  nameEn: string;
  kinds: string[];
  icon: string;
  handler: 'grid' | 'department';
  departmentId?: string;
  sla?: Sla;
  /** Extra questions asked at intake (GeoReport v2 service attributes). */
  attributes?: AttributeDef[];
  /** Installed inactive: kept so old requests still name it, never offered for intake. */
  retired?: boolean;
}

/** Two demo services with attributes: one required single-value list, and optional questions. */
const ROAD_DAMAGE_ATTRIBUTES: AttributeDef[] = [
  {
    code: 'damage_type',
    datatype: 'singlevaluelist',
    required: true,
    description: '损坏类型',
    descriptionEn: 'Type of damage',
    values: [
      { key: 'pothole', name: '坑槽', nameEn: 'Pothole' },
      { key: 'crack', name: '裂缝', nameEn: 'Crack' },
      { key: 'manhole', name: '井盖缺失或破损', nameEn: 'Missing or broken manhole cover' },
      { key: 'pavement', name: '人行道地砖', nameEn: 'Pavement tiles' },
    ],
  },
  { code: 'size_m2', datatype: 'number', required: false, description: '大致面积（平方米）', descriptionEn: 'Rough size (m²)' },
];
const NOISE_ATTRIBUTES: AttributeDef[] = [
  {
    code: 'noise_time',
    datatype: 'multivaluelist',
    required: false,
    description: '通常在什么时段',
    descriptionEn: 'When does it usually happen',
    values: [
      { key: 'day', name: '白天', nameEn: 'Daytime' },
      { key: 'evening', name: '晚上（22点前）', nameEn: 'Evening (before 22:00)' },
      { key: 'night', name: '夜间（22点后）', nameEn: 'Night (after 22:00)' },
    ],
  },
  { code: 'noise_source', datatype: 'string', required: false, description: '噪音来源', descriptionEn: 'Source of the noise' },
];

/** A Chinese default set drawn from the seed pages; editable by the command centre. */
export const DEFAULT_CATEGORIES: CategorySeed[] = [
  {
    code: 'city_appearance',
    name: '市容环境',
    nameEn: 'City appearance',
    kinds: ['problem', 'finding'],
    icon: 'environment',
    handler: 'grid',
  },
  {
    code: 'garbage',
    name: '垃圾清运',
    nameEn: 'Rubbish collection',
    kinds: ['problem', 'finding'],
    icon: 'delete',
    handler: 'department',
    departmentId: 'D-HWZX',
  },
  { code: 'small_ads', name: '小广告', nameEn: 'Illegal posters', kinds: ['problem', 'finding'], icon: 'file-text', handler: 'grid' },
  {
    code: 'street_vending',
    name: '占道经营',
    nameEn: 'Street vending',
    kinds: ['problem', 'finding'],
    icon: 'shop',
    handler: 'department',
    departmentId: 'D-CGJ',
  },
  {
    code: 'flying_wire',
    name: '飞线充电',
    nameEn: 'Unsafe e-bike charging',
    kinds: ['problem', 'finding'],
    icon: 'thunderbolt',
    handler: 'grid',
  },
  { code: 'fire_lane', name: '消防通道', nameEn: 'Blocked fire lane', kinds: ['problem', 'finding'], icon: 'fire', handler: 'grid' },
  {
    code: 'parking',
    name: '停车秩序',
    nameEn: 'Parking order',
    kinds: ['problem', 'finding'],
    icon: 'car',
    handler: 'department',
    departmentId: 'D-JJDD',
  },
  {
    code: 'road_damage',
    name: '道路破损',
    nameEn: 'Damaged road',
    kinds: ['problem', 'finding'],
    icon: 'tool',
    handler: 'department',
    departmentId: 'D-ZJJ',
    attributes: ROAD_DAMAGE_ATTRIBUTES,
  },
  { code: 'wall_damage', name: '墙面破损', nameEn: 'Damaged walls', kinds: ['problem', 'finding'], icon: 'home', handler: 'grid' },
  {
    code: 'noise',
    name: '噪音扰民',
    nameEn: 'Noise',
    kinds: ['problem'],
    icon: 'sound',
    handler: 'department',
    departmentId: 'D-CGJ',
    attributes: NOISE_ATTRIBUTES,
  },
  {
    code: 'elderly_shopping',
    name: '为老代购',
    nameEn: 'Shopping for the elderly',
    kinds: ['help'],
    icon: 'shopping-cart',
    handler: 'grid',
    sla: quick,
  },
  { code: 'errand', name: '代办', nameEn: 'Errands (red proxy card)', kinds: ['help'], icon: 'idcard', handler: 'grid', sla: quick },
  {
    code: 'medical_insurance',
    name: '医保',
    nameEn: 'Medical insurance',
    kinds: ['help', 'problem'],
    icon: 'medicine-box',
    handler: 'department',
    departmentId: 'D-YBJ',
  },
  {
    code: 'social_insurance',
    name: '社保养老',
    nameEn: 'Pensions and social insurance',
    kinds: ['help', 'problem'],
    icon: 'safety',
    handler: 'department',
    departmentId: 'D-RSJ',
  },
  {
    code: 'outdoor_station',
    name: '爱心驿站',
    nameEn: 'Outdoor workers’ stations',
    kinds: ['problem', 'suggestion'],
    icon: 'coffee',
    handler: 'department',
    departmentId: 'D-ZGH',
  },
  {
    code: 'facility',
    name: '设施问题',
    nameEn: 'Problem with a public place',
    kinds: ['problem'],
    icon: 'tool',
    handler: 'department',
    departmentId: 'D-CGJ',
  },
  // Retired: wishes are their own programme (modules/wishes); old requests keep the category readable.
  { code: 'micro_wish', name: '微心愿', nameEn: 'Small wish', kinds: ['wish'], icon: 'heart', handler: 'grid', retired: true },
  { code: 'suggestion', name: '意见建议', nameEn: 'Suggestion', kinds: ['suggestion'], icon: 'bulb', handler: 'grid' },
  { code: 'other', name: '其他', nameEn: 'Other', kinds: ['problem', 'help', 'suggestion', 'finding'], icon: 'question', handler: 'grid' },
];
