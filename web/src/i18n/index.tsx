import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { type MessageKey, zh } from './zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };

export interface Prefs {
  lang: Lang;
  /** 适老化: large font, high contrast. */
  elder: boolean;
}

const STORAGE_KEY = 'lx.prefs';

function loadPrefs(): Prefs {
  try {
    const p = JSON.parse(localStorage.getItem(STORAGE_KEY) || '{}') as Partial<Prefs>;
    return { lang: p.lang === 'en' ? 'en' : 'zh', elder: p.elder === true };
  } catch {
    return { lang: 'zh', elder: false };
  }
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue extends Prefs {
  t: T;
  locale: string;
  setLang: (l: Lang) => void;
  setElder: (on: boolean) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const s = (lang === 'en' ? en : zh)[key] ?? key;
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
      setLang: (lang) => setPrefs((p) => ({ ...p, lang })),
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
