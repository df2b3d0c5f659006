/**
 * The drive's and the delivery's state machines, checked pair by pair against tables written here
 * from the brief (issue 13, "Aid drives"), not copied from the declarations.
 */
import { describe, expect, it } from 'vitest';
import { DELIVERY_ACTIONS, DELIVERY_STATUSES, type DeliveryPerformer, deliveryMachine } from './delivery.lifecycle.js';
import { DRIVE_ACTIONS, DRIVE_STATUSES, type DrivePerformer, driveMachine, mayDeliver, mayReceive } from './drive.lifecycle.js';

/**
 * 筹备中 → 开始发放 → 发放中 → 结束 → 已结束; a drive may be closed before it starts (cancelled)
 * and reopened after it closed (late stock, a family missed).
 */
const DRIVE: Record<string, Record<string, string>> = {
  preparing: { start: 'distributing', close: 'closed' },
  distributing: { close: 'closed' },
  closed: { reopen: 'distributing' },
};
const DRIVE_BY: Record<string, DrivePerformer[]> = { start: ['organiser'], close: ['organiser', 'system'], reopen: ['organiser'] };

/**
 * Signed for at the door (photo, code) → born 已签收. Left for a call-back → 已送达待确认, then the
 * call-back confirms it or records a dispute; a disputed one may still be confirmed later (by an
 * organiser, not the deliverer: the workflow's effect checks that), and an organiser may void an
 * unconfirmed or disputed one (stock back, household free again).
 */
const DELIVERY: Record<string, Record<string, string>> = {
  delivered: { confirm: 'confirmed', dispute: 'disputed', void: 'voided' },
  disputed: { confirm: 'confirmed', void: 'voided' },
  confirmed: {},
  voided: {},
};
const DELIVERY_BY: Record<string, DeliveryPerformer[]> = {
  confirm: ['organiser', 'deliverer'],
  dispute: ['organiser'],
  void: ['organiser'],
};

describe('drive lifecycle', () => {
  for (const status of DRIVE_STATUSES)
    for (const action of DRIVE_ACTIONS)
      for (const p of ['organiser', 'system'] as DrivePerformer[])
        it(`${status} × ${action} by ${p}`, () => {
          const want = DRIVE[status]?.[action];
          const got = driveMachine.check(status, action, new Set([p]));
          if (!want) expect(got).toEqual({ ok: false, reason: 'status' });
          else if (!DRIVE_BY[action]!.includes(p)) expect(got).toEqual({ ok: false, reason: 'performer' });
          else expect(got).toEqual({ ok: true, to: want });
        });

  it('nobody without a part acts', () => {
    for (const s of DRIVE_STATUSES) expect(driveMachine.actionsFor(s, new Set())).toEqual([]);
  });

  it('stock is received until the drive closes; parcels go out only while it distributes', () => {
    expect(DRIVE_STATUSES.map((s) => [s, mayReceive(s), mayDeliver(s)])).toEqual([
      ['preparing', true, false],
      ['distributing', true, true],
      ['closed', false, false],
    ]);
  });

  it('every status and action has a Chinese and an English name', () => {
    for (const s of DRIVE_STATUSES) expect(driveMachine.decl.statusNames[s].zh).toMatch(/\p{Script=Han}/u);
    for (const a of [...DRIVE_ACTIONS, 'create' as const]) expect(driveMachine.decl.actionNames[a].en).toBeTruthy();
  });
});

describe('delivery lifecycle', () => {
  for (const status of DELIVERY_STATUSES)
    for (const action of DELIVERY_ACTIONS)
      for (const p of ['organiser', 'deliverer'] as DeliveryPerformer[])
        it(`${status} × ${action} by ${p}`, () => {
          const want = DELIVERY[status]?.[action];
          const got = deliveryMachine.check(status, action, new Set([p]));
          if (!want) expect(got).toEqual({ ok: false, reason: 'status' });
          else if (!DELIVERY_BY[action]!.includes(p)) expect(got).toEqual({ ok: false, reason: 'performer' });
          else expect(got).toEqual({ ok: true, to: want });
        });

  it('open deliveries are those still waiting for a confirmation', () => {
    expect(DELIVERY_STATUSES.filter((s) => deliveryMachine.isOpen(s))).toEqual(['delivered', 'disputed']);
  });
});
