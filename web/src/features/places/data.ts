import { places } from '../../api/endpoints';
import type { LatLng, PlaceType } from '../../api/types';
import { useAsync } from '../../app/data';

let typesP: Promise<PlaceType[]> | null = null;

/** The place types and their fields, fetched once per page load. */
export function loadPlaceTypes(): Promise<PlaceType[]> {
  typesP ??= places.types().catch((e) => {
    typesP = null;
    throw e;
  });
  return typesP;
}

export function invalidatePlaceTypes(): void {
  typesP = null;
}

export const usePlaceTypes = () => useAsync(loadPlaceTypes, []);

/** Where distances are measured from: the phone's position, a chosen community, or the district centre. */
export type Origin =
  | { kind: 'gps'; point: LatLng }
  | { kind: 'community'; id: string; name: string; point: LatLng }
  | { kind: 'centre'; point: LatLng };

const ORIGIN_KEY = 'lx.places.origin';
const GPS_FRESH_MS = 15 * 60_000;

/** Kept for this tab only (sessionStorage): the detail page shows the distance, and coming back does not ask again. */
export function rememberOrigin(o: Origin): void {
  try {
    sessionStorage.setItem(ORIGIN_KEY, JSON.stringify({ ...o, at: Date.now() }));
  } catch {
    // private mode: nothing to remember
  }
}

export function rememberedOrigin(): Origin | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(ORIGIN_KEY) || 'null') as (Origin & { at: number }) | null;
    if (!v?.point || typeof v.point.lat !== 'number') return null;
    if (v.kind === 'gps' && Date.now() - v.at > GPS_FRESH_MS) return null;
    return v;
  } catch {
    return null;
  }
}
