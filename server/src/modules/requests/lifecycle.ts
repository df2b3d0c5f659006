/**
 * The state machine of a request (诉求工单), declared as data for the platform's workflow
 * mechanism (platform/workflow.ts). docs/request-lifecycle.md is its prose; lifecycle.test.ts
 * checks every (status, action) pair against this table; request.workflow.ts adds what each
 * action does (guards and effects).
 */
import { defineMachine, type TransitionCheck as MachineCheck, type Transition } from '../../platform/workflow.js';
import { ACTION_NAMES, STATUS_NAMES } from './request.names.js';

export { ACTION_NAMES, STATUS_NAMES };

export const STATUSES = [
  'accepted', // 受理: recorded, waiting to be dispatched
  'dispatched', // 已派单: sent to a handling unit, waiting to be signed for
  'signed', // 已签收: the handler took it
  'in_progress', // 办理中: the handler contacted the resident
  'resolved', // 已办结: the handler replied; waiting for the follow-up
  'rated', // 已评价: the resident (or the follow-up call) rated it
  'closed', // 已结案
  'rejected', // 不予受理
  'merged', // 已合并 into another request
] as const;
export type Status = (typeof STATUSES)[number];

export const ACTIONS = [
  'dispatch',
  'sign',
  'contact',
  'resolve',
  'rate',
  'close',
  'return',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'supervise',
  'reopen',
  'reject',
  'merge',
  'comment',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may perform an action, relative to one request:
 * dispatcher = command centre, street or community staff whose scope holds the request;
 * handler = staff of the unit the request is dispatched to (a community's staff act for its grids);
 * supervisor = command centre or street staff whose scope holds the request;
 * reporter = the resident who filed it (signed in, or proven by number + phone);
 * system = the periodic sweeps.
 */
export type Performer = 'dispatcher' | 'handler' | 'supervisor' | 'reporter' | 'system';

/** The statuses in which a request is still being worked on: queues, sweeps and counts read this. */
export const OPEN_STATUSES: readonly Status[] = ['accepted', 'dispatched', 'signed', 'in_progress'];
const OPEN = OPEN_STATUSES;

export type TransitionRule = Transition<Status, Performer>;

export const TRANSITIONS: Record<Action, TransitionRule> = {
  dispatch: { from: ['accepted'], to: 'dispatched', by: ['dispatcher', 'system'] },
  sign: { from: ['dispatched'], to: 'signed', by: ['handler'] },
  contact: { from: ['signed'], to: 'in_progress', by: ['handler'] },
  resolve: { from: ['in_progress'], to: 'resolved', by: ['handler'] },
  rate: { from: ['resolved'], to: 'rated', by: ['reporter', 'dispatcher'] },
  close: { from: ['resolved', 'rated'], to: 'closed', by: ['dispatcher', 'system'] },
  return: { from: ['dispatched', 'signed'], to: 'accepted', by: ['handler'] },
  request_extension: { from: ['signed', 'in_progress'], to: 'same', by: ['handler'] },
  approve_extension: { from: ['signed', 'in_progress'], to: 'same', by: ['dispatcher'] },
  deny_extension: { from: ['signed', 'in_progress'], to: 'same', by: ['dispatcher'] },
  supervise: { from: OPEN, to: 'same', by: ['supervisor', 'system'] },
  reopen: { from: ['rated'], to: 'dispatched', by: ['reporter', 'dispatcher'] },
  reject: { from: ['accepted'], to: 'rejected', by: ['dispatcher'] },
  merge: { from: ['accepted', 'dispatched'], to: 'merged', by: ['dispatcher'] },
  comment: { from: [...OPEN, 'resolved'], to: 'same', by: ['handler', 'dispatcher'] },
};

export type TransitionCheck = MachineCheck<Status>;

/** GeoReport v2 knows only open and closed; every Lianxin status is mapped here, explicitly. */
export const OPEN311_STATUS: Record<Status, 'open' | 'closed'> = {
  accepted: 'open',
  dispatched: 'open',
  signed: 'open',
  in_progress: 'open',
  resolved: 'closed',
  rated: 'closed',
  closed: 'closed',
  rejected: 'closed',
  merged: 'closed',
};

export const REQUEST_MACHINE = defineMachine<Status, Action, Performer>({
  statuses: STATUSES,
  open: OPEN_STATUSES,
  actions: ACTIONS,
  transitions: TRANSITIONS,
  statusNames: STATUS_NAMES,
  actionNames: ACTION_NAMES,
});

/** Pure: may `performers` do `action` on a request in `status`, and where does it go? */
export const checkTransition = (status: Status, action: Action, performers: ReadonlySet<Performer>): TransitionCheck =>
  REQUEST_MACHINE.check(status, action, performers);

/** The actions these performers could take now (the guards, e.g. "extension pending", are request.workflow.ts's). */
export const availableActions = (status: Status, performers: ReadonlySet<Performer>): Action[] =>
  REQUEST_MACHINE.actionsFor(status, performers);

export const isOpen = (s: Status): boolean => REQUEST_MACHINE.isOpen(s);
