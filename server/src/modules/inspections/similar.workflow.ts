/**
 * A 举一反三 check's life, as a table: pending → passed (the unit's self-check passes, with its
 * photo) or → failed (which opens a rectification order to the unit). A unit's own "pass" is
 * accepted by rule — the photo is on file, and the inspector's next round of that point is the
 * re-check; a failure is re-checked through its order. docs/inspections.md says it in prose.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/executor.js';
import { defineMachine, defineWorkflow } from '../../platform/workflow.js';
import type { SimilarCheckTable } from './inspections.tables.js';

export const CHECK_ENTITY = 'similar_check';
export type CheckRow = Selectable<SimilarCheckTable>;
type S = CheckRow['status'];
export type CheckAction = 'pass' | 'fail';
export type CheckPerformer = 'unit';

export const CHECK_MACHINE = defineMachine<S, CheckAction, CheckPerformer>({
  statuses: ['pending', 'passed', 'failed'],
  open: ['pending'],
  actions: ['pass', 'fail'],
  transitions: {
    pass: { from: ['pending'], to: 'passed', by: ['unit'] },
    fail: { from: ['pending'], to: 'failed', by: ['unit'] },
  },
  statusNames: {
    pending: { zh: '待自查', en: 'To check' },
    passed: { zh: '自查合格', en: 'Passed' },
    failed: { zh: '自查不合格', en: 'Failed' },
  },
  actionNames: {
    create: { zh: '举一反三', en: 'Checked elsewhere' },
    pass: { zh: '自查合格', en: 'Passed' },
    fail: { zh: '自查不合格', en: 'Failed' },
  },
});

/** A failed check opens its order in the same transaction (the service knows how). */
export interface CheckCtx {
  openOrder(trx: Executor, row: CheckRow): Promise<string>;
}

export type CheckInput =
  | { action: 'pass'; note: string | null; version: number }
  | { action: 'fail'; note: string | null; version: number };

export const CHECK_WORKFLOW = defineWorkflow<S, CheckAction, CheckPerformer, CheckRow, CheckInput, CheckCtx>({
  machine: CHECK_MACHINE,
  entityType: CHECK_ENTITY,
  table: 'similar_checks',
  effects: {
    pass: ({ input, now }) => ({ patch: { note: input.note, answered_at: now.toISOString() }, note: input.note }),
    fail: async ({ row, input, now, trx, ctx }) => ({
      patch: { note: input.note, answered_at: now.toISOString(), order_id: await ctx.openOrder(trx, row) },
      note: input.note,
    }),
  },
});
