/**
 * The state machine of one delivery (a parcel handed to a recipient). A delivery confirmed at the
 * door (a signature photo, or the one-time code the recipient tells) is born `confirmed`; one left
 * for a staff call-back (回音卡) is born `delivered` and confirmed — or disputed — when the call is
 * made. A disputed delivery still counts (stock taken, household served) until an organiser other
 * than the deliverer confirms it (call-back or code) or voids it (stock returned, household freed).
 * drives.lifecycle.test.ts checks every pair.
 */
import { defineMachine } from '../../platform/workflow.js';

export const DELIVERY_STATUSES = [
  'delivered', // 已送达，待回访确认
  'confirmed', // 已签收确认
  'disputed', // 回访有异议: the recipient says it did not arrive
  'voided', // 已作废: recorded wrongly or never arrived; the stock went back and the household may be served again
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_ACTIONS = ['confirm', 'dispute', 'void'] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

/** How a recipient confirms: 签名照片, 签收码, 工作人员回访. */
export const CONFIRM_METHODS = ['photo', 'code', 'callback'] as const;
export type ConfirmMethod = (typeof CONFIRM_METHODS)[number];

/** organiser = desk staff whose scope holds the drive; deliverer = anyone in scope who may hand out parcels (grid workers too). */
export type DeliveryPerformer = 'organiser' | 'deliverer';

export const deliveryMachine = defineMachine<DeliveryStatus, DeliveryAction, DeliveryPerformer>({
  statuses: DELIVERY_STATUSES,
  open: ['delivered', 'disputed'],
  actions: DELIVERY_ACTIONS,
  transitions: {
    confirm: { from: ['delivered', 'disputed'], to: 'confirmed', by: ['organiser', 'deliverer'] },
    dispute: { from: ['delivered'], to: 'disputed', by: ['organiser'] },
    void: { from: ['delivered', 'disputed'], to: 'voided', by: ['organiser'] },
  },
  statusNames: {
    delivered: { zh: '已送达待确认', en: 'Delivered, awaiting confirmation' },
    confirmed: { zh: '已签收', en: 'Signed for' },
    disputed: { zh: '有异议', en: 'Disputed' },
    voided: { zh: '已作废', en: 'Voided' },
  },
  actionNames: {
    create: { zh: '送达', en: 'Delivered' },
    confirm: { zh: '签收确认', en: 'Confirmed' },
    dispute: { zh: '回访有异议', en: 'Disputed at call-back' },
    void: { zh: '作废', en: 'Voided' },
  },
});

export const METHOD_NAMES: Record<ConfirmMethod, { zh: string; en: string }> = {
  photo: { zh: '签名照片', en: 'Signature photo' },
  code: { zh: '签收码', en: 'One-time code' },
  callback: { zh: '工作人员回访', en: 'Staff call-back' },
};
