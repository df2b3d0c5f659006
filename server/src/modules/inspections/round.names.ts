/**
 * The words for an inspection round's statuses and actions, in Chinese and English: the one place
 * they are written. The state machine (round.workflow.ts) carries them; the web app's tags import
 * this file, so it stays plain data with type-only imports.
 */
import type { RoundAction, RoundStatus } from './round.workflow.js';

export const ROUND_STATUS_NAMES: Record<RoundStatus, { zh: string; en: string }> = {
  planned: { zh: '计划中', en: 'Planned' },
  in_progress: { zh: '督查中', en: 'In progress' },
  finished: { zh: '已结束', en: 'Finished' },
};

export const ROUND_ACTION_NAMES: Record<RoundAction | 'create', { zh: string; en: string }> = {
  create: { zh: '制定计划', en: 'Planned' },
  start: { zh: '开始督查', en: 'Started' },
  finish: { zh: '结束督查', en: 'Finished' },
};
