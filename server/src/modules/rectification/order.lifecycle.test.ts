/**
 * The rectification order's state machine, checked pair by pair against a table written from
 * the brief (issue 14, docs/inspections.md), not copied from order.lifecycle.ts:
 *   交办 → the unit answers with after-photos → the re-checker closes it or sends it back (rework)
 *   → …; staff above press an open order (督办, also the overdue job); a mistaken order is withdrawn
 *   by its re-checker, its finder (the inspector who found it, the command centre) or the system —
 *   never by the inspected street or unit, who keep 督办.
 */
import { describe, expect, it } from 'vitest';
import { ORDER_MACHINE, type OrderAction, type OrderStatus } from './order.lifecycle.js';
import type { OrderPerformer } from './rectification.policy.js';
import { ORDER_ACTIONS, ORDER_STATUSES, orderActionBody } from './rectification.schemas.js';

const PERFORMERS: OrderPerformer[] = ['unit', 'checker', 'finder', 'supervisor', 'system'];
const EXPECTED: Record<OrderStatus, Partial<Record<OrderAction, { to: OrderStatus; by: OrderPerformer[] }>>> = {
  open: {
    answer: { to: 'answered', by: ['unit'] },
    escalate: { to: 'open', by: ['supervisor', 'system'] },
    withdraw: { to: 'withdrawn', by: ['checker', 'finder', 'system'] },
  },
  answered: {
    pass: { to: 'closed', by: ['checker'] },
    send_back: { to: 'open', by: ['checker'] },
    withdraw: { to: 'withdrawn', by: ['checker', 'finder', 'system'] },
  },
  closed: {},
  withdrawn: {},
};

describe('rectification order lifecycle (pure)', () => {
  for (const status of ORDER_STATUSES)
    for (const action of ORDER_ACTIONS)
      for (const p of PERFORMERS) {
        const want = EXPECTED[status][action];
        const allowed = !!want && want.by.includes(p);
        it(`${status} × ${action} by ${p}: ${allowed ? `→ ${want?.to}` : 'refused'}`, () => {
          const got = ORDER_MACHINE.check(status, action, new Set([p]));
          if (allowed) expect(got).toEqual({ ok: true, to: want?.to });
          else expect(got.ok).toBe(false);
        });
      }

  it('open means still being worked on: open and answered', () => {
    expect(ORDER_STATUSES.filter((s) => ORDER_MACHINE.isOpen(s))).toEqual(['open', 'answered']);
  });

  it('an answer without an after-photo is refused by its body shape', () => {
    expect(orderActionBody.safeParse({ action: 'answer', note: '已整改', photos: [], version: 1 }).success).toBe(false);
    expect(orderActionBody.safeParse({ action: 'send_back', version: 1 }).success).toBe(false);
  });
});
