import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { homeOf, useSession } from '../../app/session';
import { ErrorNotice } from '../../components/Feedback';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { MobileShell } from '../../shell/MobileShell';
import { accountText } from './i18n';

export function LoginPage() {
  const { lang } = useI18n();
  const t = useBundle(accountText);
  const { login, user, logout } = useSession();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await login(username.trim(), password);
      const next = params.get('next');
      const target = next?.startsWith('/') && !next.startsWith('//') ? next : homeOf(u);
      // A reset password must be changed before anything else.
      nav(u.mustChangePassword ? `/account/password?next=${encodeURIComponent(target)}` : target, { replace: true });
    } catch (err) {
      // 429 (too many attempts) says when to try again; every other refusal is the same 401.
      setError(err instanceof ApiError && err.status !== 401 ? err.text(lang) : t('login.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <MobileShell title={t('login.title')}>
      <div className="lx-card">
        <h1>{t('login.title')}</h1>
        <p className="lx-muted">{t('login.intro')}</p>
        {user && (
          <div className="lx-alert is-info">
            <p>
              {user.name} · {user.roleName}
            </p>
            <div className="lx-row">
              <button type="button" className="lx-btn is-small is-primary" onClick={() => nav(homeOf(user))}>
                {t('nav.desk')}
              </button>
              <button type="button" className="lx-btn is-small" onClick={() => nav('/account/password')}>
                {t('password.title')}
              </button>
              <button type="button" className="lx-btn is-small" onClick={() => void logout()}>
                {t('nav.logout')}
              </button>
            </div>
          </div>
        )}
        {error && <ErrorNotice error={error} />}
        <form onSubmit={submit} noValidate>
          <Field label={t('login.username')} required>
            <input type="text" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
          </Field>
          <Field label={t('login.password')} required>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          <button type="submit" className="lx-btn is-primary is-block" disabled={busy || !username || !password}>
            {t('login.submit')}
          </button>
        </form>
        <p className="lx-muted" style={{ marginTop: 16 }}>
          {t('login.noAccount')}
        </p>
      </div>
    </MobileShell>
  );
}
