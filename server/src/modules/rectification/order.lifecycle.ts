/**
 * The life of a rectification order (整改单), as a table: the unit answers with after-photos, a
 * re-checker closes it or sends it back (rework), staff above press it, the finder (the inspector
 * who found it, the command centre) or the system withdraws a mistaken one — never the inspected. docs/inspections.md, "Rectification lifecycle", is its prose.
 */
import { defineMachine } from '../../platform/workflow.js';
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
  statusNames: {
    open: { zh: '待整改', en: 'To rectify' },
    answered: { zh: '待复核', en: 'To re-check' },
    closed: { zh: '已销号', en: 'Closed' },
    withdrawn: { zh: '已撤销', en: 'Withdrawn' },
  },
  actionNames: {
    create: { zh: '交办整改', en: 'Ordered' },
    answer: { zh: '反馈整改', en: 'Answered' },
    pass: { zh: '复核通过', en: 'Re-check passed' },
    send_back: { zh: '复核退回', en: 'Sent back' },
    escalate: { zh: '督办', en: 'Escalated' },
    withdraw: { zh: '撤销', en: 'Withdrawn' },
  },
});
