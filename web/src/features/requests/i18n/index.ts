import { defineBundle } from '../../../i18n/bundle';

/** The strings of requests on the phone: reporting, tracking, grid work, one language per chunk. */
export const requestsText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
