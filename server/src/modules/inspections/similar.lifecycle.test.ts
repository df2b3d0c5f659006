/**
 * The 举一反三 check's state machine, pair by pair against a table written from the brief (issue
 * 14, docs/inspections.md), not copied from similar.workflow.ts: the check's unit answers once,
 * pass (accepted by rule, photo on file) or fail (opens an order); nobody else answers it.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_MACHINE, type CheckAction, type CheckPerformer } from './similar.workflow.js';

type S = 'pending' | 'passed' | 'failed';
const STATUSES: S[] = ['pending', 'passed', 'failed'];
const ACTIONS: CheckAction[] = ['pass', 'fail'];
const PERFORMERS: (CheckPerformer | 'other')[] = ['unit', 'other'];
const EXPECTED: Record<S, Partial<Record<CheckAction, { to: S; by: CheckPerformer[] }>>> = {
  pending: { pass: { to: 'passed', by: ['unit'] }, fail: { to: 'failed', by: ['unit'] } },
  passed: {},
  failed: {},
};

describe('举一反三 check lifecycle (pure)', () => {
  for (const status of STATUSES)
    for (const action of ACTIONS)
      for (const p of PERFORMERS) {
        const want = EXPECTED[status][action];
        const allowed = !!want && want.by.includes(p as CheckPerformer);
        it(`${status} × ${action} by ${p}: ${allowed ? `→ ${want?.to}` : 'refused'}`, () => {
          const got = CHECK_MACHINE.check(status, action, new Set([p as CheckPerformer]));
          if (allowed) expect(got).toEqual({ ok: true, to: want?.to });
          else expect(got.ok).toBe(false);
        });
      }

  it('only a pending check is open', () => {
    expect(STATUSES.filter((s) => CHECK_MACHINE.isOpen(s))).toEqual(['pending']);
  });
});
