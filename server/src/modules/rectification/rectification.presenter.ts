/** Rectification orders as the API answers them (rectification.schemas.ts `order`, `orderDetail`). */
import type { TimelineRow } from '../../platform/timeline.js';
import { ORDER_MACHINE, type OrderAction } from './order.lifecycle.js';
import type { OrderRow } from './order.workflow.js';

/** Overdue: still with the unit (open) past its deadline; an answered order waits for the re-check, not for the unit. */
export const isOverdue = (r: OrderRow, now: string) => r.status === 'open' && r.deadline_at < now;

/** 按期结案: the unit's passing answer (the one the re-check closed) came by the deadline; a late re-check does not count against the unit. */
export const closedOnTime = (r: OrderRow): boolean => r.status === 'closed' && (r.answered_at ?? r.closed_at ?? '') <= r.deadline_at;

export function presentOrder(r: OrderRow, unitNames: ReadonlyMap<string, string>, now: Date) {
  return {
    id: r.id,
    sourceType: r.source_type,
    sourceId: r.source_id,
    roundId: r.round_id,
    title: r.title,
    itemCode: r.item_code,
    pointId: r.point_id,
    pointName: r.point_name,
    unitId: r.unit_id,
    unitName: unitNames.get(r.unit_id) ?? r.unit_id,
    districtCode: r.district_code,
    streetCode: r.street_code,
    communityCode: r.community_code,
    status: r.status,
    statusName: ORDER_MACHINE.decl.statusNames[r.status],
    deadlineAt: r.deadline_at,
    overdue: isOverdue(r, now.toISOString()),
    reworkCount: r.rework_count,
    recurring: r.recurring === 1,
    escalatedAt: r.escalated_at,
    answeredAt: r.answered_at,
    closedAt: r.closed_at,
    closedOnTime: r.status === 'closed' ? closedOnTime(r) : null,
    inspectorId: r.inspector_id,
    recheck: r.recheck,
    version: r.version,
    createdAt: r.created_at,
  };
}

const photosOf = (t: TimelineRow | undefined): string[] => (t?.photos ? (JSON.parse(t.photos) as string[]) : []);

export function presentOrderDetail(
  r: OrderRow,
  unitNames: ReadonlyMap<string, string>,
  now: Date,
  timeline: TimelineRow[],
  actions: OrderAction[],
) {
  const names = ORDER_MACHINE.decl.actionNames as Record<string, { zh: string; en: string }>;
  return {
    ...presentOrder(r, unitNames, now),
    beforePhotos: photosOf(timeline.find((t) => t.action === 'create')),
    afterPhotos: photosOf(timeline.filter((t) => t.action === 'answer').at(-1)),
    timeline: timeline.map((t) => ({
      at: t.at,
      action: t.action,
      actionName: names[t.action] ?? { zh: t.action, en: t.action },
      from: t.from_status,
      to: t.to_status,
      actorName: t.actor_name,
      note: t.note,
      photos: photosOf(t),
    })),
    actions,
  };
}
