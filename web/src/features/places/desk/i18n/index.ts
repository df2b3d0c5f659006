import { defineBundle } from '../../../../i18n/bundle';

/** The strings of 便民地图 on the desk, one language per chunk. */
export const placesDeskText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
