import { createContext, type ReactNode, startTransition, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { MessageKey } from './zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };

export interface Prefs {
  lang: Lang;
  /** 适老化: large font, high contrast. */
  elder: boolean;
}

const STORAGE_KEY = 'lx.prefs';

export function loadPrefs(): Prefs {
  try {
    const p = JSON.parse(localStorage.getItem(STORAGE_KEY) || '{}') as Partial<Prefs>;
    return { lang: p.lang === 'en' ? 'en' : 'zh', elder: p.elder === true };
  } catch {
    return { lang: 'zh', elder: false };
  }
}

/**
 * The shared words, one chunk per language: main.tsx loads the remembered language before the
 * first render, the switch loads the other one before it switches. A feature's own strings are
 * in its bundle (bundle.ts).
 */
const core: Partial<Record<Lang, Record<MessageKey, string>>> = {};
const coreLoaders: Record<Lang, () => Promise<Record<MessageKey, string>>> = {
  zh: () => import('./zh').then((m) => m.zh),
  en: () => import('./en').then((m) => m.en),
};
const pending: Partial<Record<Lang, Promise<void>>> = {};

export function loadLanguage(lang: Lang): Promise<void> {
  pending[lang] ??= coreLoaders[lang]().then(
    (m) => {
      core[lang] = m;
    },
    (e: unknown) => {
      delete pending[lang]; // a later switch tries again
      throw e;
    },
  );
  return pending[lang];
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue extends Prefs {
  t: T;
  locale: string;
  setLang: (l: Lang) => void;
  setElder: (on: boolean) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

/** A shared word in a loaded language (the key itself if that language is not loaded yet). */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const s = core[lang]?.[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Prefs>(loadPrefs);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
    document.documentElement.lang = prefs.lang === 'en' ? 'en' : 'zh-CN';
    document.documentElement.classList.toggle('elder', prefs.elder);
  }, [prefs]);
  const t = useCallback<T>((key, vars) => translate(prefs.lang, key, vars), [prefs.lang]);
  const value = useMemo<I18nValue>(
    () => ({
      ...prefs,
      t,
      locale: prefs.lang === 'en' ? 'en-GB' : 'zh-CN',
      // The other language's shared words arrive first; the page keeps showing the old language
      // (a transition) while its bundles load theirs.
      setLang: (lang) => {
        loadLanguage(lang).then(
          () => startTransition(() => setPrefs((p) => ({ ...p, lang }))),
          () => undefined, // offline: stay in the language we have
        );
      },
      setElder: (elder) => setPrefs((p) => ({ ...p, elder })),
    }),
    [prefs, t],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside PrefsProvider');
  return v;
}
