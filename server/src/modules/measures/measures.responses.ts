import { z } from 'zod';

const rate = z.number().nullable();

export const weightsView = z.strictObject({ response: z.number(), resolution: z.number(), satisfaction: z.number() });

export const measureCounts = z.strictObject({
  valid: z.number(),
  contactedInTime: z.number(),
  resolved: z.number(),
  satisfied: z.number(),
  basic: z.number(),
  resolvedOnTime: z.number(),
  reopened: z.number(),
  handlingSecondsSum: z.number(),
  handlingCount: z.number(),
  overdue: z.number(),
  created: z.number(),
});

/** 响应率, 解决率, 满意率 (percent, null without valid follow-ups), the composite and the extras. */
export const ratesView = z.strictObject({
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  composite: rate,
  onTimeRate: rate,
  reopenRate: rate,
  avgHandlingHours: rate,
});

export const rankingRow = ratesView.extend({
  rank: z.number().int().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  streetName: z.string().nullable(),
  counts: measureCounts,
});

export const rankingView = z.strictObject({
  month: z.string(),
  level: z.enum(['street', 'community']),
  weights: weightsView,
  rows: z.array(rankingRow),
});

export const trendView = z.strictObject({
  items: z.array(z.strictObject({ month: z.string(), counts: measureCounts, rates: ratesView })),
});
