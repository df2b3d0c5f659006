import { errors } from '../errors.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The Idempotency-Key header of a create, checked; any route that creates a work item reads it here. */
export function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !IDEMPOTENCY_KEY.test(key))
    throw errors.validation(
      'Idempotency-Key',
      'Idempotency-Key：应为 8–100 位字母、数字或 _.:-',
      'Idempotency-Key: 8–100 letters, digits or _.:-',
    );
  return key;
}
