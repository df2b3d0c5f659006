/**
 * The wish's state machine checked pair by pair against a table written here from the brief
 * (issue 13, docs/wishes.md), not copied from wish.lifecycle.ts.
 */
import { describe, expect, it } from 'vitest';
import { WISH_ACTIONS, WISH_MACHINE, WISH_STATUSES, type WishAction, type WishPerformer, type WishStatus } from './wish.lifecycle.js';
import { wishActionBody } from './wishes.schema.js';

const SAME = 'same' as const;
const PERFORMERS: WishPerformer[] = ['community', 'poster', 'claimer', 'claimant', 'system'];

/**
 *   posted → 走访核实 → on the board (or declined, with a reason) → one claimer → delivered with a
 *   photo → confirmed. The claimer (or staff) may give a claim back; the job reminds, then releases
 *   it; before anyone claims it, it may be withdrawn or turned into a request.
 */
const EXPECTED: Record<WishStatus, Partial<Record<WishAction, WishStatus | typeof SAME>>> = {
  submitted: { publish: 'published', decline: 'declined', convert: 'converted', cancel: 'cancelled' },
  published: { claim: 'claimed', convert: 'converted', cancel: 'cancelled' },
  claimed: { withdraw: 'published', remind: SAME, release: 'published', fulfil: 'fulfilled' },
  fulfilled: { confirm: 'confirmed' },
  declined: {},
  confirmed: { verify: SAME },
  converted: {},
  cancelled: {},
};

const EXPECTED_BY: Record<WishAction, WishPerformer[]> = {
  publish: ['community'],
  decline: ['community'],
  claim: ['claimant'],
  withdraw: ['claimer', 'community'],
  remind: ['system'],
  release: ['system'],
  fulfil: ['claimer'],
  confirm: ['community', 'poster'], // the recipient, or staff who called them
  verify: ['community'], // the claimer's time, after the recipient confirmed
  convert: ['community'],
  cancel: ['poster', 'community'],
};

describe('wish lifecycle', () => {
  const everyone = new Set<WishPerformer>(PERFORMERS);
  for (const status of WISH_STATUSES)
    for (const action of WISH_ACTIONS) {
      const want = EXPECTED[status][action];
      it(`${status} × ${action} → ${want ?? 'refused'}`, () => {
        const got = WISH_MACHINE.check(status, action, everyone);
        if (!want) expect(got).toEqual({ ok: false, reason: 'status' });
        else expect(got).toEqual({ ok: true, to: want === SAME ? status : want });
      });
    }

  for (const action of WISH_ACTIONS)
    it(`${action} is taken only by ${EXPECTED_BY[action].join(', ')}`, () => {
      const from = WISH_STATUSES.find((s) => EXPECTED[s][action]) as WishStatus;
      for (const p of PERFORMERS) expect(WISH_MACHINE.check(from, action, new Set([p])).ok, p).toBe(EXPECTED_BY[action].includes(p));
    });

  it('open statuses are the ones still being worked on', () => {
    expect(WISH_STATUSES.filter((s) => WISH_MACHINE.isOpen(s))).toEqual(['submitted', 'published', 'claimed', 'fulfilled']);
  });

  it('every action a person takes has a body shape (claim, remind and release have their own doors)', () => {
    const shaped = wishActionBody.options.map((o) => o.shape.action.value);
    expect(new Set(shaped)).toEqual(new Set(WISH_ACTIONS.filter((a) => !['claim', 'remind', 'release'].includes(a))));
  });
});
