import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { requests } from '../../../api/endpoints';
import { unitName, useAsync, useCategories, useUnits } from '../../../app/data';
import { useSession } from '../../../app/session';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { StatusTag } from '../../../components/StatusTag';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { timeLeft } from '../../../i18n/format';
import { MobileShell } from '../../../shell/MobileShell';
import { currentDeadline } from '../actionSpec';
import { requestsText } from '../i18n';

/** 我的待办: open requests of my grid and community; overdue first, then the nearest deadline. */
export default function InboxPage() {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const { user } = useSession();
  const list = useAsync(() => requests.list({ queue: 'mine', pageSize: 100 }), []);
  const cats = useCategories();
  const units = useUnits();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(h);
  }, []);

  const items = (list.data?.items ?? [])
    .map((r) => ({ r, left: timeLeft(currentDeadline(r), t, now) }))
    .sort(
      (a, b) =>
        Number(b.r.overdue || b.left?.overdue) - Number(a.r.overdue || a.left?.overdue) || (a.left?.ms ?? 1e15) - (b.left?.ms ?? 1e15),
    );
  const overdue = items.filter((i) => i.r.overdue || i.left?.overdue).length;

  return (
    <MobileShell title={t('grid.inbox')}>
      <h1>{t('grid.inbox')}</h1>
      <p className="lx-muted">
        {user?.unit?.name} · {t('grid.inboxHint')}
      </p>
      {list.data && (
        <p className="lx-row" aria-live="polite">
          <span className="lx-badge is-warn">{t('grid.total', { n: list.data.total })}</span>
          {overdue > 0 && <span className="lx-badge">{t('grid.overdueCount', { n: overdue })}</span>}
        </p>
      )}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !items.length ? (
        <Empty title={t('grid.empty')} hint={t('grid.emptyHint')} icon="check" />
      ) : (
        <ul className="lx-list" data-testid="inbox">
          {items.map(({ r, left }) => {
            const cat = cats.data?.find((c) => c.code === r.categoryCode);
            const over = r.overdue || left?.overdue;
            return (
              <li key={r.id}>
                <Link className={`lx-item${over ? ' is-overdue' : ''}`} to={`/grid/r/${r.id}`} data-number={r.number}>
                  <div className="lx-item-top">
                    <span>
                      {r.number}
                      {r.urgency === 'urgent' && (
                        <span className="lx-badge" style={{ marginLeft: 6 }}>
                          {t('urgency.urgent')}
                        </span>
                      )}
                      {r.supervised && (
                        <span className="lx-badge is-warn" style={{ marginLeft: 6 }}>
                          {t('detail.supervised')}
                        </span>
                      )}
                    </span>
                    <StatusTag status={r.status} />
                  </div>
                  <div className="lx-item-title">{r.title}</div>
                  <div className="lx-item-meta">
                    <span>{cat ? (lang === 'en' ? cat.nameEn : cat.name) : r.categoryCode}</span>
                    <span>{unitName(units.data, r.gridCode ?? r.communityCode)}</span>
                    {left && <span className={`lx-left${left.overdue ? ' is-over' : ''}`}>{left.text}</span>}
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </MobileShell>
  );
}
