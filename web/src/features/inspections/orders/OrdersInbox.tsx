import { Link } from 'react-router';
import { useAsync } from '../../../app/data';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { MobileShell } from '../../../shell/MobileShell';
import { inspections, type Order, rectification } from '../api';
import { inspText } from '../i18n';
import '../inspections.css';
import { SimilarChecks } from './SimilarChecks';

/** The unit's inbox of rectification orders (整改): open and answered, overdue first, then the nearest deadline. */
export default function OrdersInbox() {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const list = useAsync(() => rectification.orders({ pageSize: 200 }), []);
  const checks = useAsync(() => inspections.similarChecks('pending'), []);
  const rank = (o: Order) => (o.status === 'open' ? 0 : o.status === 'answered' ? 1 : 2);
  const items = [...(list.data?.items ?? [])]
    .filter((o) => o.status === 'open' || o.status === 'answered')
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || rank(a) - rank(b) || a.deadlineAt.localeCompare(b.deadlineAt));
  return (
    <MobileShell title={ti('insp.orders.title')}>
      <h1>{ti('insp.orders.title')}</h1>
      <p className="lx-muted">{ti('insp.orders.intro')}</p>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <Empty title={ti('insp.orders.none')} />
      ) : (
        <ul className="lx-list">
          {items.map((o) => (
            <li key={o.id}>
              <Link
                className={`lx-item${o.overdue ? ' is-overdue' : ''}`}
                to={`/rectify/${o.id}`}
                data-testid="order-item"
                data-order={o.id}
              >
                <div className="lx-item-top">
                  <span>{o.pointName ?? o.unitName}</span>
                  <span className="lx-badge">{o.statusName[lang]}</span>
                </div>
                <div className="lx-item-title">{o.title}</div>
                <div className="lx-item-meta">
                  <span className={`lx-left${o.overdue ? ' is-over' : ''}`}>
                    {o.overdue ? ti('insp.order.overdue') : ti('insp.order.deadline', { at: formatDateTime(o.deadlineAt, lang) })}
                  </span>
                  {o.reworkCount > 0 && <span>{ti('insp.order.rework', { n: o.reworkCount })}</span>}
                  {o.recurring && <span>{ti('insp.order.recurring')}</span>}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {(checks.data?.length ?? 0) > 0 && <SimilarChecks checks={checks.data ?? []} onAnswered={checks.reload} />}
    </MobileShell>
  );
}
