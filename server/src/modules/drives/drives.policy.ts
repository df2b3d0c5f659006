/**
 * Who sees and works which aid drives. A drive belongs to the unit that organises it (a community,
 * a street, the district — e.g. the 区妇联 through it — or a department) and is seen by that unit
 * and the units above it, by the platform's one scope rule (platform/scope.ts) over its columns;
 * the organising unit plays the part a request's handler plays. docs/roles.md is the prose.
 */
import type { Selectable } from 'kysely';
import type { DriveTable } from '../../db/drives-tables.js';
import { errors } from '../../errors.js';
import { rowInScope, type ScopeColumns } from '../../platform/scope.js';
import { type Actor, hasRole, type Role } from '../auth/actor.js';
import type { Unit } from '../org/org.repository.js';
import type { DeliveryPerformer } from './delivery.lifecycle.js';
import type { DrivePerformer } from './drive.lifecycle.js';

export const DRIVE_SCOPE: ScopeColumns = {
  district: 'drives.district_code',
  street: 'drives.street_code',
  community: 'drives.community_code',
  grid: 'drives.grid_code',
  handler: 'drives.organiser_unit_id',
};

/** Desk staff organise drives: add packs, pledges, stock and recipients, start and close them. */
export const ORGANISER_ROLES: readonly Role[] = ['district_admin', 'street_staff', 'community_staff', 'department_staff'];
/** Grid workers also hand out parcels (and see the drives of their community to do so). */
export const DELIVERER_ROLES: readonly Role[] = [...ORGANISER_ROLES, 'grid_worker'];

export type DriveScopeRow = Pick<
  Selectable<DriveTable>,
  'district_code' | 'street_code' | 'community_code' | 'grid_code' | 'organiser_unit_id'
>;

/** May this actor see the drive at all (and so work it by role)? Out of scope is "not found". */
export function maySeeDrive(actor: Actor, d: DriveScopeRow): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || !DELIVERER_ROLES.includes(actor.role)) return false;
  return rowInScope(DRIVE_SCOPE, actor, d);
}

export function drivePerformers(actor: Actor, d: DriveScopeRow): Set<DrivePerformer> {
  const p = new Set<DrivePerformer>();
  if (actor.kind === 'system') p.add('system');
  // The command line and the demo seed act as organisers.
  if (maySeeDrive(actor, d) && (hasRole(actor, ...ORGANISER_ROLES) || actor.kind === 'system')) p.add('organiser');
  return p;
}

export function deliveryPerformers(actor: Actor, d: DriveScopeRow): Set<DeliveryPerformer> {
  const p = new Set<DeliveryPerformer>();
  if (!maySeeDrive(actor, d)) return p;
  p.add('deliverer');
  if (hasRole(actor, ...ORGANISER_ROLES) || actor.kind === 'system') p.add('organiser');
  return p;
}

export function requireOrganiser(actor: Actor, d: DriveScopeRow): void {
  if (!drivePerformers(actor, d).has('organiser')) throw errors.forbidden('管理此活动');
}

/** The place columns of a drive organised by `unit`; a city or co-building unit organises none. */
export function placeOfOrganiser(unit: Unit): DriveScopeRow | null {
  const base = { district_code: unit.district_code, organiser_unit_id: unit.id, street_code: null, community_code: null, grid_code: null };
  switch (unit.kind) {
    case 'district':
    case 'department':
      return base;
    case 'street':
      return { ...base, street_code: unit.street_code ?? unit.id };
    case 'community':
      return { ...base, street_code: unit.street_code, community_code: unit.community_code ?? unit.id };
    case 'grid':
      return { ...base, street_code: unit.street_code, community_code: unit.community_code, grid_code: unit.id };
    default:
      return null;
  }
}

/** A recipient must live inside the drive's area: its community lies under the drive's street/community. */
export function communityInDrive(d: DriveScopeRow, community: Unit): boolean {
  if (community.kind !== 'community') return false;
  if (community.district_code !== d.district_code) return false;
  if (d.street_code && community.street_code !== d.street_code) return false;
  if (d.community_code && community.community_code !== d.community_code) return false;
  return true;
}
