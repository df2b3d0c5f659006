/**
 * Status and action words come from the server's one list per programme, the plain-data
 * `*.names.ts` file beside each state machine, which the machine carries (requests:
 * request.names.ts; wishes: wish.names.ts; drives: drive.names.ts; inspection rounds:
 * round.names.ts; rectification orders: order.names.ts): the buttons, tags and the
 * timeline say what the server's timeline, notices and ledgers say. Those files are the only
 * server files the web imports as values (web/src/api/contract.test.ts checks it). A request's
 * statuses are shared words (this folder's dictionaries); everything else is its feature's bundle
 * (`...nameLabels('wish.status', WISH_STATUS_NAMES, 'zh')`).
 */
import { ACTION_NAMES, STATUS_NAMES } from '../../../server/src/modules/requests/request.names';
import type { Action, Status } from '../api/types';

type Lang = 'zh' | 'en';
type Name = { zh: string; en: string };
export type StatusLabels = { [S in Status as `status.${S}`]: string };
export type ActionLabels = { [A in Action | 'create' as `action.${A}`]: string };

/** A names list as dictionary entries: `{ '<prefix>.<code>': word }`, typed by the list's codes. */
export const nameLabels = <P extends string, K extends string>(prefix: P, names: Record<K, Name>, lang: Lang) =>
  Object.fromEntries(Object.entries<Name>(names).map(([code, name]) => [`${prefix}.${code}`, name[lang]])) as {
    [C in K as `${P}.${C}`]: string;
  };

export const statusLabels = (lang: Lang): StatusLabels => nameLabels('status', STATUS_NAMES, lang);
export const actionLabels = (lang: Lang): ActionLabels => nameLabels('action', ACTION_NAMES, lang);
