import type { UnitKind } from '../../db/schema.js';

export const ROLES = [
  'resident',
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'district_admin',
  'volunteer',
  'inspector',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  resident: '居民',
  grid_worker: '网格员',
  community_staff: '社区/村工作人员',
  street_staff: '街道/乡镇工作人员',
  department_staff: '职能部门',
  district_admin: '区指挥中心',
  volunteer: '志愿者/党员/共建单位',
  inspector: '督查员',
};

/** Roles that work inside the organisation tree and are scoped to one node of it. */
export const STAFF_ROLES: readonly Role[] = [
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'district_admin',
  'inspector',
];

/** Which kind of unit each scoped role must be attached to. */
export const ROLE_UNIT_KINDS: Partial<Record<Role, UnitKind[]>> = {
  grid_worker: ['grid'],
  community_staff: ['community'],
  street_staff: ['street'],
  department_staff: ['department'],
  district_admin: ['district', 'city'],
  inspector: ['city', 'district', 'street', 'department'],
  volunteer: ['cobuild', 'community', 'district'],
};

export interface UnitScope {
  id: string;
  kind: UnitKind;
  name: string;
  path: string;
  districtCode: string;
  /** The districts this unit's subtree covers: its own, or a city's districts. */
  districtCodes: readonly string[];
  streetCode: string | null;
  communityCode: string | null;
}

export type Actor =
  | {
      kind: 'user';
      userId: string;
      role: Role;
      name: string;
      unit: UnitScope | null;
      /** After a password reset: only the routes marked `whilePasswordChangeRequired` answer. */
      mustChangePassword?: boolean;
    }
  | { kind: 'public' } // no account: resident self-service, tracking by number + phone
  | { kind: 'apikey'; keyId: string; name: string } // Open311 client
  | { kind: 'system'; job: string }; // periodic sweeps

export const isStaff = (a: Actor): a is Extract<Actor, { kind: 'user' }> & { unit: UnitScope } =>
  a.kind === 'user' && STAFF_ROLES.includes(a.role) && a.unit !== null;

export const hasRole = (a: Actor, ...roles: Role[]): boolean => a.kind === 'user' && roles.includes(a.role);

/** How the timeline and the audit log name the system's own steps. */
const SYSTEM_JOB_NAMES: Record<string, string> = {
  'auto-dispatch': '自动派单',
  overdue: '超期督办',
  'place-report': '场所问题派单',
};

export function actorLabel(a: Actor): { id: string | null; role: string; unitId: string | null; name: string } {
  switch (a.kind) {
    case 'user':
      return { id: a.userId, role: a.role, unitId: a.unit?.id ?? null, name: a.name };
    case 'public':
      return { id: null, role: 'public', unitId: null, name: '群众' };
    case 'apikey':
      return { id: a.keyId, role: 'open311', unitId: null, name: a.name };
    case 'system':
      return { id: null, role: 'system', unitId: null, name: `系统(${SYSTEM_JOB_NAMES[a.job] ?? a.job})` };
  }
}
