/**
 * The inspections API contract (创城督查): every route's request and response shapes. The
 * routes validate with these and the OpenAPI document publishes them; docs/inspections.md is
 * their prose. Rectification orders live in modules/rectification (shared with the campaigns'
 * hazards); their shapes are re-exported here so the web app has one import.
 */
import { z } from 'zod';

export const POINT_TYPES = [
  'back_street',
  'residential',
  'market',
  'toilet',
  'school',
  'kindergarten',
  'community',
  'station',
  'other',
] as const;
export type PointType = (typeof POINT_TYPES)[number];
export const POINT_TYPE_NAMES: Record<PointType, { zh: string; en: string }> = {
  back_street: { zh: '背街小巷', en: 'Back street' },
  residential: { zh: '小区', en: 'Residential compound' },
  market: { zh: '农贸市场', en: 'Farmers’ market' },
  toilet: { zh: '公厕', en: 'Public toilet' },
  school: { zh: '学校', en: 'School' },
  kindergarten: { zh: '幼儿园', en: 'Kindergarten' },
  community: { zh: '社区', en: 'Community' },
  station: { zh: '新时代文明实践站', en: 'Civilisation practice station' },
  other: { zh: '其他', en: 'Other' },
};

/** Who answers for a failed item by default: the point's own unit, its community, its street, or a named department. */
export const RESPONSIBLE = ['point_unit', 'community', 'street', 'department'] as const;
/** Rectification time limits: clock hours, working days, or working hours (工作时: office hours on working days). */
export const LIMIT_UNITS = ['hours', 'working_days', 'working_hours'] as const;
export const ROUND_MODES = ['planned', 'unannounced'] as const;
export const ROUND_STATUSES = ['planned', 'in_progress', 'finished'] as const;
export const RESULTS = ['pass', 'fail', 'na'] as const;
export const RECHECK = ['any', 'same', 'other'] as const;

const id = z.string().uuid();
const text = (max: number) => z.string().trim().min(1).max(max);
const code12 = z.string().regex(/^\d{12}$/);
const street9 = z.string().regex(/^\d{9}$/);
const uploadIds = z.array(z.string().uuid()).max(9);
const location = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const iso = z.string().datetime({ offset: true });
/** Years a round or a mark can be in; anything outside is a typo or a phone with a wrong clock. */
const YEARS = [2000, 2100] as const;
const inYears = (ms: number) => {
  const y = new Date(ms).getUTCFullYear();
  return Number.isFinite(ms) && y >= YEARS[0] && y <= YEARS[1];
};
/** An instant with its offset, in a plausible year. */
const instant = iso.refine((v) => inYears(Date.parse(v)), { message: `a real time between ${YEARS[0]} and ${YEARS[1]}` });
/** A real calendar day (YYYY-MM-DD: 2026-02-30 and 2026-99-99 refused), in a plausible year. */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => inYears(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, {
    message: `a real date between ${YEARS[0]} and ${YEARS[1]}`,
  });
const label = z.object({ zh: z.string(), en: z.string() });
export const idParams = z.strictObject({ id });
export const versionField = z.number().int().positive();

// ── checklists ────────────────────────────────────────────────────────────────────────────────
export const checklistItemInput = z.strictObject({
  /** Stable within a point type across versions (ties trends and recurring flags to the item). */
  code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  group: text(20),
  title: text(120),
  /** What counts as a failure (shown to the inspector). */
  failure: text(300),
  /** Points the item is worth. */
  weight: z.number().min(0).max(100),
  /** null: a failure loses the whole weight; a number: each occurrence deducts that much, up to the weight. */
  deductPerFinding: z.number().min(0).max(100).nullable().default(null),
  responsible: z.enum(RESPONSIBLE).default('point_unit'),
  /** For responsible 'department': the unit id. */
  departmentId: z.string().max(40).nullable().default(null),
  limitValue: z.number().int().min(1).max(720),
  limitUnit: z.enum(LIMIT_UNITS),
});
export type ChecklistItemInput = z.infer<typeof checklistItemInput>;

