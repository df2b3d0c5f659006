import { defineBundle } from '../../../i18n/bundle';

/** The strings of notices (the bell and the inbox), one language per chunk. */
export const noticesText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
