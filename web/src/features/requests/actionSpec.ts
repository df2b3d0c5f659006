import type { ActionInput } from '../../api/endpoints';
import type { Action, ServiceRequest } from '../../api/types';

/** The fields of an action's body as the server declares it (requests.schema.ts `actionBody`). */
type FieldsOf<A extends Action> = Exclude<keyof Extract<ActionInput, { action: A }>, 'action' | 'version' | 'resolved'>;
export type ActionField = { [A in Action]: FieldsOf<A> }[Action];

/**
 * What each action asks for. The server decides which actions are allowed; this says how to ask.
 * A field the server's body for that action does not have is a compile error.
 */
export const ACTION_FIELDS: { [A in Action]: { fields: FieldsOf<A>[]; required: FieldsOf<A>[] } } = {
  dispatch: { fields: ['handlerUnitId', 'note'], required: ['handlerUnitId'] },
  sign: { fields: [], required: [] },
  contact: { fields: ['note', 'photos'], required: ['note'] },
  resolve: { fields: ['reply', 'photos'], required: ['reply'] },
  rate: { fields: ['rating', 'comment'], required: ['rating'] },
  close: { fields: ['note'], required: [] },
  return: { fields: ['reason'], required: ['reason'] },
  request_extension: { fields: ['days', 'reason'], required: ['days', 'reason'] },
  approve_extension: { fields: ['note'], required: [] },
  deny_extension: { fields: ['reason'], required: ['reason'] },
  supervise: { fields: ['note'], required: ['note'] },
  reopen: { fields: ['reason'], required: ['reason'] },
  reject: { fields: ['reason'], required: ['reason'] },
  merge: { fields: ['targetId', 'note'], required: ['targetId'] },
  comment: { fields: ['note', 'photos'], required: ['note'] },
};

/** The clock that matters now: sign while dispatched, contact once signed, resolve after. */
export function currentDeadline(r: ServiceRequest): string | null {
  switch (r.status) {
    case 'dispatched':
      return r.deadlines.sign ?? r.deadlines.resolve;
    case 'signed':
      return r.deadlines.contact ?? r.deadlines.resolve;
    case 'accepted':
    case 'in_progress':
      return r.deadlines.resolve;
    default:
      return null;
  }
}

export const OPEN_STATUSES = ['accepted', 'dispatched', 'signed', 'in_progress'] as const;
