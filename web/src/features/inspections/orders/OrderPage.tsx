import { Link, useParams } from 'react-router';
import { useAsync } from '../../../app/data';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { Photos } from '../../../components/Photos';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { MobileShell } from '../../../shell/MobileShell';
import { type OrderDetail, rectification } from '../api';
import { inspText } from '../i18n';
import '../inspections.css';
import { OrderActions } from './OrderActions';

/** One rectification order on a phone: before and after photos side by side, its history, and what I may do. */
export default function OrderPage() {
  const { id = '' } = useParams();
  const ti = useBundle(inspText);
  const order = useAsync(() => rectification.order(id), [id]);
  const o = order.data;
  return (
    <MobileShell title={o?.title ?? ti('insp.orders.title')}>
      <p>
        <Link to="/rectify">← {ti('insp.orders.title')}</Link>
      </p>
      {order.loading && !o ? (
        <Loading />
      ) : order.error || !o ? (
        <ErrorNotice error={order.error ?? ''} onRetry={order.reload} />
      ) : (
        <>
          <OrderSummary order={o} />
          <OrderActions key={`${o.id}-${o.version}`} order={o} onDone={order.reload} />
          <OrderHistory order={o} />
        </>
      )}
    </MobileShell>
  );
}

export function OrderSummary({ order: o }: { order: OrderDetail }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  return (
    <>
      <h1>{o.title}</h1>
      <p className="lx-muted">
        {o.pointName ?? ''} · {o.unitName} · <span data-testid="order-status">{o.statusName[lang]}</span>
      </p>
      <dl className="lx-kv">
        <dt>{ti('insp.order.deadlineLabel')}</dt>
        <dd className={o.overdue ? 'lx-left is-over' : undefined}>
          {formatDateTime(o.deadlineAt, lang)}
          {o.overdue ? ` · ${ti('insp.order.overdue')}` : ''}
        </dd>
        {o.reworkCount > 0 && (
          <>
            <dt>{ti('insp.order.reworkLabel')}</dt>
            <dd>{o.reworkCount}</dd>
          </>
        )}
        {o.recurring && (
          <>
            <dt>{ti('insp.order.recurring')}</dt>
            <dd>✓</dd>
          </>
        )}
      </dl>
      <div className="lx-before-after">
        <figure>
          <figcaption>{ti('insp.order.before')}</figcaption>
          {o.beforePhotos.length ? <Photos ids={o.beforePhotos} /> : <p className="lx-muted">—</p>}
        </figure>
        <figure>
          <figcaption>{ti('insp.order.after')}</figcaption>
          {o.afterPhotos.length ? <Photos ids={o.afterPhotos} /> : <p className="lx-muted">{ti('insp.order.noAfter')}</p>}
        </figure>
      </div>
    </>
  );
}

export function OrderHistory({ order: o }: { order: OrderDetail }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  return (
    <section aria-labelledby="order-tl-h">
      <h2 id="order-tl-h" className="lx-h2">
        {ti('insp.order.history')}
      </h2>
      <ol className="lx-timeline">
        {o.timeline.map((e) => (
          <li key={`${e.at}-${e.action}`} className="lx-tl-item">
            <div className="lx-tl-head">
              <strong>{e.actionName[lang]}</strong> <span className="lx-muted">{formatDateTime(e.at, lang)}</span>
            </div>
            {e.actorName && <div className="lx-tl-who">{e.actorName}</div>}
            {e.note && <p className="lx-tl-note">{e.note}</p>}
            <Photos ids={e.photos} />
          </li>
        ))}
      </ol>
    </section>
  );
}
