/**
 * The claim-expiry job (modules/jobs, periodic): a claim not delivered within the configured days
 * is reminded once; the grace days after both the due time and the reminder it is released back
 * to the board — never without a reminder first (a job that was down past the grace reminds now
 * and releases on a later run). Each wish is its own step and transaction; a wish someone else
 * moved meanwhile, or one whose row is busy, is skipped (the job is idempotent).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import { isBusy } from '../../db/busy.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { readWishConfig } from './wishes.config.js';
import type { WishesService } from './wishes.service.js';

export const WISH_EXPIRY_JOB = 'wish.claim-expiry';
const DAY_MS = 86_400_000;
const SYSTEM: Actor = { kind: 'system', job: 'wish-expiry' };

export async function sweepClaims(db: Kysely<DB>, clock: Clock, wishes: WishesService): Promise<{ reminded: number; released: number }> {
  const { graceDays } = await readWishConfig(db);
  const now = clock.now();
  const releaseBefore = new Date(now.getTime() - graceDays * DAY_MS).toISOString();
  const due = await wishes.repo.dueClaims(now.toISOString(), releaseBefore);
  let reminded = 0;
  let released = 0;
  for (const w of due) {
    const release = w.reminded_at !== null && (w.claim_due_at as string) <= releaseBefore && w.reminded_at <= releaseBefore;
    try {
      await wishes.step(SYSTEM, w.id, { action: release ? 'release' : 'remind' });
      if (release) released++;
      else reminded++;
    } catch (e) {
      // Delivered or withdrawn a moment ago: nothing to do. Busy: the next run takes it.
      if (!(isBusy(e) || (e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'INVALID_TRANSITION')))) throw e;
    }
  }
  return { reminded, released };
}