export const checklistBody = z.strictObject({
  pointType: z.enum(POINT_TYPES),
  name: text(80),
  items: z.array(checklistItemInput).min(1).max(200),
});
export type ChecklistInput = z.infer<typeof checklistBody>;

export const checklistItem = z.object({
  id,
  code: z.string(),
  group: z.string(),
  title: z.string(),
  failure: z.string(),
  weight: z.number(),
  deductPerFinding: z.number().nullable(),
  responsible: z.enum(RESPONSIBLE),
  departmentId: z.string().nullable(),
  limitValue: z.number(),
  limitUnit: z.enum(LIMIT_UNITS),
});
export const checklistSummary = z.object({
  id,
  pointType: z.enum(POINT_TYPES),
  pointTypeName: label,
  name: z.string(),
  version: z.number(),
  current: z.boolean(),
  itemCount: z.number(),
  totalWeight: z.number(),
  createdAt: z.string(),
});
export const checklistDetail = checklistSummary.extend({ items: z.array(checklistItem) });
export const checklistList = z.object({ items: z.array(checklistSummary) });
export const checklistListQuery = z.strictObject({ pointType: z.enum(POINT_TYPES).optional(), all: z.enum(['1', '0']).optional() });
export const checklistImportQuery = z.strictObject({
  pointType: z.enum(POINT_TYPES),
  name: text(80).optional(),
  dryRun: z.enum(['1', '0']).default('1'),
});
export const sheetIssue = z.object({ row: z.number(), column: z.string(), message: z.string(), messageEn: z.string() });
export const checklistImportResult = z.object({
  dryRun: z.boolean(),
  ok: z.boolean(),
  rows: z.number(),
  issues: z.array(sheetIssue),
  checklist: checklistSummary.nullable(),
});

// ── points ────────────────────────────────────────────────────────────────────────────────────
export const pointBody = z.strictObject({
  name: text(80),
  type: z.enum(POINT_TYPES),
  /** A 便民地图 place this point is (its name, address and position are taken from it). */
  placeId: id.nullable().default(null),
  unitId: z.string().min(1).max(40),
  communityCode: code12,
  address: z.string().trim().max(200).nullable().default(null),
  location: location.nullable().default(null),
});
export type PointInput = z.infer<typeof pointBody>;
export const point = z.object({
  id,
  name: z.string(),
  type: z.enum(POINT_TYPES),
  typeName: label,
  placeId: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  districtCode: z.string(),
  streetCode: z.string(),
  streetName: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  address: z.string().nullable(),
  location: location.nullable(),
});
export const pointList = z.object({ items: z.array(point), total: z.number() });
export const pointListQuery = z.strictObject({
  type: z.enum(POINT_TYPES).optional(),
  streetCode: street9.optional(),
  communityCode: code12.optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

// ── rounds ────────────────────────────────────────────────────────────────────────────────────
export const sampleBody = z.strictObject({
  /** The same seed over the same points draws the same sample. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  perType: z.partialRecord(z.enum(POINT_TYPES), z.number().int().min(1).max(100)),
  streetCode: street9.optional(),
});
export const sampleResult = z.object({ seed: z.number(), points: z.array(point) });

export const roundBody = z.strictObject({
  title: text(80),
  mode: z.enum(ROUND_MODES),
  /** China-time date the round is planned for (YYYY-MM-DD). */
  plannedFor: calendarDay,
  /** The street the round covers (scope); null: the whole district. */
  streetCode: street9.nullable().default(null),
  pointIds: z.array(id).min(1).max(500),
  /** Who re-checks a rectified order: anyone entitled, the inspector who found it, or a different one. */
  recheck: z.enum(RECHECK).default('any'),
  /** The seed the points were drawn with, if sampled (kept for reproducibility). */
  sampleSeed: z.number().int().min(0).nullable().default(null),
});
export type RoundInput = z.infer<typeof roundBody>;

export const roundActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), version: versionField }),
  z.strictObject({ action: z.literal('finish'), version: versionField }),
]);

