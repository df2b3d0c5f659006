/**
 * The state machine of a request, checked pair by pair against a table written here from the
 * product brief (DESIGN.md "The request"), not copied from lifecycle.ts: if either drifts, a
 * pair below fails and names itself.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  ACTIONS,
  type Action,
  availableActions,
  checkTransition,
  isOpen,
  OPEN311_STATUS,
  type Performer,
  STATUS_NAMES,
  STATUSES,
  type Status,
  TRANSITIONS,
} from './lifecycle.js';
import { actionBody } from './requests.schema.js';

const PERFORMERS: Performer[] = ['dispatcher', 'handler', 'supervisor', 'reporter', 'system'];
const SAME = 'same' as const;

/**
 * status → action → where it goes ('same' = the status stays, a flag or a note is recorded).
 * Anything not listed is forbidden in that status.
 *   受理 → 派单 → 签收 → 办理 → 办结 → 评价 → 结案; 退单 back to dispatch (before the work starts);
 *   延期 asked and decided while the handler holds it; 督办 on any open item; 重办 after the rating;
 *   不予受理 and 合并 only before the handler has signed for it; notes while it is live.
 */
const EXPECTED: Record<Status, Partial<Record<Action, Status | typeof SAME>>> = {
  accepted: { dispatch: 'dispatched', supervise: SAME, reject: 'rejected', merge: 'merged', comment: SAME },
  dispatched: { sign: 'signed', return: 'accepted', supervise: SAME, merge: 'merged', comment: SAME },
  signed: {
    contact: 'in_progress',
    return: 'accepted',
    request_extension: SAME,
    approve_extension: SAME,
    deny_extension: SAME,
    supervise: SAME,
    comment: SAME,
  },
  in_progress: {
    resolve: 'resolved',
    request_extension: SAME,
    approve_extension: SAME,
    deny_extension: SAME,
    supervise: SAME,
    comment: SAME,
  },
  resolved: { rate: 'rated', close: 'closed', comment: SAME },
  rated: { close: 'closed', reopen: 'dispatched' },
  closed: {},
  rejected: {},
  merged: {},
};

/** Who may do each action (lifecycle.ts's Performer glossary). */
const EXPECTED_BY: Record<Action, Performer[]> = {
  dispatch: ['dispatcher', 'system'],
  sign: ['handler'],
  contact: ['handler'],
  resolve: ['handler'],
  rate: ['reporter', 'dispatcher'], // the resident, or the follow-up call (回访) by staff
  close: ['dispatcher', 'system'],
  return: ['handler'],
  request_extension: ['handler'],
  approve_extension: ['dispatcher'],
  deny_extension: ['dispatcher'],
  supervise: ['supervisor', 'system'],
  reopen: ['reporter', 'dispatcher'],
  reject: ['dispatcher'],
  merge: ['dispatcher'],
  comment: ['handler', 'dispatcher'],
};

const TERMINAL: Status[] = ['closed', 'rejected', 'merged'];
const everyone = new Set<Performer>(PERFORMERS);

