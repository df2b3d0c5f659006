import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { Icon } from './CategoryIcon';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="lx-loading" role="status" aria-live="polite">
      <span className="lx-spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: ApiError | Error | string; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const msg = typeof error === 'string' ? error : 'text' in error && typeof error.text === 'function' ? error.text(lang) : error.message;
  return (
    <div className="lx-alert is-error" role="alert">
      <p>{msg}</p>
      {onRetry && (
        <button type="button" className="lx-btn is-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ title, hint, icon = 'inbox', children }: { title: string; hint?: string; icon?: string; children?: ReactNode }) {
  return (
    <div className="lx-empty">
      <Icon name={icon} size={48} />
      <p className="lx-empty-title">{title}</p>
      {hint && <p className="lx-muted">{hint}</p>}
      {children}
    </div>
  );
}
