import { Link } from 'react-router';
import { requests } from '../../../api/endpoints';
import { useAsync } from '../../../app/data';
import { useSession } from '../../../app/session';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { StatusTag } from '../../../components/StatusTag';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { MobileShell } from '../../../shell/MobileShell';
import { requestsText } from '../i18n';

export default function MinePage() {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const { user, logout } = useSession();
  const list = useAsync(() => requests.list({ pageSize: 50 }), []);
  return (
    <MobileShell title={t('mine.title')}>
      <div className="lx-row" style={{ justifyContent: 'space-between' }}>
        <h1>{t('mine.title')}</h1>
        <button type="button" className="lx-btn is-small" onClick={() => void logout()}>
          {t('nav.logout')}
        </button>
      </div>
      <p className="lx-muted">{user?.name}</p>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty title={t('mine.empty')} hint={t('mine.emptyHint')}>
          <Link className="lx-btn is-primary" to="/report">
            {t('nav.report')}
          </Link>
        </Empty>
      ) : (
        <ul className="lx-list">
          {list.data.items.map((r) => (
            <li key={r.id}>
              <Link className="lx-item" to={`/mine/${r.id}`}>
                <div className="lx-item-top">
                  <span>{r.number}</span>
                  <StatusTag status={r.status} />
                </div>
                <div className="lx-item-title">{r.title}</div>
                <div className="lx-item-meta">
                  <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, lang)}</time>
                  <span>{t(`plain.${r.status}`)}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </MobileShell>
  );
}
