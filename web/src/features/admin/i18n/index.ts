import { defineBundle } from '../../../i18n/bundle';

/** The strings of the admin pages, one language per chunk. */
export const adminText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
