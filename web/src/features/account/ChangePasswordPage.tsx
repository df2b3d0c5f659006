import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { auth } from '../../api/endpoints';
import { homeOf, useSession } from '../../app/session';
import { ErrorNotice } from '../../components/Feedback';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { MobileShell } from '../../shell/MobileShell';
import { accountText } from './i18n';

/** 修改密码, for every signed-in user; after a reset it is the only page the session may use. */
export default function ChangePasswordPage() {
  const { lang } = useI18n();
  const t = useBundle(accountText);
  const { user, passwordChanged } = useSession();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [fieldError, setFieldError] = useState<{ field: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (next !== again) {
      setFieldError({ field: 'again', text: t('password.mismatch') });
      return;
    }
    setBusy(true);
    try {
      await auth.changePassword(current, next);
      passwordChanged();
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.field) setFieldError({ field: err.field, text: err.text(lang) });
      else setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (f: string) => (fieldError?.field === f ? fieldError.text : null);
  const back = params.get('next');
  const home = back?.startsWith('/') && !back.startsWith('//') ? back : user ? homeOf(user) : '/';
  return (
    <MobileShell title={t('password.title')}>
      <div className="lx-card">
        <h1>{t('password.title')}</h1>
        {user?.mustChangePassword && !done ? (
          <div className="lx-alert is-info" role="status">
            <p>{t('password.forced')}</p>
          </div>
        ) : null}
        {done ? (
          <div className="lx-alert is-ok" role="status">
            <p>{t('password.done')}</p>
            <button type="button" className="lx-btn is-primary" onClick={() => nav(home, { replace: true })}>
              {t('password.continue')}
            </button>
          </div>
        ) : (
          <>
            <p className="lx-muted">{t('password.rules')}</p>
            {error && <ErrorNotice error={error} />}
            <form onSubmit={submit} noValidate>
              <input type="text" name="username" autoComplete="username" value={user?.name ?? ''} readOnly hidden />
              <Field label={t('password.current')} required error={errorOf('currentPassword')}>
                <input
                  type="password"
                  name="current-password"
                  autoComplete="current-password"
                  value={current}
                  onChange={(e) => setCurrent(e.target.value)}
                />
              </Field>
              <Field label={t('password.new')} required error={errorOf('newPassword')} hint={t('password.hint')}>
                <input
                  type="password"
                  name="new-password"
                  autoComplete="new-password"
                  value={next}
                  onChange={(e) => setNext(e.target.value)}
                />
              </Field>
              <Field label={t('password.again')} required error={errorOf('again')}>
                <input
                  type="password"
                  name="new-password-again"
                  autoComplete="new-password"
                  value={again}
                  onChange={(e) => setAgain(e.target.value)}
                />
              </Field>
              <button type="submit" className="lx-btn is-primary is-block" disabled={busy || !current || !next || !again}>
                {t('password.submit')}
              </button>
            </form>
          </>
        )}
      </div>
    </MobileShell>
  );
}
