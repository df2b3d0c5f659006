/** The drive's workflow: its state machine (drive.lifecycle.ts) and what each action records. */
import type { Selectable } from 'kysely';
import type { DriveTable } from '../../db/drives-tables.js';
import { AppError } from '../../errors.js';
import { defineWorkflow, type Effect } from '../../platform/workflow.js';
import { type DriveAction, type DrivePerformer, driveMachine } from './drive.lifecycle.js';
import type { DriveActionInput } from './drives.schema.js';

export const DRIVE_ENTITY = 'drive';
export type DriveRow = Selectable<DriveTable>;

type DriveEffect<A extends DriveAction> = Effect<DriveRow, Extract<DriveActionInput, { action: A }>, DrivePerformer, null>;
const noted: DriveEffect<DriveAction> = ({ input }) => ({ patch: {}, note: input.note ?? null });

export const DRIVE_WORKFLOW = defineWorkflow<DriveRow['status'], DriveAction, DrivePerformer, DriveRow, DriveActionInput, null>({
  machine: driveMachine,
  entityType: DRIVE_ENTITY,
  table: 'drives',
  effects: { start: noted, close: noted, reopen: noted },
});

/**
 * `take` refuses a step on a row changed since it was read with the platform's CONFLICT (no field);
 * this tells it apart, by code, from the effects' own conflicts (which name a field).
 */
export const isStaleVersion = (e: unknown): boolean => e instanceof AppError && e.code === 'CONFLICT' && e.details.field === undefined;
