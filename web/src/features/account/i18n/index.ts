import { defineBundle } from '../../../i18n/bundle';

/** The strings of signing in and the password, one language per chunk. */
export const accountText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
