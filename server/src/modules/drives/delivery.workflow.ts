/**
 * A delivery's workflow: confirming it (a signature photo, the recipient's one-time code, or the
 * staff call-back, recorded with who and when) or recording a dispute at the call-back.
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
}

type DeliveryEffect<A extends DeliveryAction> = Effect<
  DeliveryRow,
  Extract<DeliveryActionInput, { action: A }>,
  DeliveryPerformer,
  DeliveryStepContext
>;

const confirm: DeliveryEffect<'confirm'> = async ({ actor, row, input, now, trx, ctx }) => {
  const c = input.confirmation;
  const who = actorLabel(actor);
  // A call-back checks the deliverer's word: it is made by someone else (回音卡).
  if (c.method === 'callback' && actor.kind === 'user' && actor.userId === row.delivered_by)
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
  effects: { confirm, dispute },
});
