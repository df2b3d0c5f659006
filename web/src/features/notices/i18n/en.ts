import type zh from './zh';

export default {
  'notices.title': 'Notices',
  'notices.readAll': 'Mark all read',
  'notices.mute': 'Stop sending me notices',
  'notices.empty': 'No notices yet. You are told here when your reports move on, or when new work is sent to you.',
  'notices.unread': 'Unread: ',
  'notices.newer': 'Newer',
  'notices.older': 'Older',
} satisfies Record<keyof typeof zh, string>;
