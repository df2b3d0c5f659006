import { Link } from 'react-router';
import { useAsync } from '../../../app/data';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import { inspections, type Round } from '../api';
import { inspText } from '../i18n';
import '../inspections.css';

/** China-time date of today (YYYY-MM-DD), the day rounds are planned for. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** 今日督查: the rounds under way first, then those planned (today's before later ones). */
export default function RoundsPage() {
  const ti = useBundle(inspText);
  const list = useAsync(() => inspections.rounds(), []);
  const day = today();
  const open = (list.data?.items ?? [])
    .filter((r) => r.status !== 'finished')
    .sort(
      (a, b) =>
        Number(b.status === 'in_progress') - Number(a.status === 'in_progress') ||
        Number(b.plannedFor === day) - Number(a.plannedFor === day) ||
        a.plannedFor.localeCompare(b.plannedFor),
    );
  return (
    <MobileShell title={ti('insp.phone.title')}>
      <h1>{ti('insp.phone.title')}</h1>
      <p className="lx-muted">{ti('insp.phone.intro')}</p>
      <p>
        <Link to="/rectify">{ti('insp.orders.title')}</Link>
      </p>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : open.length === 0 ? (
        <Empty title={ti('insp.phone.none')} />
      ) : (
        <ul className="lx-list">
          {open.map((r: Round) => (
            <li key={r.id}>
              <Link className="lx-item" to={`/inspect/${r.id}`} data-testid="round-item">
                <div className="lx-item-top">
                  <span>
                    {r.plannedFor}
                    {r.plannedFor === day ? ` · ${ti('insp.today')}` : ''}
                  </span>
                  <span className="lx-badge">{ti(`insp.status.${r.status}`)}</span>
                </div>
                <div className="lx-item-title">{r.title}</div>
                <div className="lx-item-meta">
                  <span>{ti(`insp.mode.${r.mode}`)}</span>
                  <span>{ti('insp.points.n', { n: r.pointCount })}</span>
                  {r.failCount > 0 && <span>{ti('insp.fails.n', { n: r.failCount })}</span>}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </MobileShell>
  );
}
