/**
 * 得分率 from the checklist weights. An item marked pass earns its weight; a failure loses the
 * whole weight, or, for an item with a deduction per finding, that much per occurrence up to the
 * weight; `na` (not applicable here) leaves the possible score. An unmarked item leaves it too while the
 * round runs; once the round is finished, an unmarked item at a visited point (one with any mark)
 * counts as pass — inspectors record what fails, so a point with one finding is not scored 0 —
 * and a point never visited stays unscored. Pure: the score of an old round is recomputed from
 * the checklist version its points used.
 */
export interface ScoredItem {
  weight: number;
  deductPerFinding: number | null;
}
export interface Mark {
  result: 'pass' | 'fail' | 'na';
  count: number;
}
export interface Score {
  earned: number;
  possible: number;
  rate: number | null;
}

export function itemScore(item: ScoredItem, mark: Mark | undefined, unmarkedPasses = false): Score {
  if (!mark && unmarkedPasses) return { earned: item.weight, possible: item.weight, rate: 1 };
  if (!mark || mark.result === 'na') return { earned: 0, possible: 0, rate: null };
  if (mark.result === 'pass') return { earned: item.weight, possible: item.weight, rate: 1 };
  const lost = item.deductPerFinding === null ? item.weight : Math.min(item.weight, item.deductPerFinding * mark.count);
  return { earned: item.weight - lost, possible: item.weight, rate: (item.weight - lost) / (item.weight || 1) };
}

export function sum(scores: readonly Score[]): Score {
  const earned = scores.reduce((a, s) => a + s.earned, 0);
  const possible = scores.reduce((a, s) => a + s.possible, 0);
  return { earned: round2(earned), possible: round2(possible), rate: possible > 0 ? round4(earned / possible) : null };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** Ranks rows by rate, best first (ties share a rank; rows without a score come last). */
export function rank<T extends { rate: number | null }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1));
  let last: number | null | undefined;
  let r = 0;
  return sorted.map((row, i) => {
    if (row.rate !== last) r = i + 1;
    last = row.rate;
    return { ...row, rank: r };
  });
}