export const roundListQuery = z.strictObject({
  status: z.enum(ROUND_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const score = z.object({ earned: z.number(), possible: z.number(), rate: z.number().nullable() });
export const roundSummary = z.object({
  id,
  title: z.string(),
  mode: z.enum(ROUND_MODES),
  status: z.enum(ROUND_STATUSES),
  plannedFor: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  districtCode: z.string(),
  streetCode: z.string().nullable(),
  recheck: z.enum(RECHECK),
  sampleSeed: z.number().nullable(),
  pointCount: z.number(),
  failCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
});
export const roundList = z.object({ items: z.array(roundSummary), total: z.number() });

export const entry = z.object({
  id,
  roundId: z.string(),
  pointId: z.string(),
  itemId: z.string(),
  itemCode: z.string(),
  result: z.enum(RESULTS),
  count: z.number(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
  takenAt: z.string(),
  location: location.nullable(),
  inspectorId: z.string(),
  /** The rectification order a failure opened. */
  orderId: z.string().nullable(),
  createdAt: z.string(),
});

export const roundPoint = point.extend({
  checklistId: z.string(),
  checklistVersion: z.number(),
  score,
  entries: z.array(entry),
});
export const roundDetail = roundSummary.extend({
  points: z.array(roundPoint),
  /** Checklists (versions) the round's points use, with their items. */
  checklists: z.array(checklistDetail),
  score,
  actions: z.array(z.enum(['start', 'finish'])),
});

/**
 * One item at one point: pass/fail/na. Send with an Idempotency-Key header (the phone outbox
 * replays it): a replay answers the first entry. Marking the same item again replaces the
 * mark (a fail turned pass withdraws its still-open order). A point outside the round is added.
 */
export const entryBody = z.strictObject({
  pointId: id,
  itemId: id,
  result: z.enum(RESULTS),
  /** Occurrences, for items that deduct per finding. */
  count: z.number().int().min(1).max(99).default(1),
  note: z.string().trim().max(500).nullable().default(null),
  photos: uploadIds.default([]),
  /** When the photo/mark was taken on the phone (kept when the entry waited offline). */
  takenAt: instant,
  location: location.nullable().default(null),
});
export type EntryInput = z.infer<typeof entryBody>;
export const entryResult = z.object({ entry, replayed: z.boolean() });

// ── scores ────────────────────────────────────────────────────────────────────────────────────
export const scoreRow = z.object({
  key: z.string(),
  name: z.string(),
  earned: z.number(),
  possible: z.number(),
  rate: z.number().nullable(),
  rank: z.number(),
});
export const roundScores = z.object({
  roundId: z.string(),
  total: score,
  points: z.array(scoreRow),
  units: z.array(scoreRow),
  communities: z.array(scoreRow),
  streets: z.array(scoreRow),
});
export const scoreQuery = z.strictObject({ recompute: z.enum(['1', '0']).optional() });
export const trendQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(24).default(6), streetCode: street9.optional() });
export const trend = z.object({
  rounds: z.array(
    z.object({
      roundId: z.string(),
      title: z.string(),
      plannedFor: z.string(),
      rate: z.number().nullable(),
      change: z.number().nullable(),
    }),
  ),
});

// ── 举一反三 ───────────────────────────────────────────────────────────────────────────────────
export const SIMILAR_STATUSES = ['pending', 'passed', 'failed'] as const;
export const similarCheck = z.object({
  id,
  sourceEntryId: z.string(),
  pointId: z.string(),
  pointName: z.string(),
  itemId: z.string(),
  itemTitle: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  status: z.enum(SIMILAR_STATUSES),
  photos: z.array(z.string()),
  note: z.string().nullable(),
  /** The order a failed check opened. */
  orderId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export const similarResult = z.object({ created: z.number(), items: z.array(similarCheck) });
export const similarList = z.object({ items: z.array(similarCheck) });
export const similarListQuery = z.strictObject({ status: z.enum(SIMILAR_STATUSES).optional() });
export const similarAnswerBody = z.strictObject({
  result: z.enum(['pass', 'fail']),
  photos: uploadIds.min(1),
  note: z.string().trim().max(500).nullable().default(null),
  version: versionField,
});
export const entryParams = z.strictObject({ id, entryId: id });

export * from '../rectification/rectification.schemas.js';
