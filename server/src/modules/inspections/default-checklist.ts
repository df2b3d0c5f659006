/**
 * The checklist that ships (文明城市创建施工清单), drawn from seed 001: the district secretary's
 * unannounced round in 凤山街道 found rubbish bins not sorted or not washed, rubbish piled up,
 * flying-lead charging (飞线充电), broken walls, street-occupying business (占道经营) and small
 * ads. Each point type takes the common items plus its own; an admin edits them (new version).
 */
import type { ChecklistItemInput, PointType } from './inspections.schemas.js';

type Item = ChecklistItemInput;
const item = (i: Omit<Item, 'deductPerFinding' | 'departmentId' | 'responsible'> & Partial<Item>): Item => ({
  deductPerFinding: null,
  departmentId: null,
  responsible: 'point_unit',
  ...i,
});

const BINS = item({
  code: 'bins',
  group: '公共环境',
  title: '垃圾桶分类投放、及时清洗',
  failure: '垃圾桶未分类投放或未及时清洗',
  weight: 10,
  limitValue: 24,
  limitUnit: 'hours',
});
const PILED = item({
  code: 'rubbish_piled',
  group: '公共环境',
  title: '无垃圾乱堆乱放',
  failure: '垃圾、杂物乱堆乱放（每处扣2分）',
  weight: 10,
  deductPerFinding: 2,
  limitValue: 24,
  limitUnit: 'hours',
});
const CORRIDOR = item({
  code: 'corridor',
  group: '公共环境',
  title: '楼道整洁通畅',
  failure: '楼道乱堆乱放、堵塞通道',
  weight: 5,
  limitValue: 3,
  limitUnit: 'working_days',
});
const VENDING = item({
  code: 'street_vending',
  group: '市容秩序',
  title: '无占道经营、店外经营',
  failure: '占道经营、店外经营',
  weight: 10,
  responsible: 'department',
  departmentId: 'D-CGJ',
  limitValue: 8,
  limitUnit: 'working_hours',
});
const ADS = item({
  code: 'small_ads',
  group: '市容秩序',
  title: '无小广告、乱涂乱画',
  failure: '小广告随意张贴、乱涂乱画（每处扣1分）',
  weight: 5,
  deductPerFinding: 1,
  limitValue: 8,
  limitUnit: 'working_hours',
});
const CHARGING = item({
  code: 'flying_lead',
  group: '公共设施',
  title: '无飞线充电',
  failure: '电动车飞线充电、私拉乱接电线',
  weight: 10,
  limitValue: 4,
  limitUnit: 'hours',
});
const WALLS = item({
  code: 'wall_damage',
  group: '公共设施',
  title: '墙面完好整洁',
  failure: '墙面破损、脱落',
  weight: 5,
  limitValue: 5,
  limitUnit: 'working_days',
});
const TOILET = item({
  code: 'toilet_clean',
  group: '公共设施',
  title: '公厕保洁到位',
  failure: '有异味、地面不洁、设施损坏',
  weight: 10,
  limitValue: 8,
  limitUnit: 'working_hours',
});
const VOLUNTEERS = item({
  code: 'volunteer_post',
  group: '志愿服务',
  title: '志愿服务站点有人值守、有标识',
  failure: '站点无人值守、无标识或无服务记录',
  weight: 5,
  responsible: 'community',
  limitValue: 3,
  limitUnit: 'working_days',
});
const PUBLICITY = item({
  code: 'publicity',
  group: '宣传氛围',
  title: '公益广告、核心价值观宣传到位',
  failure: '公益广告缺失、破损或过期',
  weight: 5,
  responsible: 'community',
  limitValue: 5,
  limitUnit: 'working_days',
});

const COMMON = [BINS, PILED, ADS, WALLS, PUBLICITY];

export const DEFAULT_CHECKLISTS: Record<PointType, Item[]> = {
  back_street: [...COMMON, CHARGING, VENDING],
  residential: [...COMMON, CHARGING, CORRIDOR],
  market: [...COMMON, VENDING],
  toilet: [TOILET, BINS, ADS, WALLS],
  school: [...COMMON, VENDING],
  kindergarten: [...COMMON, VENDING],
  community: [...COMMON, CHARGING, VOLUNTEERS],
  station: [...COMMON, VOLUNTEERS],
  other: COMMON,
};
