/**
 * The life of a 微心愿, as a table (docs/wishes.md says it in words). A person posts a wish, or
 * community staff enter it for them (代录); the community checks it (走访核实) and publishes it
 * to the board or declines it with a reason; one claimer takes it, may withdraw, fulfils it with a
 * photo; the recipient (or staff, by phone) confirms; when the recipient confirmed, the community
 * confirms the claimer's service time (verify). A claim left too long is reminded, then
 * released back to the board by the system. A wish that is really a service problem becomes a
 * 接诉即办 request.
 */
import { defineMachine } from '../../platform/workflow.js';

export const WISH_STATUSES = ['submitted', 'published', 'declined', 'claimed', 'fulfilled', 'confirmed', 'converted', 'cancelled'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export const WISH_ACTIONS = [
  'publish',
  'decline',
  'claim',
  'withdraw',
  'remind',
  'release',
  'fulfil',
  'confirm',
  'verify',
  'convert',
  'cancel',
] as const;
export type WishAction = (typeof WISH_ACTIONS)[number];

/**
 * community: staff whose area covers the wish; poster: who posted it (or for whom it was
 * entered, with an account); claimer: who claimed it; claimant: any other signed-in person;
 * system: the claim-expiry job.
 */
export type WishPerformer = 'community' | 'poster' | 'claimer' | 'claimant' | 'system';

export const WISH_MACHINE = defineMachine<WishStatus, WishAction, WishPerformer>({
  statuses: WISH_STATUSES,
  open: ['submitted', 'published', 'claimed', 'fulfilled'],
  actions: WISH_ACTIONS,
  transitions: {
    publish: { from: ['submitted'], to: 'published', by: ['community'] },
    decline: { from: ['submitted'], to: 'declined', by: ['community'] },
    claim: { from: ['published'], to: 'claimed', by: ['claimant'] },
    withdraw: { from: ['claimed'], to: 'published', by: ['claimer', 'community'] },
    remind: { from: ['claimed'], to: 'same', by: ['system'] },
    release: { from: ['claimed'], to: 'published', by: ['system'] },
    fulfil: { from: ['claimed'], to: 'fulfilled', by: ['claimer'] },
    confirm: { from: ['fulfilled'], to: 'confirmed', by: ['community', 'poster'] },
    // The recipient confirmed: the community still confirms the claimer's time (service record).
    verify: { from: ['confirmed'], to: 'same', by: ['community'] },
    convert: { from: ['submitted', 'published'], to: 'converted', by: ['community'] },
    cancel: { from: ['submitted', 'published'], to: 'cancelled', by: ['poster', 'community'] },
  },
  statusNames: {
    submitted: { zh: '待核实', en: 'Awaiting check' },
    published: { zh: '待认领', en: 'On the board' },
    declined: { zh: '未通过', en: 'Declined' },
    claimed: { zh: '已认领', en: 'Claimed' },
    fulfilled: { zh: '待确认', en: 'Delivered, awaiting confirmation' },
    confirmed: { zh: '已实现', en: 'Fulfilled' },
    converted: { zh: '已转诉求', en: 'Became a request' },
    cancelled: { zh: '已撤回', en: 'Cancelled' },
  },
  actionNames: {
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
  },
});
