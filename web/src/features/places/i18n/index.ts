import type { MessageKey } from '../../../i18n';
import { type BundleT, defineBundle } from '../../../i18n/bundle';
import type zh from './zh';

/** The strings of 便民地图 for residents, one language per chunk. */
export const placesText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });

/** A translator that knows the places strings (any page's `useBundle(placesText, …)`). */
export type PlacesT = BundleT<typeof zh>;
export type PlacesKey = keyof typeof zh | MessageKey;
