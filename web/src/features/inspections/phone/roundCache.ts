import { isNetworkError } from '../../../app/outbox';
import { inspections, type RoundDetail } from '../api';

/**
 * The rounds opened in this tab, kept in memory: a round walked on a phone stays usable when the
 * network goes mid-round (the checklist and points are what was last loaded). Nothing is stored.
 */
const cache = new Map<string, RoundDetail>();

export async function loadRound(id: string): Promise<RoundDetail> {
  try {
    const r = await inspections.round(id);
    cache.set(id, r);
    return r;
  } catch (e) {
    const kept = cache.get(id);
    if (kept && isNetworkError(e)) return kept;
    throw e;
  }
}

export const rememberRound = (r: RoundDetail): void => {
  cache.set(r.id, r);
};
