import { z } from 'zod';
import { MAX_DESCRIPTION } from '../requests/requests.schema.js';
import { openingHoursSchema } from './opening-hours.js';

export const WORKER_GROUPS = ['环卫工人', '快递员', '外卖骑手', '出租车司机', '交通协管员', '建筑工人', '其他户外劳动者'] as const;

const point = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const placeBody = z.strictObject({
  typeCode: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(80),
  address: z.string().trim().max(200).nullable().default(null),
  location: point,
  communityCode: z
    .string()
    .regex(/^\d{12}$/)
    .nullable()
    .optional(),
  managingUnitId: z.string().max(40).nullable().default(null),
  contactName: z.string().trim().max(40).nullable().default(null),
  contactPhone: z
    .string()
    .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/)
    .nullable()
    .default(null),
  hours: openingHoursSchema,
  attrs: z.record(z.string(), z.unknown()).default({}),
  public: z.boolean().default(true),
  status: z.enum(['active', 'closed', 'removed']).default('active'),
  version: z.number().int().positive().optional(),
});
export type PlaceInput = z.infer<typeof placeBody>;

export const placeIdParams = z.strictObject({ id: z.string().uuid() });

export const placeListQuery = z.strictObject({
  type: z.string().max(40).optional(),
  q: z.string().trim().max(60).optional(),
  communityCode: z.string().max(20).optional(),
  openNow: z.enum(['1', '0']).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const nearestQuery = z.strictObject({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  type: z.string().max(40).optional(),
  openNow: z.enum(['1', '0']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const checkinBody = z.strictObject({ group: z.enum(WORKER_GROUPS), people: z.number().int().min(1).max(50).default(1) });

export const eventBody = z.strictObject({
  title: z.string().trim().min(1).max(80),
  description: z.string().trim().max(1000).optional(),
  organiser: z.string().trim().max(80).optional(),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }).optional(),
});

export const reportBody = z.strictObject({
  problem: z.enum(['closed', 'unstaffed', 'dirty', 'broken', 'wrong_info', 'other']),
  description: z.string().trim().min(1).max(MAX_DESCRIPTION),
  reporterPhone: z
    .string()
    .regex(/^1[3-9]\d{9}$/)
    .optional(),
  anonymous: z.boolean().default(false),
});

export const PROBLEM_NAMES: Record<z.infer<typeof reportBody>['problem'], string> = {
  closed: '应开未开',
  unstaffed: '无人值守',
  dirty: '卫生问题',
  broken: '设施损坏',
  wrong_info: '信息有误',
  other: '其他问题',
};
