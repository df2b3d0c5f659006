import { defineBundle } from '../../../i18n/bundle';

/** 创城督查's strings: phone, orders and desk (each language its own chunk). */
export const inspText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
