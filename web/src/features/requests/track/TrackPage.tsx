import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { type TrackProof, track } from '../../../api/endpoints';
import type { TrackedRequest } from '../../../api/types';
import { takeHandedOffProof } from '../../../app/recent';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { Field } from '../../../components/Field';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import { requestsText } from '../i18n';
import { RequestStatusView } from '../RequestStatusView';

/**
 * Follow a request with its number and the phone (or the code given to anonymous reporters).
 * A mobile number (11 digits, spaces or dashes allowed) is the phone; anything else is the code, even all
 * digits (codes are 8 hex characters).
 */
function proofOf(number: string, secret: string): TrackProof {
  const s = secret.trim();
  const digits = s.replace(/\D/g, '');
  return /^[\d\s-]+$/.test(s) && /^1[3-9]\d{9}$/.test(digits)
    ? { number: number.trim().toUpperCase(), phone: digits }
    : { number: number.trim().toUpperCase(), code: s.toUpperCase() };
}

export default function TrackPage() {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const [params, setParams] = useSearchParams();
  // Only the request number ever comes in the address (from the recent list); the phone or code is typed.
  const [number, setNumber] = useState(params.get('number') ?? '');
  const [secret, setSecret] = useState('');
  const [detail, setDetail] = useState<TrackedRequest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const find = useCallback(
    async (p: TrackProof) => {
      setBusy(true);
      setError(null);
      try {
        setDetail(await track.get(p));
      } catch (err) {
        setDetail(null);
        setError(
          err instanceof ApiError && err.status === 404 ? t('track.notFound') : err instanceof ApiError ? err.text(lang) : String(err),
        );
      } finally {
        setBusy(false);
      }
    },
    [t, lang],
  );

  // Coming from the confirmation of a report just filed: its proof was handed over in memory.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    const handed = takeHandedOffProof(params.get('number'));
    if (handed) void find(handed);
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!number.trim() || !secret.trim()) return setError(t('track.notFound'));
    const p = proofOf(number, secret);
    setParams({ number: p.number }, { replace: true });
    void find(p);
  }

  /** Rate and reopen with the short-lived token; a token that ran out asks for the phone again. */
  async function act(body: Parameters<typeof track.act>[1], done: string) {
    if (!detail) return;
    setDetail(await track.act({ access: detail.access.token }, body));
    setNotice(done);
  }

  return (
    <MobileShell title={t('track.title')}>
      <h1>{t('track.title')}</h1>
      <form className="lx-card" onSubmit={submit} noValidate>
        <p className="lx-muted">{t('track.intro')}</p>
        <Field label={t('track.number')} required>
          <input
            type="text"
            name="number"
            autoCapitalize="characters"
            placeholder={t('track.numberPlaceholder')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </Field>
        <Field label={t('track.phoneOrCode')} required>
          <input type="text" name="secret" inputMode="text" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
        </Field>
        <button type="submit" className="lx-btn is-primary is-block" disabled={busy} data-testid="track-find">
          {t('track.find')}
        </button>
      </form>
      <div aria-live="polite">
        {busy && <Loading />}
        {error && <ErrorNotice error={error} />}
        {notice && (
          <div className="lx-alert is-ok" role="status">
            <p>{notice}</p>
          </div>
        )}
      </div>
      {detail?.sms && (
        <label className="lx-notices-mute lx-card" data-testid="track-sms">
          <input
            type="checkbox"
            checked={!detail.sms.muted}
            onChange={(e) => {
              void track
                .setSms({ access: detail.access.token }, !e.target.checked)
                .then(setDetail)
                .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
            }}
          />{' '}
          {t('track.sms')}
        </label>
      )}
      {detail && (
        <RequestStatusView
          detail={detail}
          access={detail.access.token}
          onRate={(r) => act({ action: 'rate', ...r }, t('track.rate.thanks'))}
          onReopen={(reason) => act({ action: 'reopen', reason }, t('track.reopen.done'))}
        />
      )}
    </MobileShell>
  );
}
