/**
 * The words for a wish's statuses and actions, in Chinese and English: the one place they are
 * written. The state machine (wish.lifecycle.ts) carries them; the timeline, notices, ledger and
 * the web app's tags, filters and history read them from here (the web imports this file: it must
 * stay plain data, with type-only imports). Action words name what happened (the timeline's
 * words); a button's imperative stays in the web bundle.
 */
import type { WishAction, WishStatus } from './wish.lifecycle.js';

export const WISH_STATUS_NAMES: Record<WishStatus, { zh: string; en: string }> = {
  submitted: { zh: '待核实', en: 'Awaiting check' },
  published: { zh: '待认领', en: 'On the board' },
  declined: { zh: '未通过', en: 'Declined' },
  claimed: { zh: '已认领', en: 'Claimed' },
  fulfilled: { zh: '待确认', en: 'Delivered, awaiting confirmation' },
  confirmed: { zh: '已实现', en: 'Fulfilled' },
  converted: { zh: '已转诉求', en: 'Became a request' },
  cancelled: { zh: '已撤回', en: 'Cancelled' },
};

export const WISH_ACTION_NAMES: Record<WishAction | 'create', { zh: string; en: string }> = {
  create: { zh: '提交心愿', en: 'Posted' },
  publish: { zh: '核实发布', en: 'Checked and published' },
  decline: { zh: '核实未通过', en: 'Declined' },
  claim: { zh: '认领', en: 'Claimed' },
  withdraw: { zh: '放弃认领', en: 'Claim withdrawn' },
  remind: { zh: '提醒认领人', en: 'Claimer reminded' },
  release: { zh: '认领超时退回', en: 'Claim expired, back on the board' },
  fulfil: { zh: '送达', en: 'Delivered' },
  confirm: { zh: '确认实现', en: 'Confirmed' },
  verify: { zh: '确认服务时长', en: 'Service time confirmed' },
  convert: { zh: '转为接诉即办诉求', en: 'Turned into a request' },
  cancel: { zh: '撤回', en: 'Cancelled' },
};
