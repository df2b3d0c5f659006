/**
 * What must never reach the public board (a phone, an address) and how a household is known
 * (its keys: the ID number, the phone, the register household; the account when a person posts
 * for themselves). Only hashes of the keys are kept.
 */
import { createHash } from 'node:crypto';
import { errors } from '../../errors.js';

const PHONE_LIKE = /\d[\d\s-]{6,}\d/;
/** 光明路3号, 2单元, 5栋, 302室, 3号楼: a house number, not a wish. */
const ADDRESS_LIKE = /\d+\s*(号|栋|幢|单元|室)|[路街巷]\s*\d+/;

export const revealsContact = (text: string): boolean => PHONE_LIKE.test(text) || ADDRESS_LIKE.test(text);

/** 400 naming `field` when `text` carries a phone number or an address. */
export function refuseContact(field: string, text: string): void {
  if (revealsContact(text))
    throw errors.validation(
      field,
      `${field}：心愿墙上不能出现电话号码或住址`,
      `${field}: the public board must not show a phone number or an address`,
    );
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999: the 18th character is the check digit of the first 17. */
export function validIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17]?.toUpperCase();
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Every key the household is known by, strongest first (the first is kept on the wish itself). */
export function householdKeys(k: { idNumber?: string; phone?: string; householdNo?: string; userId?: string }): string[] {
  const keys: string[] = [];
  if (k.idNumber) keys.push(sha256(`id:${k.idNumber.toUpperCase()}`));
  if (k.phone) keys.push(sha256(`phone:${k.phone.replace(/\D/g, '')}`));
  if (k.householdNo) keys.push(sha256(`hh:${k.householdNo.replace(/\s/g, '').toUpperCase()}`));
  if (k.userId) keys.push(sha256(`user:${k.userId}`));
  return keys;
}
