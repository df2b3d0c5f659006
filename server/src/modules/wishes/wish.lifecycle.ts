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
import { WISH_ACTION_NAMES, WISH_STATUS_NAMES } from './wish.names.js';

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
  statusNames: WISH_STATUS_NAMES,
  actionNames: WISH_ACTION_NAMES,
});
