import { use, useCallback } from 'react';
import { type Lang, useI18n } from './index';

/**
 * A feature's own strings, split by language so a page downloads only the language it shows.
 *
 *   // features/wishes/i18n/zh.ts
 *   export default { 'wish.board.title': '微心愿' } satisfies Record<string, string>;
 *   // features/wishes/i18n/en.ts
 *   import type zh from './zh';
 *   export default { 'wish.board.title': 'Small wishes' } satisfies Record<keyof typeof zh, string>;
 *   // features/wishes/i18n/index.ts
 *   export const wishText = defineBundle({ zh: () => import('./zh'), en: () => import('./en') });
 *   // a page (inside a <Suspense>, which every routed page is)
 *   const tw = useBundle(wishText); tw('wish.board.title');
 *
 * Each language is its own chunk, loaded once and kept; switching language suspends until the
 * other chunk arrives. The shared words (buttons, statuses, the shell) stay in i18n/zh.ts, en.ts.
 */
export interface Bundle<M extends Record<string, string>> {
  load(lang: Lang): Promise<M>;
}

type Loader<M> = () => Promise<{ default: M }>;

export function defineBundle<M extends Record<string, string>>(loaders: { zh: Loader<M>; en: Loader<Record<keyof M, string>> }): Bundle<M> {
  const loaded: Partial<Record<Lang, Promise<M>>> = {};
  return {
    load(lang) {
      loaded[lang] ??= (loaders[lang] as Loader<M>)().then((m) => m.default);
      return loaded[lang];
    },
  };
}

export type BundleT<M> = (key: keyof M & string, vars?: Record<string, string | number>) => string;

export function fill(s: string, vars?: Record<string, string | number>): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** The feature's strings in the chosen language (suspends while that language's chunk loads). */
export function useBundle<M extends Record<string, string>>(bundle: Bundle<M>): BundleT<M> {
  const { lang } = useI18n();
  const messages = use(bundle.load(lang));
  return useCallback<BundleT<M>>((key, vars) => fill(messages[key] ?? key, vars), [messages]);
}
