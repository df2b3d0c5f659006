import { DEFAULT_DEPARTMENTS } from '../modules/categories/defaults.js';
import type { Services } from '../services.js';

/**
 * What every installation needs, demo or not: the district's real divisions, its departments,
 * the default categories and the shipped holiday calendar. Idempotent: existing rows are kept
 * as the district edited them.
 */
export async function ensureBaseline(s: Services): Promise<void> {
  const district = await s.org.get(s.config.districtCode);
  if (!district) await s.org.loadDivisions(s.config.districtCode);
  for (const d of DEFAULT_DEPARTMENTS) {
    if (!(await s.org.get(d.id))) await s.org.addUnit({ id: d.id, parentId: s.config.districtCode, kind: 'department', name: d.name });
  }
  await s.categories.installDefaults();
  await s.calendar.loadShipped();
  await s.places.installDefaultTypes();
}
