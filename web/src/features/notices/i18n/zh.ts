/** Chinese strings of notices (the inbox; the bell is the shell's, in i18n/). en.ts has the same keys. */
export default {
  'notices.title': '消息通知',
  'notices.readAll': '全部标为已读',
  'notices.mute': '不再接收消息通知',
  'notices.empty': '暂无消息。您反映的问题有进展、或有新工单派给您时，会在这里告诉您。',
  'notices.unread': '未读：',
  'notices.newer': '较新的',
  'notices.older': '更早的',
} satisfies Record<string, string>;
