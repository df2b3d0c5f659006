/**
 * A round's life: planned → in_progress (start) → finished (finish). An unannounced round
 * (四不两直) becomes visible to the inspected units only when it starts.
 */
import type { Selectable } from 'kysely';
import { defineMachine, defineWorkflow } from '../../platform/workflow.js';
import type { InspectionRoundTable } from './inspections.tables.js';
import { ROUND_ACTION_NAMES, ROUND_STATUS_NAMES } from './round.names.js';

export const ROUND_ENTITY = 'inspection_round';
export type RoundRow = Selectable<InspectionRoundTable>;
type S = RoundRow['status'];
type A = 'start' | 'finish';
export type RoundStatus = S;
export type RoundAction = A;

export const ROUND_MACHINE = defineMachine<S, A, 'inspector'>({
  statuses: ['planned', 'in_progress', 'finished'],
  open: ['planned', 'in_progress'],
  actions: ['start', 'finish'],
  transitions: {
    start: { from: ['planned'], to: 'in_progress', by: ['inspector'] },
    finish: { from: ['in_progress'], to: 'finished', by: ['inspector'] },
  },
  statusNames: ROUND_STATUS_NAMES,
  actionNames: ROUND_ACTION_NAMES,
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
