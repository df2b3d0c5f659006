import { cloneElement, type ReactElement, useId } from 'react';
import { useI18n } from '../i18n';

/**
 * A labelled form control with its hint and error tied to it for screen readers
 * (aria-describedby, aria-invalid).
 */
export function Field({
  label,
  hint,
  error,
  required,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
  children: ReactElement<Record<string, unknown>>;
}) {
  const { t } = useI18n();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const control = cloneElement(children, {
    id,
    'aria-describedby': [hintId, errId].filter(Boolean).join(' ') || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
  });
  return (
    <div className={`lx-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="lx-req">
            {' '}
            *<span className="sr-only">{t('common.required')}</span>
          </span>
        ) : null}
      </label>
      {hint && (
        <p className="lx-hint" id={hintId}>
          {hint}
        </p>
      )}
      {control}
      {error && (
        <p className="lx-error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}
