/**
 * The names of a request's codes, in Chinese and English, for exports and other server-made
 * documents. Statuses and actions are named in lifecycle.ts, kinds in kinds.ts; the rest here.
 */
import { KIND_POLICY, type Kind } from './kinds.js';
import { STATUS_NAMES, type Status } from './lifecycle.js';
import type { CHANNELS, RATINGS, URGENCIES } from './requests.schema.js';

type Named = { zh: string; en: string };

export const URGENCY_NAMES: Record<(typeof URGENCIES)[number], Named> = {
  urgent: { zh: '紧急', en: 'Urgent' },
  normal: { zh: '一般', en: 'Normal' },
  complex: { zh: '复杂', en: 'Complex' },
};

export const CHANNEL_NAMES: Record<(typeof CHANNELS)[number], Named> = {
  web: { zh: '网上反映', en: 'Online' },
  proxy: { zh: '代录', en: 'Entered by staff' },
  patrol: { zh: '主动发现', en: 'Patrol' },
  liaison: { zh: '联络站', en: 'Liaison station' },
  open311: { zh: '外部接口', en: 'Open311' },
};

export const RATING_NAMES: Record<(typeof RATINGS)[number], Named> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Mostly satisfied' },
  unsatisfied: { zh: '不满意', en: 'Not satisfied' },
};

/** A code's Chinese name; an unknown code (an old row) is shown as it is. */
export const zhLabel = {
  kind: (code: string) => KIND_POLICY[code as Kind]?.zh ?? code,
  status: (code: string) => STATUS_NAMES[code as Status]?.zh ?? code,
  urgency: (code: string) => URGENCY_NAMES[code as keyof typeof URGENCY_NAMES]?.zh ?? code,
  channel: (code: string) => CHANNEL_NAMES[code as keyof typeof CHANNEL_NAMES]?.zh ?? code,
  rating: (code: string | null) => (code ? (RATING_NAMES[code as keyof typeof RATING_NAMES]?.zh ?? code) : ''),
};
