/**
 * Status and action words come from the server's one list (server/src/modules/requests/
 * request.names.ts, which the state machine carries): the buttons, tags and the timeline say the
 * same thing. That file is plain data; it is the only server file the web imports as a value.
 */
import { ACTION_NAMES, STATUS_NAMES } from '../../../server/src/modules/requests/request.names';
import type { Action, Status } from '../api/types';

export type WorkflowLabels = { [S in Status as `status.${S}`]: string } & { [A in Action | 'create' as `action.${A}`]: string };

export function workflowLabels(lang: 'zh' | 'en'): WorkflowLabels {
  const out: Record<string, string> = {};
  for (const [code, name] of Object.entries(STATUS_NAMES)) out[`status.${code}`] = name[lang];
  for (const [code, name] of Object.entries(ACTION_NAMES)) out[`action.${code}`] = name[lang];
  return out as WorkflowLabels;
}
