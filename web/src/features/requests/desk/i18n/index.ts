import { defineBundle } from '../../../../i18n/bundle';

/** The strings of the request desk pages (board, detail, actions, 代录), one language per chunk. */
export const requestsDeskText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
