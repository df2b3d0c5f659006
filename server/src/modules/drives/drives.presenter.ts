/** Rows → answers. Phones and ID numbers are masked here; only the audited contact view shows them whole. */
import type { z } from 'zod';
import type { TimelineRow } from '../../platform/timeline.js';
import { maskPhone } from '../requests/requests.presenter.js';
import { deliveryMachine } from './delivery.lifecycle.js';
import { driveMachine } from './drive.lifecycle.js';
import type { DriveRow } from './drive.workflow.js';
import type { DeliveryRow, DriveFigures, ItemFigures, ItemRow, PledgeRow, ReceiptRow, RecipientRow } from './drives.repository.js';
import type { deliveryView, driveSummaryView, itemView, pledgeView, recipientView } from './drives.schema.js';

/** 141102198001011234 → 1411**********1234 */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return null;
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(1, id.length - 8))}${id.slice(-4)}`;
}

const NO_FIGURES: ItemFigures = { pledged: 0, received: 0, delivered: 0, confirmed: 0, disputed: 0, stock: 0 };

export function presentItem(i: ItemRow, f: ItemFigures = NO_FIGURES): z.infer<typeof itemView> {
  return {
    id: i.id,
    name: i.name,
    contents: i.contents,
    valueYuan: i.value_yuan,
    unitLabel: i.unit_label,
    pledged: f.pledged,
    received: f.received,
    delivered: f.delivered,
    confirmed: f.confirmed,
    disputed: f.disputed,
    stock: f.stock,
  };
}

/** The summary of a drive: its progress in the target's unit (per-item figures are in `items`). */
export function presentSummary(d: DriveRow, c: DriveFigures): z.infer<typeof driveSummaryView> {
  return {
    id: d.id,
    title: d.title,
    organiserName: d.organiser_name,
    organiserUnitId: d.organiser_unit_id,
    status: d.status,
    statusName: driveMachine.decl.statusNames[d.status],
    version: d.version,
    demo: d.demo === 1,
    createdAt: d.created_at,
    progress: {
      target: d.target_count,
      targetUnit: d.target_unit,
      delivered: c.delivered,
      confirmed: c.confirmed,
      disputed: c.disputed,
      recipients: c.recipients,
    },
  };
}

export function presentPledge(p: PledgeRow): z.infer<typeof pledgeView> {
  return {
    id: p.id,
    itemId: p.item_id,
    donorKind: p.donor_kind,
    donorName: p.donor_name,
    donorPhone: maskPhone(p.donor_phone),
    quantity: p.quantity,
    received: p.received,
    note: p.note,
    createdAt: p.created_at,
  };
}

export const presentReceipt = (r: ReceiptRow) => ({
  id: r.id,
  itemId: r.item_id,
  pledgeId: r.pledge_id,
  quantity: r.quantity,
  note: r.note,
  receivedAt: r.received_at,
});

export const presentTimeline = (t: TimelineRow) => ({ at: t.at, action: t.action, actorName: t.actor_name, note: t.note });

export function presentDelivery(d: DeliveryRow, itemName: string, photos: string[], actions: string[]): z.infer<typeof deliveryView> {
  return {
    id: d.id,
    recipientId: d.recipient_id,
    itemId: d.item_id,
    itemName,
    quantity: d.quantity,
    status: d.status,
    statusName: deliveryMachine.decl.statusNames[d.status],
    version: d.version,
    confirmMethod: d.confirm_method,
    confirmedByName: d.confirmed_by_name,
    confirmedAt: d.confirmed_at,
    deliveredByName: d.delivered_by_name,
    deliveredAt: d.delivered_at,
    note: d.note,
    photos,
    actions,
  };
}

export function presentRecipient(
  r: RecipientRow,
  communityName: string,
  delivery: z.infer<typeof deliveryView> | null,
): z.infer<typeof recipientView> {
  return {
    id: r.id,
    name: r.name,
    phone: maskPhone(r.phone),
    idNumber: maskIdNumber(r.id_number),
    communityCode: r.community_code,
    communityName,
    reason: r.reason,
    itemId: r.item_id,
    quantity: r.quantity,
    hasCode: r.code_hash !== null,
    delivery,
  };
}
