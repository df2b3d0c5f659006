/**
 * A request's status and action words come from the server's one list (server/src/modules/
 * requests/request.names.ts, which the state machine carries): the buttons, tags and the
 * timeline say the same thing. That file is plain data; it is the only server file the web
 * imports as a value. Statuses are shared words (this folder's dictionaries); actions are the
 * requests feature's (features/requests/i18n).
 */
import { ACTION_NAMES, STATUS_NAMES } from '../../../server/src/modules/requests/request.names';
import type { Action, Status } from '../api/types';

type Lang = 'zh' | 'en';
export type StatusLabels = { [S in Status as `status.${S}`]: string };
export type ActionLabels = { [A in Action | 'create' as `action.${A}`]: string };

const labels = (prefix: string, names: Record<string, { zh: string; en: string }>, lang: Lang) =>
  Object.fromEntries(Object.entries(names).map(([code, name]) => [`${prefix}.${code}`, name[lang]]));

export const statusLabels = (lang: Lang) => labels('status', STATUS_NAMES, lang) as StatusLabels;
export const actionLabels = (lang: Lang) => labels('action', ACTION_NAMES, lang) as ActionLabels;
