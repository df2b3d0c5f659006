import type { Unit } from './org.repository.js';
import type { UnitView } from './org.responses.js';

/** A unit of the organisation tree as clients see it. */
export const presentUnit = (u: Unit): UnitView => ({
  id: u.id,
  parentId: u.parent_id,
  kind: u.kind,
  name: u.name,
  path: u.path,
  streetCode: u.street_code,
  communityCode: u.community_code,
  location: u.lat !== null && u.lng !== null ? { lat: u.lat, lng: u.lng } : null,
  demo: u.demo === 1,
});
