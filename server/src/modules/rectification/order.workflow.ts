/** What each step of a rectification order does besides its status (order.lifecycle.ts is the table). */
import type { Selectable } from 'kysely';
import { defineWorkflow } from '../../platform/workflow.js';
import type { RectificationOrderTable } from '../inspections/inspections.tables.js';
import { ORDER_MACHINE } from './order.lifecycle.js';
import type { OrderPerformer } from './rectification.policy.js';
import type { OrderActionInput } from './rectification.schemas.js';

export const ORDER_ENTITY = 'rectification_order';
export type OrderRow = Selectable<RectificationOrderTable>;

const overdueAudience = (o: OrderRow) => [
  { audience: 'unit', to: [{ unit: o.unit_id }] },
  { audience: 'street', to: [{ unit: o.street_code }] },
];

/** What a step may need from outside: the deadline a rework gets (from the item's limit, on the working calendar). */
export interface OrderCtx {
  deadlineFrom(from: Date, limit: { value: number; unit: OrderRow['limit_unit'] }): Promise<Date>;
}

export const ORDER_WORKFLOW = defineWorkflow<
  (typeof ORDER_MACHINE.decl.statuses)[number],
  (typeof ORDER_MACHINE.decl.actions)[number],
  OrderPerformer,
  OrderRow,
  OrderActionInput,
  OrderCtx | null
>({
  machine: ORDER_MACHINE,
  entityType: ORDER_ENTITY,
  table: 'rectification_orders',
  effects: {
    answer: ({ input, now }) => ({ patch: { answered_at: now.toISOString() }, note: input.note }),
    pass: ({ input, now }) => ({ patch: { closed_at: now.toISOString() }, note: input.note ?? null }),
    // A rework starts a fresh time limit from now; the overdue job may press it again when that passes.
    send_back: async ({ row, input, now, ctx }) => {
      const deadline = ctx
        ? (await ctx.deadlineFrom(now, { value: row.limit_value, unit: row.limit_unit })).toISOString()
        : row.deadline_at;
      return {
        patch: { rework_count: row.rework_count + 1, answered_at: null, deadline_at: deadline, overdue_escalated_at: null },
        note: input.reason,
        data: { rework: row.rework_count + 1, deadline },
      };
    },
    // Anyone's 督办 is recorded; the overdue job's own is kept apart, so an early 督办 does not stop it.
    escalate: ({ actor, input, now }) => ({
      patch:
        actor.kind === 'system'
          ? { escalated_at: now.toISOString(), overdue_escalated_at: now.toISOString() }
          : { escalated_at: now.toISOString() },
      note: input.note,
    }),
    withdraw: ({ input }) => ({ patch: {}, note: input.reason }),
  },
  tell: {
    answer: (o) => (o.inspector_id ? [{ audience: 'checker', to: [{ user: o.inspector_id }] }] : []),
    send_back: (o) => [{ audience: 'unit', to: [{ unit: o.unit_id }] }],
    escalate: overdueAudience,
  },
});
