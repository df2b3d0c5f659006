/**
 * The words for a request's statuses and actions, in Chinese and English: the one place they
 * are written. The state machine (lifecycle.ts) carries them; the timeline, the notices, the
 * exports and the web app's buttons, tags and timeline all read them from here (the web imports
 * this file: it must stay plain data, with type-only imports).
 */
import type { Action, Status } from './lifecycle.js';

export const STATUS_NAMES: Record<Status, { zh: string; en: string }> = {
  accepted: { zh: '已受理', en: 'Accepted' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  signed: { zh: '已签收', en: 'Signed for' },
  in_progress: { zh: '办理中', en: 'In progress' },
  resolved: { zh: '已办结', en: 'Resolved' },
  rated: { zh: '已评价', en: 'Rated' },
  closed: { zh: '已结案', en: 'Closed' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  merged: { zh: '已合并', en: 'Merged' },
};

export const ACTION_NAMES: Record<Action | 'create', { zh: string; en: string }> = {
  create: { zh: '受理', en: 'Accept' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign for' },
  contact: { zh: '联系群众', en: 'Contact' },
  resolve: { zh: '办结', en: 'Resolve' },
  rate: { zh: '评价', en: 'Rate' },
  close: { zh: '结案', en: 'Close' },
  return: { zh: '退单', en: 'Return' },
  request_extension: { zh: '申请延期', en: 'Ask for extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  deny_extension: { zh: '驳回延期', en: 'Deny extension' },
  supervise: { zh: '督办', en: 'Supervise' },
  reopen: { zh: '重办', en: 'Reopen' },
  reject: { zh: '不予受理', en: 'Reject' },
  merge: { zh: '合并', en: 'Merge' },
  comment: { zh: '备注', en: 'Note' },
};
