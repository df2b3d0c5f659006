import { DEFAULT_DEPARTMENTS } from '../modules/categories/defaults.js';
import type { Services } from '../services.js';

/**
 * What every installation needs, demo or not: the configured districts' real divisions, its departments,
 * the default categories and the shipped holiday calendar. Idempotent: existing rows are kept
 * as the district edited them.
 */
export async function ensureBaseline(s: Services): Promise<void> {
  for (const code of s.config.districtCodes) if (!(await s.org.get(code))) await s.org.loadDivisions(code);
  // The default departments belong to the first district (their ids are that district's).
  const home = s.config.districtCodes[0];
  for (const d of DEFAULT_DEPARTMENTS) {
    if (home && !(await s.org.get(d.id))) await s.org.addUnit({ id: d.id, parentId: home, kind: 'department', name: d.name });
  }
  await s.categories.installDefaults();
  await s.calendar.loadShipped();
  await s.places.installDefaultTypes();
  await s.inspections.checklists.installDefaults();
}
