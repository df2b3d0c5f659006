/**
 * The state machine of an aid drive (母亲邮包, 春节慰问包 …), declared as data for the platform's
 * workflow mechanism. docs/architecture.md "Aid drives" is its prose; drives.lifecycle.test.ts
 * checks every (status, action) pair against a table written from the brief.
 */
import { defineMachine } from '../../platform/workflow.js';

export const DRIVE_STATUSES = [
  'preparing', // 筹备中: packs, donors' pledges, stock and recipients are gathered
  'distributing', // 发放中: parcels go out; stock may still arrive
  'closed', // 已结束: nothing more is delivered or received
] as const;
export type DriveStatus = (typeof DRIVE_STATUSES)[number];

export const DRIVE_ACTIONS = ['start', 'close', 'reopen'] as const;
export type DriveAction = (typeof DRIVE_ACTIONS)[number];

/** organiser = desk staff (command centre, street, community, department) whose scope holds the drive. */
export type DrivePerformer = 'organiser' | 'system';

export const driveMachine = defineMachine<DriveStatus, DriveAction, DrivePerformer>({
  statuses: DRIVE_STATUSES,
  open: ['preparing', 'distributing'],
  actions: DRIVE_ACTIONS,
  transitions: {
    start: { from: ['preparing'], to: 'distributing', by: ['organiser'] },
    close: { from: ['preparing', 'distributing'], to: 'closed', by: ['organiser', 'system'] },
    reopen: { from: ['closed'], to: 'distributing', by: ['organiser'] },
  },
  statusNames: {
    preparing: { zh: '筹备中', en: 'Preparing' },
    distributing: { zh: '发放中', en: 'Distributing' },
    closed: { zh: '已结束', en: 'Closed' },
  },
  actionNames: {
    create: { zh: '创建活动', en: 'Drive created' },
    start: { zh: '开始发放', en: 'Distribution started' },
    close: { zh: '结束活动', en: 'Drive closed' },
    reopen: { zh: '重新开放', en: 'Drive reopened' },
  },
});

/** What may happen to a drive's stock and recipients in each status. */
export const mayReceive = (s: DriveStatus) => s !== 'closed';
export const mayDeliver = (s: DriveStatus) => s === 'distributing';
