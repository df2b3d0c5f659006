/** The brief's formulas, over requests with a valid follow-up (有效回访) in a period and unit. */
export interface MeasureCounts {
  valid: number;
  contactedInTime: number;
  resolved: number;
  satisfied: number;
  basic: number;
  resolvedOnTime: number;
  reopened: number;
  handlingSecondsSum: number;
  handlingCount: number;
  overdue: number;
  created: number;
}

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}

export const DEFAULT_WEIGHTS: Weights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 };

export interface Rates {
  /** 响应率 = contacted in time / valid */
  responseRate: number | null;
  /** 解决率 = resolved / valid */
  resolutionRate: number | null;
  /** 满意率 = (满意 + 0.9 × 基本满意) / valid */
  satisfactionRate: number | null;
  composite: number | null;
  onTimeRate: number | null;
  reopenRate: number | null;
  avgHandlingHours: number | null;
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10000) / 100 : null);

export function rates(c: MeasureCounts, w: Weights): Rates {
  const responseRate = ratio(c.contactedInTime, c.valid);
  const resolutionRate = ratio(c.resolved, c.valid);
  const satisfactionRate = ratio(c.satisfied + 0.9 * c.basic, c.valid);
  const composite =
    responseRate === null || resolutionRate === null || satisfactionRate === null
      ? null
      : Math.round((w.response * responseRate + w.resolution * resolutionRate + w.satisfaction * satisfactionRate) * 100) / 100;
  return {
    responseRate,
    resolutionRate,
    satisfactionRate,
    composite,
    onTimeRate: ratio(c.resolvedOnTime, c.valid),
    reopenRate: ratio(c.reopened, c.valid),
    avgHandlingHours: c.handlingCount > 0 ? Math.round((c.handlingSecondsSum / c.handlingCount / 3600) * 10) / 10 : null,
  };
}
