import { errors, isAppError } from '../../errors.js';

/** The platform's stale-version conflict speaks of a request; this one names the item that changed. */
export const staleItem = (zh: string, en: string) =>
  errors.conflict(`该${zh}刚刚被他人处理，状态已变化，请刷新后重试`, `Someone else acted on this ${en} a moment ago; reload and try again`);

/** Runs a workflow step; its stale-version conflict (a concurrent step won) is told for this kind of item. */
export async function namingConflicts<T>(zh: string, en: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (isAppError(e) && e.code === 'CONFLICT') throw staleItem(zh, en);
    throw e;
  }
}
