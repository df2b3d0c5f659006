/**
 * A delivery's workflow: confirming it (a signature photo, the recipient's one-time code, or the
 * staff call-back, recorded with who and when), recording a dispute at the call-back, or voiding
 * it (the stock goes back and the household may be served again). A dispute is settled only by an
 * organiser who is not the deliverer it is about.
 */
import type { Selectable } from 'kysely';
import type { DriveDeliveryTable } from '../../db/drives-tables.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import { defineWorkflow, type Effect } from '../../platform/workflow.js';
import type { Actor } from '../auth/actor.js';
import { actorLabel } from '../auth/actor.js';
import { type DeliveryAction, type DeliveryPerformer, deliveryMachine } from './delivery.lifecycle.js';
import type { DeliveryActionInput } from './drives.schema.js';

export const DELIVERY_ENTITY = 'drive_delivery';
export type DeliveryRow = Selectable<DriveDeliveryTable>;

/** What confirming needs besides the row: the code check and the photo attachment, both in the step's transaction. */
export interface DeliveryStepContext {
  checkCode(trx: Executor, recipientId: string, code: string): Promise<void>;
  attachPhotos(trx: Executor, actor: Actor, deliveryId: string, photos: readonly string[]): Promise<void>;
  returnStock(trx: Executor, itemId: string, quantity: number): Promise<void>;
}

const isDeliverer = (actor: Actor, row: DeliveryRow) => actor.kind === 'user' && actor.userId === row.delivered_by;

type DeliveryEffect<A extends DeliveryAction> = Effect<
  DeliveryRow,
  Extract<DeliveryActionInput, { action: A }>,
  DeliveryPerformer,
  DeliveryStepContext
>;

const confirm: DeliveryEffect<'confirm'> = async ({ actor, row, input, now, trx, ctx, performers }) => {
  const c = input.confirmation;
  const who = actorLabel(actor);
  // A dispute is about the deliverer's word: only an organiser who is someone else settles it, by
  // calling back or with the recipient's code, not with a photo the deliverer could supply.
  if (row.status === 'disputed') {
    if (!performers.has('organiser') || isDeliverer(actor, row))
      throw errors.forbidden('确认有异议的发放记录（须由送达人以外的组织方工作人员）');
    if (c.method === 'photo')
      throw errors.validation(
        'confirmation.method',
        'confirmation.method：有异议的发放须回访或用签收码确认',
        'confirmation.method: a disputed delivery is confirmed by call-back or code',
      );
  }
  // A call-back checks the deliverer's word: it is made by someone else (回音卡).
  if (c.method === 'callback' && isDeliverer(actor, row))
    throw errors.conflict('回访须由送达人以外的工作人员进行', 'The call-back must be made by someone other than the person who delivered', {
      field: 'confirmation.method',
    });
  if (c.method === 'code') await ctx.checkCode(trx, row.recipient_id, c.code);
  if (c.method === 'photo') await ctx.attachPhotos(trx, actor, row.id, c.photos);
  return {
    patch: { confirm_method: c.method, confirmed_by: who.id, confirmed_by_name: who.name, confirmed_at: now.toISOString() },
    note: c.method === 'callback' ? c.note : null,
    data: { method: c.method },
  };
};

const dispute: DeliveryEffect<'dispute'> = ({ input }) => ({ patch: {}, note: input.note, data: { disputed: true } });

const voidDelivery: DeliveryEffect<'void'> = async ({ row, input, trx, ctx }) => {
  await ctx.returnStock(trx, row.item_id, row.quantity);
  return { patch: {}, note: input.reason, data: { returned: row.quantity, itemId: row.item_id } };
};

export const DELIVERY_WORKFLOW = defineWorkflow<
  DeliveryRow['status'],
  DeliveryAction,
  DeliveryPerformer,
  DeliveryRow,
  DeliveryActionInput,
  DeliveryStepContext
>({
  machine: deliveryMachine,
  entityType: DELIVERY_ENTITY,
  table: 'drive_deliveries',
  guards: {
    // Settling a dispute is the organiser's (the effect also refuses the deliverer themself).
    confirm: (row, performers) =>
      row.status === 'disputed' && !performers.has('organiser') ? errors.forbidden('确认有异议的发放记录') : null,
  },
  effects: { confirm, dispute, void: voidDelivery },
});

/** What this actor may do with the delivery now: the workflow's actions, less settling a dispute about their own delivery. */
export function deliveryActions(actor: Actor, row: DeliveryRow, performers: ReadonlySet<DeliveryPerformer>): DeliveryAction[] {
  return DELIVERY_WORKFLOW.available(row, performers).filter(
    (a) => !(a === 'confirm' && row.status === 'disputed' && isDeliverer(actor, row)),
  );
}
