/**
 * What a recipient is counted as and entitled to, and how they prove a parcel reached them with
 * their one-time code: the household key, the entitlement a delivery must match, and the code's
 * check (each try counted in one statement) and spending (once).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Executor } from '../../platform/executor.js';
import type { RecipientRow } from './drives.repository.js';
import type { DeliveryInput } from './drives.schema.js';

const MAX_CODE_ATTEMPTS = 5;
export const hashCode = (recipientId: string, code: string) => createHash('sha256').update(`${recipientId}:${code}`).digest('hex');

/** The household a delivery is counted against: the ID number if given, else the mobile number. */
export function householdKey(input: { idNumber?: string; phone?: string }): string | null {
  if (input.idNumber) return `id:${input.idNumber.toUpperCase()}`;
  if (input.phone) return `phone:${input.phone}`;
  return null;
}

/** What one delivery to this recipient takes; the deliverer may echo it but not change it. */
export function entitlement(r: RecipientRow, input: DeliveryInput): { itemId: string; quantity: number } {
  if (input.itemId !== undefined && input.itemId !== r.item_id)
    throw errors.validation(
      'itemId',
      'itemId：须发放组织方为该受助对象确定的物资，不能更换',
      'itemId: deliver the item the organiser set for this recipient; it cannot be swapped',
    );
  if (input.quantity !== undefined && input.quantity !== r.quantity)
    throw errors.validation(
      'quantity',
      `quantity：该受助对象应发 ${r.quantity} 份，不能多发或少发`,
      `quantity: this recipient is entitled to ${r.quantity}; no more, no less`,
    );
  return { itemId: r.item_id, quantity: r.quantity };
}

/**
 * Checks a one-time code outside the step's transaction, so that a wrong guess is counted even
 * though the step fails; the step then spends the code (`spendCode`) in its own transaction.
 * Returns the hash to spend.
 */
export async function verifyCode(db: Kysely<DB>, recipientId: string, code: string): Promise<string> {
  // Each try takes one of the recipient's attempts first, in one statement, so that many
  // guesses at once cannot get past the limit.
  const slot = await db
    .updateTable('drive_recipients')
    .set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) }))
    .where('id', '=', recipientId)
    .where('code_hash', 'is not', null)
    .where('code_attempts', '<', MAX_CODE_ATTEMPTS)
    .executeTakeFirst();
  const r = await db.selectFrom('drive_recipients').select(['id', 'code_hash']).where('id', '=', recipientId).executeTakeFirstOrThrow();
  if (!r.code_hash)
    throw errors.conflict(
      '此受助对象没有可用的签收码（未发送或已使用），请用签名照片或回访确认',
      'No unused code for this recipient; confirm with a photo or a call-back',
      { field: 'confirmation.code' },
    );
  if (Number(slot.numUpdatedRows) !== 1)
    throw errors.conflict('签收码错误次数过多，请用签名照片或回访确认', 'Too many wrong codes; confirm with a photo or a call-back', {
      field: 'confirmation.code',
    });
  if (hashCode(r.id, code) !== r.code_hash)
    throw errors.validation('confirmation.code', 'confirmation.code：签收码不正确', 'confirmation.code: the code is wrong');
  return r.code_hash;
}

/** Spends the code in the step's transaction: a second use of the same code loses. */
export async function spendCode(trx: Executor, recipientId: string, hash: string): Promise<void> {
  const r = await trx
    .updateTable('drive_recipients')
    .set({ code_hash: null })
    .where('id', '=', recipientId)
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw errors.conflict('签收码刚刚已被使用', 'The code was used a moment ago', { field: 'confirmation.code' });
}
