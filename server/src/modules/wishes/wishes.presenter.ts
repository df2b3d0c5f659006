/** What each reader sees of a wish. The board and claimers never see a phone, an address or a face. */
import type { TimelineRow } from '../../platform/timeline.js';
import { STAFF_ROLES } from '../auth/actor.js';
import { maskName, maskPhone } from '../requests/requests.presenter.js';
import { WISH_MACHINE, type WishAction, type WishStatus } from './wish.lifecycle.js';
import type { WishRow } from './wishes.policy.js';
import type { BoardItemView, WishView } from './wishes.schema.js';

/** The board's default line: "王**，78岁，想要一台收音机". */
export function defaultBoardText(w: Pick<WishRow, 'recipient_name' | 'recipient_age' | 'title'>): string {
  const who = `${w.recipient_name.slice(0, 1)}**`;
  return w.recipient_age === null ? `${who}，想要${w.title}` : `${who}，${w.recipient_age}岁，想要${w.title}`;
}

/** `photos`: the delivery photos, shown only for a confirmed wish whose recipient agreed. */
export function presentBoardItem(
  w: WishRow,
  communityName: string,
  unitName: string | null,
  photos: readonly string[] = [],
): BoardItemView {
  return {
    id: w.id,
    number: w.number,
    text: w.board_text ?? defaultBoardText(w),
    groupCode: w.group_code,
    communityCode: w.community_code,
    communityName,
    status: w.status as BoardItemView['status'],
    valueYuan: w.value_yuan,
    photos: w.status === 'confirmed' && w.photo_consent === 1 ? [...photos] : [],
    litBy: unitName,
  };
}

/** `full`: the poster, or staff who entered it; everyone else who may read it sees the name and phone masked. */
export function presentWish(w: WishRow, opts: { full: boolean; private: boolean; timePending?: boolean }): WishView {
  return {
    id: w.id,
    number: w.number,
    status: w.status as WishStatus,
    statusName: WISH_MACHINE.decl.statusNames[w.status as WishStatus],
    version: w.version,
    communityCode: w.community_code,
    groupCode: w.group_code,
    title: w.title,
    // The person's own words are for the community and themselves, not for a claimer.
    story: opts.private ? w.story : null,
    valueYuan: w.value_yuan,
    boardText: w.board_text ?? defaultBoardText(w),
    recipientName: opts.full ? w.recipient_name : (maskName(w.recipient_name) ?? ''),
    recipientAge: w.recipient_age,
    recipientPhone: opts.private ? (opts.full ? w.recipient_phone : maskPhone(w.recipient_phone)) : null,
    phoneConsent: w.phone_consent === 1,
    photoConsent: w.photo_consent === 1,
    channel: w.channel as 'self' | 'proxy',
    claimerName: w.claimer_name,
    claimerUnitId: w.claimer_unit_id,
    claimedAt: w.claimed_at,
    claimDueAt: w.claim_due_at,
    fulfilledAt: w.fulfilled_at,
    confirmedAt: w.confirmed_at,
    timePending: opts.timePending ?? false,
    declineReason: w.decline_reason,
    requestId: w.request_id,
    driveId: w.drive_id,
    createdAt: w.created_at,
  };
}

/** `notes`: staff notes (visit findings, reasons) are for the community and the poster, not a claimer. */
export function presentStep(e: TimelineRow, opts: { notes: boolean }) {
  const action = e.action as WishAction | 'create';
  return {
    at: e.at,
    action: e.action,
    actionName: WISH_MACHINE.decl.actionNames[action] ?? { zh: e.action, en: e.action },
    note: opts.notes ? e.note : null,
    // Staff and the system by their name; a person (resident, volunteer) by a masked one.
    by:
      e.actor_role === 'system' || (STAFF_ROLES as readonly string[]).includes(e.actor_role)
        ? e.actor_name
        : e.actor_role === 'public'
          ? '群众'
          : (maskName(e.actor_name) ?? ''),
  };
}
