import { use, useCallback } from 'react';
import { type Lang, type MessageKey, useI18n } from './index';

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
 *   const tw = useBundle(wishText); tw('wish.board.title'); tw('common.save');
 *
 * Each language is its own chunk, loaded once and kept; switching language suspends until the
 * other chunk arrives. The translator also knows the shared words (buttons, statuses, the shell:
 * i18n/zh.ts, en.ts, themselves loaded one language at a time), so a page needs one `t`; a page
 * that shows two features' strings passes both bundles: `useBundle(requestsText, requestsDeskText)`.
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

/** A feature's translator: its own keys and the shared ones. */
export type BundleT<M> = (key: (keyof M & string) | MessageKey, vars?: Record<string, string | number>) => string;

export function fill(s: string, vars?: Record<string, string | number>): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** The features' strings in the chosen language (suspends while a language's chunk loads). */
export function useBundle<A extends Record<string, string>>(a: Bundle<A>): BundleT<A>;
export function useBundle<A extends Record<string, string>, B extends Record<string, string>>(a: Bundle<A>, b: Bundle<B>): BundleT<A & B>;
export function useBundle(a: Bundle<Record<string, string>>, b?: Bundle<Record<string, string>>): BundleT<Record<string, string>> {
  const { lang, t } = useI18n();
  // `use` may be called conditionally; a call site passes the same bundles every render.
  const first = use(a.load(lang));
  const second = b ? use(b.load(lang)) : undefined;
  return useCallback<BundleT<Record<string, string>>>(
    (key, vars) => {
      const own = first[key] ?? second?.[key];
      return own === undefined ? t(key as MessageKey, vars) : fill(own, vars);
    },
    [first, second, t],
  );
}
