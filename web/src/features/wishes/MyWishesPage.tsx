import { Link } from 'react-router';
import { useAsync } from '../../app/data';
import { Empty, ErrorNotice, Loading } from '../../components/Feedback';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { MobileShell } from '../../shell/MobileShell';
import { wishes } from './api';
import { wishText } from './i18n';
import './wishes.css';

/** 我的心愿: the person follows each wish they posted (they are also told of each step) and confirms a delivery. */
export default function MyWishesPage() {
  const tw = useBundle(wishText);
  const { lang } = useI18n();
  const list = useAsync(() => wishes.mine(), []);
  return (
    <MobileShell title={tw('wish.mine.title')}>
      <h1>{tw('wish.mine.title')}</h1>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty title={tw('wish.mine.empty')} icon="heart">
          <Link className="lx-btn is-primary" to="/wishes/new">
            {tw('wish.board.post')}
          </Link>
        </Empty>
      ) : (
        <ul className="lx-list">
          {list.data.items.map((w) => (
            <li key={w.id} className="lx-item lx-wish">
              <div className="lx-item-top">
                <span>{w.number}</span>
                <span className="lx-badge">{tw(`wish.status.${w.status}`)}</span>
              </div>
              <p className="lx-wish-text">{w.title}</p>
              <div className="lx-item-meta">
                <time dateTime={w.createdAt}>{formatDateTime(w.createdAt, lang)}</time>
              </div>
              {w.declineReason && <p className="lx-alert is-info">{tw('wish.mine.declined', { reason: w.declineReason })}</p>}
              {w.status === 'fulfilled' && (
                <button
                  type="button"
                  className="lx-btn is-primary is-block"
                  onClick={() => void wishes.act(w.id, { action: 'confirm', version: w.version }).then(list.reload)}
                >
                  {tw('wish.mine.confirm')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </MobileShell>
  );
}
