import type { Unit, User } from '../../../api/types';

export interface UnitOption {
  value: string;
  label: string;
}

export interface UnitGroup {
  label: string;
  options: UnitOption[];
}

/** Units a dispatcher may send work to: its own subtree; departments and co-building units for the centre. */
export function dispatchTargets(user: User | null, units: Unit[] | undefined, kindName: (k: Unit['kind']) => string): UnitGroup[] {
  if (!user?.unit || !units) return [];
  const base = user.unit.path;
  const admin = user.role === 'district_admin';
  const ok = units.filter(
    (u) =>
      u.kind !== 'district' &&
      (u.path.startsWith(base) || (admin && (u.kind === 'department' || u.kind === 'cobuild'))) &&
      u.id !== user.unit?.id,
  );
  const order: Unit['kind'][] = ['department', 'street', 'community', 'grid', 'cobuild'];
  return order
    .map((k) => ({ label: kindName(k), options: ok.filter((u) => u.kind === k).map((u) => ({ value: u.id, label: u.name })) }))
    .filter((g) => g.options.length);
}

/** Units to filter the list by: the tree under me plus departments. */
export function filterUnits(user: User | null, units: Unit[] | undefined, kindName: (k: Unit['kind']) => string): UnitGroup[] {
  if (!user?.unit || !units) return [];
  const base = user.unit.path;
  const ok = units.filter((u) => u.kind !== 'district' && (u.path.startsWith(base) || u.kind === 'department'));
  const order: Unit['kind'][] = ['street', 'community', 'grid', 'department'];
  return order
    .map((k) => ({ label: kindName(k), options: ok.filter((u) => u.kind === k).map((u) => ({ value: u.id, label: u.name })) }))
    .filter((g) => g.options.length);
}
