/**
 * The words for a rectification order's statuses and actions, in Chinese and English: the one
 * place they are written. The state machine (order.lifecycle.ts) carries them; the server sends
 * them with each order (statusName, actionName) and the timeline, notices and ledger read them.
 * Plain data with type-only imports, so the web may import it too.
 */
import type { OrderAction, OrderStatus } from './order.lifecycle.js';

export const ORDER_STATUS_NAMES: Record<OrderStatus, { zh: string; en: string }> = {
  open: { zh: '待整改', en: 'To rectify' },
  answered: { zh: '待复核', en: 'To re-check' },
  closed: { zh: '已销号', en: 'Closed' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
};

export const ORDER_ACTION_NAMES: Record<OrderAction | 'create', { zh: string; en: string }> = {
  create: { zh: '交办整改', en: 'Ordered' },
  answer: { zh: '反馈整改', en: 'Answered' },
  pass: { zh: '复核通过', en: 'Re-check passed' },
  send_back: { zh: '复核退回', en: 'Sent back' },
  escalate: { zh: '督办', en: 'Escalated' },
  withdraw: { zh: '撤销', en: 'Withdrawn' },
};