describe('request state machine', () => {
  it('the expected tables cover every status and every action of the code, and nothing else', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...STATUSES].sort());
    expect(Object.keys(EXPECTED_BY).sort()).toEqual([...ACTIONS].sort());
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
  });

  // 9 statuses × 15 actions: each pair is its own test, so a failure names the pair.
  const pairs = STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const));
  it.each(pairs)('%s × %s', (status, action) => {
    const target = EXPECTED[status][action];
    const got = checkTransition(status, action, everyone);
    if (target === undefined) {
      expect(got).toEqual({ ok: false, reason: 'status' });
      // Forbidden by status whoever asks, even with no performer at all.
      for (const p of PERFORMERS) expect(checkTransition(status, action, new Set([p]))).toEqual({ ok: false, reason: 'status' });
      expect(checkTransition(status, action, new Set())).toEqual({ ok: false, reason: 'status' });
      return;
    }
    const to = target === SAME ? status : target;
    expect(got).toEqual({ ok: true, to });
    for (const p of PERFORMERS) {
      const alone = checkTransition(status, action, new Set([p]));
      if (EXPECTED_BY[action].includes(p)) expect(alone, `${p} may ${action}`).toEqual({ ok: true, to });
      else expect(alone, `${p} may not ${action}`).toEqual({ ok: false, reason: 'performer' });
    }
    expect(checkTransition(status, action, new Set())).toEqual({ ok: false, reason: 'performer' });
  });

  it('performer checks that matter in practice', () => {
    const only = (p: Performer) => new Set<Performer>([p]);
    // A reporter cannot dispatch, sign, resolve, close, reject or merge their own request.
    expect(checkTransition('accepted', 'dispatch', only('reporter'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('dispatched', 'sign', only('reporter'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('in_progress', 'resolve', only('reporter'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('rated', 'close', only('reporter'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('accepted', 'reject', only('reporter'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('accepted', 'merge', only('reporter'))).toEqual({ ok: false, reason: 'performer' });
    // A handler cannot approve its own extension, supervise, rate its own work or reopen it.
    expect(checkTransition('signed', 'approve_extension', only('handler'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('signed', 'supervise', only('handler'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('resolved', 'rate', only('handler'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('rated', 'reopen', only('handler'))).toEqual({ ok: false, reason: 'performer' });
    // A dispatcher (community staff) is not a supervisor (督办 is for the centre and the street).
    expect(checkTransition('dispatched', 'supervise', only('dispatcher'))).toEqual({ ok: false, reason: 'performer' });
    // A dispatcher is not the handler: it cannot sign for or resolve work sent elsewhere.
    expect(checkTransition('dispatched', 'sign', only('dispatcher'))).toEqual({ ok: false, reason: 'performer' });
    expect(checkTransition('in_progress', 'resolve', only('dispatcher'))).toEqual({ ok: false, reason: 'performer' });
    // The reporter rates and reopens; the sweep dispatches, supervises and closes.
    expect(checkTransition('resolved', 'rate', only('reporter'))).toEqual({ ok: true, to: 'rated' });
    expect(checkTransition('rated', 'reopen', only('reporter'))).toEqual({ ok: true, to: 'dispatched' });
    expect(checkTransition('in_progress', 'supervise', only('system'))).toEqual({ ok: true, to: 'in_progress' });
    // Status is checked before the performer: a stranger asking for a wrong step learns "status".
    expect(checkTransition('closed', 'dispatch', new Set())).toEqual({ ok: false, reason: 'status' });
  });

  it('terminal statuses (closed, rejected, merged) allow no action for anyone', () => {
    for (const s of TERMINAL) {
      expect(isOpen(s)).toBe(false);
      expect(availableActions(s, everyone)).toEqual([]);
      for (const a of ACTIONS) expect(checkTransition(s, a, everyone).ok, `${s} × ${a}`).toBe(false);
    }
    // …and every other status has a way forward.
    for (const s of STATUSES.filter((x) => !TERMINAL.includes(x))) expect(availableActions(s, everyone).length, s).toBeGreaterThan(0);
  });

  it('every status is reachable from accepted, and every live status can reach a terminal one', () => {
    const next = (s: Status) => ACTIONS.map((a) => checkTransition(s, a, everyone)).flatMap((c) => (c.ok ? [c.to] : []));
    const reach = (from: Status) => {
      const seen = new Set<Status>([from]);
      const todo = [from];
      while (todo.length)
        for (const n of next(todo.pop()!))
          if (!seen.has(n)) {
            seen.add(n);
            todo.push(n);
          }
      return seen;
    };
    expect([...reach('accepted')].sort()).toEqual([...STATUSES].sort());
    for (const s of STATUSES)
      expect(
        TERMINAL.some((t) => reach(s).has(t)),
        s,
      ).toBe(true);
  });

  it('availableActions is exactly the allowed pairs, per performer set', () => {
    for (const s of STATUSES)
      for (const p of PERFORMERS) {
        const expected = ACTIONS.filter((a) => EXPECTED[s][a] !== undefined && EXPECTED_BY[a].includes(p));
        expect(availableActions(s, new Set([p])), `${s} / ${p}`).toEqual(expected);
      }
  });

  it('OPEN311_STATUS maps every status: open while work is pending, closed once answered or finished', () => {
    expect(Object.keys(OPEN311_STATUS).sort()).toEqual([...STATUSES].sort());
    const open: Status[] = ['accepted', 'dispatched', 'signed', 'in_progress'];
    for (const s of STATUSES) {
      expect(OPEN311_STATUS[s], s).toBe(open.includes(s) ? 'open' : 'closed');
      expect(isOpen(s), s).toBe(open.includes(s));
    }
  });

  it('every status and action has a Chinese and an English name; every action has a request body shape', () => {
    for (const s of STATUSES) {
      expect(STATUS_NAMES[s].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(STATUS_NAMES[s].en).toMatch(/^[A-Z][A-Za-z ]+$/);
    }
    for (const a of [...ACTIONS, 'create' as const]) {
      expect(ACTION_NAMES[a].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(ACTION_NAMES[a].en).toMatch(/^[A-Z][A-Za-z ]+$/);
    }
    const shapes = actionBody.options.map((o) => o.shape.action.value).sort();
    expect(shapes).toEqual([...ACTIONS].sort());
  });

  it('side paths that need a reason refuse a body without one', () => {
    for (const action of ['return', 'reject', 'reopen', 'deny_extension'] as const) {
      const r = actionBody.safeParse({ action });
      expect(r.success, action).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('reason');
      expect(actionBody.safeParse({ action, reason: '   ' }).success, `${action} with a blank reason`).toBe(false);
      expect(actionBody.safeParse({ action, reason: '不属于本辖区' }).success, action).toBe(true);
    }
    expect(actionBody.safeParse({ action: 'request_extension', reason: '需协调' }).success).toBe(false); // days required
    expect(actionBody.safeParse({ action: 'request_extension', reason: '需协调', days: 0 }).success).toBe(false);
    expect(actionBody.safeParse({ action: 'request_extension', reason: '需协调', days: 5 }).success).toBe(true);
  });
});
