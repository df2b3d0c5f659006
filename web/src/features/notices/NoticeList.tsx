import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { notices } from '../../api/endpoints';
import type { Notice } from '../../api/types';
import { useAsync } from '../../app/data';
import { homeOf, useSession } from '../../app/session';
import { ErrorNotice, Loading } from '../../components/Feedback';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { noticesText } from './i18n';

/** Where a notice's work item opens for this user. */
function pathOf(n: Notice, home: string): string | null {
  if (n.entityType !== 'request') return null;
  if (home === '/grid') return `/grid/r/${n.entityId}`;
  if (home === '/desk') return `/desk/r/${n.entityId}`;
  return `/mine/${n.entityId}`;
}

/** The inbox, shared by the phone page and the desk: newest first, unread in bold; opening one marks it read. */
export function NoticeList() {
  const { lang } = useI18n();
  const t = useBundle(noticesText);
  const { user } = useSession();
  const nav = useNavigate();
  const [page, setPage] = useState(1);
  const list = useAsync(() => notices.list(lang, page), [lang, page]);
  const [error, setError] = useState<string | null>(null);
  const prefs = useAsync(() => notices.preferences(), []);

  async function setMuted(muted: boolean) {
    await notices.setMuted(muted);
    prefs.reload();
  }

  async function open(n: Notice) {
    try {
      if (!n.read) await notices.read(n.id);
      window.dispatchEvent(new Event('lx-notices-read'));
      const to = user ? pathOf(n, homeOf(user)) : null;
      if (to) nav(to);
      else list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  async function readAll() {
    await notices.readAll();
    window.dispatchEvent(new Event('lx-notices-read'));
    list.reload();
  }

  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  const items = list.data?.items ?? [];
  return (
    <section className="lx-notices" aria-labelledby="lx-notices-title">
      <div className="lx-notices-head">
        <h1 id="lx-notices-title">{t('notices.title')}</h1>
        {(list.data?.unread ?? 0) > 0 && (
          <button type="button" className="lx-link-button" onClick={() => void readAll()}>
            {t('notices.readAll')}
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      {items.length === 0 ? (
        <p className="lx-muted">{t('notices.empty')}</p>
      ) : (
        <ul className="lx-notice-list">
          {items.map((n) => (
            <li key={n.id}>
              <button type="button" className={`lx-notice${n.read ? '' : ' is-unread'}`} onClick={() => void open(n)}>
                {!n.read && <span className="sr-only">{t('notices.unread')}</span>}
                <span className="lx-notice-text">{n.text}</span>
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lang)}</time>
              </button>
            </li>
          ))}
        </ul>
      )}
      {prefs.data && (
        <label className="lx-notices-mute">
          <input type="checkbox" checked={prefs.data.muted} onChange={(e) => void setMuted(e.target.checked)} /> {t('notices.mute')}
        </label>
      )}
      <div className="lx-notices-pages">
        {page > 1 && (
          <button type="button" className="lx-link-button" onClick={() => setPage(page - 1)}>
            {t('notices.newer')}
          </button>
        )}
        {items.length === 20 && (
          <button type="button" className="lx-link-button" onClick={() => setPage(page + 1)}>
            {t('notices.older')}
          </button>
        )}
      </div>
    </section>
  );
}
