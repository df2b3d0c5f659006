import { useCallback, useEffect, useState } from 'react';
import { flush, type OutboxRefusal, type OutboxSent, onOutboxChange, pending, photoCounts } from '../app/outbox';
import { useSession } from '../app/session';
import { useI18n } from '../i18n';

const RETRY_MS = 20_000;

/**
 * "n 条待发送" on every phone page while entries wait in the outbox; sends them when the network
 * returns (and every 20 s while any wait), then shows what the server answered — the number, and
 * the code to follow a request filed without a phone — until dismissed (kept in memory only), and
 * which entries it refused. Photos taken offline wait with their entry and are counted apart.
 */
export function OutboxBar() {
  const { t } = useI18n();
  const { user } = useSession();
  const me = user?.id ?? null;
  const [count, setCount] = useState(0);
  const [photos, setPhotos] = useState(0);
  const [sent, setSent] = useState<OutboxSent[]>([]);
  const [refused, setRefused] = useState<OutboxRefusal[]>([]);
  const [sending, setSending] = useState(false);

  const refresh = useCallback(() => {
    Promise.all([pending(), photoCounts()])
      .then(([p, perEntry]) => {
        const mine = p.filter((e) => e.owner === null || e.owner === me);
        setCount(mine.length);
        setPhotos(mine.reduce((n, e) => n + (perEntry.get(e.key) ?? 0), 0));
      })
      .catch(() => setCount(0));
  }, [me]);

  const send = useCallback(async () => {
    setSending(true);
    try {
      const r = await flush(me);
      if (r.sent.length) setSent((old) => [...old, ...r.sent]);
      if (r.refused.length) setRefused((old) => [...old, ...r.refused]);
    } catch {
      // IndexedDB unavailable (private mode): nothing was kept, nothing to send.
    } finally {
      setSending(false);
    }
  }, [me]);

  useEffect(() => {
    refresh();
    const off = onOutboxChange(refresh);
    const online = () => void send();
    window.addEventListener('online', online);
    return () => {
      off();
      window.removeEventListener('online', online);
    };
  }, [refresh, send]);

  useEffect(() => {
    if (count === 0) return;
    void send();
    const timer = setInterval(() => void send(), RETRY_MS);
    return () => clearInterval(timer);
  }, [count, send]);

  if (count === 0 && refused.length === 0 && sent.length === 0) return null;
  return (
    <div className="lx-outbox" role="status" data-testid="outbox">
      {count > 0 && (
        <p data-testid="outbox-pending">
          <strong>{t('outbox.pending', { n: count })}</strong>
          {photos > 0 && <span data-testid="outbox-photos">{t('outbox.photos', { n: photos })}</span>} {t('outbox.hint')}{' '}
          <button type="button" className="lx-link-button" onClick={() => void send()} disabled={sending}>
            {sending ? t('outbox.sending') : t('outbox.sendNow')}
          </button>
        </p>
      )}
      {sent.map((s) => (
        <p key={`${s.label}-${s.number}`} data-testid="outbox-sent">
          {s.trackCode
            ? t('outbox.sentWithCode', { label: s.label, number: s.number ?? '', code: s.trackCode })
            : t('outbox.sent', { label: s.label, number: s.number ?? '' })}
        </p>
      ))}
      {refused.map((r) => (
        <p key={`${r.label}-${r.message}`} className="lx-outbox-refused">
          {t('outbox.refused', { label: r.label, message: r.message })}
        </p>
      ))}
      {count === 0 && (
        <button
          type="button"
          className="lx-link-button"
          onClick={() => {
            setSent([]);
            setRefused([]);
          }}
        >
          {t('outbox.dismiss')}
        </button>
      )}
    </div>
  );
}
