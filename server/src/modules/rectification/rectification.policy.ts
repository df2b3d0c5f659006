/**
 * Who sees and moves which rectification orders. The order's unit answers it; inspectors in
 * whose area it lies and the command centre re-check it (as the order's `recheck` allows: the
 * inspector who found it, a different one, or anyone entitled); the command centre and the
 * street above press (escalate) it. Only the finder's side takes an order back (withdraw): the
 * inspector who found it, the command centre, or the system — never the inspected street or unit.
 * Scope is the platform's over the order's place columns, the responsible unit playing the handler.
 */
import { rowInScope, type ScopeColumns, scopeWhere } from '../../platform/scope.js';
import { type Actor, hasRole } from '../auth/actor.js';
import { areaActor } from '../inspections/inspections.policy.js';
import type { RectificationOrderTable } from '../inspections/inspections.tables.js';

export const ORDER_SCOPE: ScopeColumns = {
  district: 'rectification_orders.district_code',
  street: 'rectification_orders.street_code',
  community: 'rectification_orders.community_code',
  handler: 'rectification_orders.unit_id',
};

/**
 * unit: the responsible unit; checker: may re-check it (per `recheck`); finder: the inspector who
 * found it or the command centre (may withdraw it); supervisor: presses it (督办); system: jobs.
 */
export type OrderPerformer = 'unit' | 'checker' | 'finder' | 'supervisor' | 'system';

export const orderScopeWhere = (actor: Actor) => scopeWhere(ORDER_SCOPE, areaActor(actor));
export const orderInScope = (actor: Actor, row: RectificationOrderTable) => rowInScope(ORDER_SCOPE, areaActor(actor), row as never);

export function orderPerformers(actor: Actor, row: RectificationOrderTable): Set<OrderPerformer> {
  const out = new Set<OrderPerformer>();
  if (actor.kind === 'system') return new Set(['system']);
  if (actor.kind !== 'user' || !orderInScope(actor, row)) return out;
  if (actor.unit?.id === row.unit_id) out.add('unit');
  if (hasRole(actor, 'district_admin', 'street_staff')) out.add('supervisor');
  if (hasRole(actor, 'district_admin') || row.inspector_id === actor.userId) out.add('finder');
  if (hasRole(actor, 'district_admin', 'inspector')) {
    const found = row.inspector_id === actor.userId;
    if (row.recheck === 'any' || (row.recheck === 'same' ? found : !found)) out.add('checker');
  }
  return out;
}
