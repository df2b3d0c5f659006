/**
 * The life of a rectification order (整改单), as a table: the unit answers with after-photos, a
 * re-checker closes it or sends it back (rework), staff above press it, the finder (the inspector
 * who found it, the command centre) or the system withdraws a mistaken one — never the inspected. docs/inspections.md, "Rectification lifecycle", is its prose.
 */
import { defineMachine } from '../../platform/workflow.js';
import { ORDER_ACTION_NAMES, ORDER_STATUS_NAMES } from './order.names.js';
import type { OrderPerformer } from './rectification.policy.js';
import { ORDER_ACTIONS, ORDER_STATUSES } from './rectification.schemas.js';

export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export const ORDER_MACHINE = defineMachine<OrderStatus, OrderAction, OrderPerformer>({
  statuses: ORDER_STATUSES,
  open: ['open', 'answered'],
  actions: ORDER_ACTIONS,
  transitions: {
    answer: { from: ['open'], to: 'answered', by: ['unit'] },
    pass: { from: ['answered'], to: 'closed', by: ['checker'] },
    send_back: { from: ['answered'], to: 'open', by: ['checker'] },
    escalate: { from: ['open'], to: 'same', by: ['supervisor', 'system'] },
    withdraw: { from: ['open', 'answered'], to: 'withdrawn', by: ['checker', 'finder', 'system'] },
  },
  statusNames: ORDER_STATUS_NAMES,
  actionNames: ORDER_ACTION_NAMES,
});
