import { z } from 'zod';

/** A notice in the caller's inbox, rendered in the asked language (values carry no personal data). */
export const noticeView = z.strictObject({
  id: z.string(),
  event: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  text: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type NoticeView = z.infer<typeof noticeView>;
export const inboxView = z.strictObject({ items: z.array(noticeView), unread: z.number().int() });
export const unreadCount = z.strictObject({ unread: z.number().int() });
export const noticePreferences = z.strictObject({ muted: z.boolean() });
