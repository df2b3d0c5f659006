/**
 * A round's life: planned → in_progress (start) → finished (finish). An unannounced round
 * (四不两直) becomes visible to the inspected units only when it starts.
 */
import type { Selectable } from 'kysely';
import { defineMachine, defineWorkflow } from '../../platform/workflow.js';
import type { InspectionRoundTable } from './inspections.tables.js';

export const ROUND_ENTITY = 'inspection_round';
export type RoundRow = Selectable<InspectionRoundTable>;
type S = RoundRow['status'];
type A = 'start' | 'finish';

export const ROUND_MACHINE = defineMachine<S, A, 'inspector'>({
  statuses: ['planned', 'in_progress', 'finished'],
  open: ['planned', 'in_progress'],
  actions: ['start', 'finish'],
  transitions: {
    start: { from: ['planned'], to: 'in_progress', by: ['inspector'] },
    finish: { from: ['in_progress'], to: 'finished', by: ['inspector'] },
  },
  statusNames: {
    planned: { zh: '计划中', en: 'Planned' },
    in_progress: { zh: '督查中', en: 'In progress' },
    finished: { zh: '已结束', en: 'Finished' },
  },
  actionNames: {
    create: { zh: '制定计划', en: 'Planned' },
    start: { zh: '开始督查', en: 'Started' },
    finish: { zh: '结束督查', en: 'Finished' },
  },
});

export const ROUND_WORKFLOW = defineWorkflow<S, A, 'inspector', RoundRow, { action: A; version: number }, null>({
  machine: ROUND_MACHINE,
  entityType: ROUND_ENTITY,
  table: 'inspection_rounds',
  effects: {
    start: ({ now }) => ({ patch: { started_at: now.toISOString() }, note: null }),
    finish: ({ now }) => ({ patch: { finished_at: now.toISOString() }, note: null }),
  },
});
