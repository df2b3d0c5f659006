import { defineBundle } from '../../../i18n/bundle';

export const wishText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
