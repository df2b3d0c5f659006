import { defineBundle } from '../../../i18n/bundle';

/** The strings of the dashboard, one language per chunk. */
export const dashboardText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
