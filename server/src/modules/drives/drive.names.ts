/**
 * The words for a drive's and a delivery's statuses and actions, and for the ways a recipient
 * signs for a parcel, in Chinese and English: the one place they are written. The state machines
 * (drive.lifecycle.ts, delivery.lifecycle.ts) carry them; the presenter, ledger and the web app's
 * tags, options and timeline read them from here (the web imports this file: it must stay plain
 * data, with type-only imports). Action words name what happened (the timeline's words); a
 * button's imperative stays in the web bundle.
 */
import type { ConfirmMethod, DeliveryAction, DeliveryStatus } from './delivery.lifecycle.js';
import type { DriveAction, DriveStatus } from './drive.lifecycle.js';

type Name = { zh: string; en: string };

export const DRIVE_STATUS_NAMES: Record<DriveStatus, Name> = {
  preparing: { zh: '筹备中', en: 'Preparing' },
  distributing: { zh: '发放中', en: 'Distributing' },
  closed: { zh: '已结束', en: 'Closed' },
};

export const DRIVE_ACTION_NAMES: Record<DriveAction | 'create', Name> = {
  create: { zh: '创建活动', en: 'Drive created' },
  start: { zh: '开始发放', en: 'Distribution started' },
  close: { zh: '结束活动', en: 'Drive closed' },
  reopen: { zh: '重新开放', en: 'Drive reopened' },
};

export const DELIVERY_STATUS_NAMES: Record<DeliveryStatus, Name> = {
  delivered: { zh: '已送达待确认', en: 'Delivered, awaiting confirmation' },
  confirmed: { zh: '已签收', en: 'Signed for' },
  disputed: { zh: '有异议', en: 'Disputed' },
  voided: { zh: '已作废', en: 'Voided' },
};

export const DELIVERY_ACTION_NAMES: Record<DeliveryAction | 'create', Name> = {
  create: { zh: '送达', en: 'Delivered' },
  confirm: { zh: '签收确认', en: 'Confirmed' },
  dispute: { zh: '回访有异议', en: 'Disputed at call-back' },
  void: { zh: '作废', en: 'Voided' },
};

export const METHOD_NAMES: Record<ConfirmMethod, Name> = {
  photo: { zh: '签名照片', en: 'Signature photo' },
  code: { zh: '签收码', en: 'One-time code' },
  callback: { zh: '工作人员回访', en: 'Staff call-back' },
};
