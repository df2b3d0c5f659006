import { useCallback, useEffect, useState } from 'react';
import { flush, type OutboxRefusal, onOutboxChange, pending } from '../app/outbox';
import { useI18n } from '../i18n';

const RETRY_MS = 20_000;

/**
 * "n 条待发送" on every phone page while entries wait in the outbox; sends them when the network
 * returns (and every 20 s while any wait), and says which the server refused.
 */
export function OutboxBar() {
  const { t } = useI18n();
  const [count, setCount] = useState(0);
  const [refused, setRefused] = useState<OutboxRefusal[]>([]);
  const [sending, setSending] = useState(false);

  const refresh = useCallback(() => {
    pending()
      .then((p) => setCount(p.length))
      .catch(() => setCount(0));
  }, []);

  const send = useCallback(async () => {
    setSending(true);
    try {
      const r = await flush();
      if (r.length) setRefused((old) => [...old, ...r]);
    } catch {
      // IndexedDB unavailable (private mode): nothing was kept, nothing to send.
    } finally {
      setSending(false);
    }
  }, []);

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

  if (count === 0 && refused.length === 0) return null;
  return (
    <div className="lx-outbox" role="status" data-testid="outbox">
      {count > 0 && (
        <p>
          <strong>{t('outbox.pending', { n: count })}</strong> {t('outbox.hint')}{' '}
          <button type="button" className="lx-link-button" onClick={() => void send()} disabled={sending}>
            {sending ? t('outbox.sending') : t('outbox.sendNow')}
          </button>
        </p>
      )}
      {refused.map((r) => (
        <p key={`${r.label}-${r.message}`} className="lx-outbox-refused">
          {t('outbox.refused', { label: r.label, message: r.message })}
        </p>
      ))}
    </div>
  );
}
