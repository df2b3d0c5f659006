/** What each step of a rectification order does besides its status (order.lifecycle.ts is the table). */
import type { Selectable } from 'kysely';
import { defineWorkflow } from '../../platform/workflow.js';
import type { RectificationOrderTable } from '../inspections/inspections.tables.js';
import { ORDER_MACHINE } from './order.lifecycle.js';
import type { OrderActionInput } from './rectification.schemas.js';

export const ORDER_ENTITY = 'rectification_order';
export type OrderRow = Selectable<RectificationOrderTable>;

const overdueAudience = (o: OrderRow) => [
  { audience: 'unit', to: [{ unit: o.unit_id }] },
  { audience: 'street', to: [{ unit: o.street_code }] },
];

export const ORDER_WORKFLOW = defineWorkflow<
  (typeof ORDER_MACHINE.decl.statuses)[number],
  (typeof ORDER_MACHINE.decl.actions)[number],
  'unit' | 'checker' | 'supervisor' | 'system',
  OrderRow,
  OrderActionInput,
  null
>({
  machine: ORDER_MACHINE,
  entityType: ORDER_ENTITY,
  table: 'rectification_orders',
  effects: {
    answer: ({ input, now }) => ({ patch: { answered_at: now.toISOString() }, note: input.note }),
    pass: ({ input, now }) => ({ patch: { closed_at: now.toISOString() }, note: input.note ?? null }),
    send_back: ({ row, input }) => ({
      patch: { rework_count: row.rework_count + 1, answered_at: null },
      note: input.reason,
      data: { rework: row.rework_count + 1 },
    }),
    escalate: ({ input, now }) => ({ patch: { escalated_at: now.toISOString() }, note: input.note }),
    withdraw: ({ input }) => ({ patch: {}, note: input.reason }),
  },
  tell: {
    answer: (o) => (o.inspector_id ? [{ audience: 'checker', to: [{ user: o.inspector_id }] }] : []),
    send_back: (o) => [{ audience: 'unit', to: [{ unit: o.unit_id }] }],
    escalate: overdueAudience,
  },
});
