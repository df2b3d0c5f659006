import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { type TrackProof, track } from '../../api/endpoints';
import type { RequestDetail } from '../../api/types';
import { ErrorNotice, Loading } from '../../components/Feedback';
import { Field } from '../../components/Field';
import { MobileShell } from '../../components/MobileShell';
import { useI18n } from '../../i18n';
import { RequestStatusView } from './RequestStatusView';

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
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [number, setNumber] = useState(params.get('number') ?? '');
  const [secret, setSecret] = useState(params.get('phone') ?? params.get('code') ?? '');
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [proof, setProof] = useState<TrackProof | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const find = useCallback(
    async (p: TrackProof) => {
      setBusy(true);
      setError(null);
      try {
        setDetail(await track.get(p));
        setProof(p);
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

  // A link from the confirmation page or the recent list carries the proof: look it up at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    const n = params.get('number');
    const phone = params.get('phone');
    const code = params.get('code');
    if (n && code && !phone) void find({ number: n.trim().toUpperCase(), code: code.trim().toUpperCase() });
    else if (n && (phone ?? code)) void find(proofOf(n, (phone ?? code) as string));
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!number.trim() || !secret.trim()) return setError(t('track.notFound'));
    const p = proofOf(number, secret);
    setParams({ number: p.number }, { replace: true });
    void find(p);
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
          <input type="text" name="secret" inputMode="text" autoComplete="tel" value={secret} onChange={(e) => setSecret(e.target.value)} />
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
      {detail && proof && (
        <RequestStatusView
          detail={detail}
          proof={proof}
          onRate={async (r) => {
            setDetail(await track.act(proof, { action: 'rate', ...r }));
            setNotice(t('track.rate.thanks'));
          }}
          onReopen={async (reason) => {
            setDetail(await track.act(proof, { action: 'reopen', reason }));
            setNotice(t('track.reopen.done'));
          }}
        />
      )}
    </MobileShell>
  );
}
