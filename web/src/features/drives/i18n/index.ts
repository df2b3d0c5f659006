import { defineBundle } from '../../../i18n/bundle';

export const driveText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
