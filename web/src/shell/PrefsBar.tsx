import { useI18n } from '../i18n';

/** The two switches shown on every page: 大字模式 (remembered) and the language. */
export function PrefsBar({ compact = false }: { compact?: boolean }) {
  const { t, lang, elder, setElder, setLang } = useI18n();
  return (
    <div className="lx-prefs">
      <button
        type="button"
        className={`lx-chip${elder ? ' is-on' : ''}`}
        aria-pressed={elder}
        title={t('prefs.elderHint')}
        onClick={() => setElder(!elder)}
        data-testid="elder-toggle"
      >
        <span aria-hidden="true" className="lx-chip-aa">
          A<small>A</small>
        </span>
        {!compact && <span>{t('prefs.elder')}</span>}
        {compact && <span className="sr-only">{t('prefs.elder')}</span>}
      </button>
      <button
        type="button"
        className="lx-chip"
        lang={lang === 'zh' ? 'en' : 'zh-CN'}
        aria-label={`${t('prefs.langLabel')}: ${t('prefs.lang')}`}
        onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        data-testid="lang-toggle"
      >
        {t('prefs.lang')}
      </button>
    </div>
  );
}
