import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useAsync } from '../../../app/data';
import { useSession } from '../../../app/session';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import type { ChecklistItem } from '../api';
import { inspText } from '../i18n';
import '../inspections.css';
import { ItemCard } from './ItemCard';
import { keptMarks, type Mark, sendMark } from './marks';
import { QuickFinding } from './QuickFinding';
import { loadRound } from './roundCache';
import { usePosition } from './StampedPhotos';

export type ItemState = { result: Mark['result']; waiting: boolean };

/**
 * Walking one point's checklist item by item: pass / fail / not applicable, photos for a failure,
 * a quick finding at any time. Each mark is sent at once, or kept on the phone without a network.
 */
export default function PointPage() {
  const { id = '', pointId = '' } = useParams();
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { user } = useSession();
  const here = usePosition();
  const round = useAsync(() => loadRound(id), [id]);
  const [states, setStates] = useState<Map<string, ItemState>>(new Map());
  const [at, setAt] = useState(0);
  const [quick, setQuick] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const point = round.data?.points.find((p) => p.id === pointId);
  const items: ChecklistItem[] = useMemo(
    () => round.data?.checklists.find((c) => c.id === point?.checklistId)?.items ?? [],
    [round.data, point?.checklistId],
  );

  // What the server has, then what waits in the outbox; the walk resumes at the first unmarked item.
  useEffect(() => {
    if (!point) return;
    void keptMarks(id).then((kept) => {
      const m = new Map<string, ItemState>();
      for (const e of point.entries) m.set(e.itemId, { result: e.result, waiting: false });
      for (const i of items) {
        const k = kept.get(`${point.id}:${i.id}`);
        if (k) m.set(i.id, { result: k, waiting: true });
      }
      setStates(m);
      const first = items.findIndex((i) => !m.has(i.id));
      setAt(Math.max(first, 0));
    });
  }, [id, point, items]);

  async function mark(m: Mark, advance: boolean): Promise<boolean> {
    const item = items.find((i) => i.id === m.itemId);
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const label = `${point?.name ?? ''}：${item?.title ?? ''}（${ti(`insp.result.${m.result}`)}）`;
      const r = await sendMark(id, m, here, user?.id ?? null, label);
      const waiting = 'kept' in r;
      setStates((s) => new Map(s).set(m.itemId, { result: m.result, waiting }));
      setNotice(waiting ? ti('insp.mark.kept') : null);
      if (advance) setAt((n) => Math.min(n + 1, items.length - 1));
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const item = items[at];
  const done = items.filter((i) => states.has(i.id)).length;
  return (
    <MobileShell title={point?.name ?? ti('insp.phone.title')}>
      <p>
        <Link to={`/inspect/${id}`}>← {round.data?.title ?? ti('insp.phone.title')}</Link>
      </p>
      {round.loading && !round.data ? (
        <Loading />
      ) : round.error || !point ? (
        <ErrorNotice error={round.error ?? ti('insp.points.none')} onRetry={round.reload} />
      ) : (
        <>
          <h1>{point.name}</h1>
          <p className="lx-muted">
            {point.typeName[lang]} · {point.communityName}
            {point.unitName !== point.communityName && ` · ${point.unitName}`}
          </p>
          <p data-testid="walk-progress">{ti('insp.progress', { done, all: items.length })}</p>
          <button
            type="button"
            className="lx-btn is-block"
            onClick={() => setQuick((q) => !q)}
            aria-expanded={quick}
            data-testid="quick-open"
          >
            {ti('insp.quick.open')}
          </button>
          {quick && (
            <QuickFinding
              items={items}
              here={here}
              busy={busy}
              onSubmit={async (m) => {
                if (await mark({ ...m, pointId: point.id }, false)) setQuick(false);
              }}
            />
          )}
          {notice && (
            <p className="lx-outbox" role="status" data-testid="mark-kept">
              {notice}
            </p>
          )}
          {error && <ErrorNotice error={error} />}
          {item && (
            <ItemCard
              key={item.id}
              item={item}
              index={at}
              total={items.length}
              state={states.get(item.id)}
              here={here}
              busy={busy}
              onMark={(m) => void mark({ ...m, pointId: point.id, itemId: item.id }, true)}
              onPrev={at > 0 ? () => setAt(at - 1) : undefined}
              onNext={at < items.length - 1 ? () => setAt(at + 1) : undefined}
            />
          )}
          <h2 className="lx-h2">{ti('insp.items.all')}</h2>
          <ol className="lx-checklist">
            {items.map((i, n) => {
              const s = states.get(i.id);
              return (
                <li key={i.id} className={n === at ? 'is-current' : undefined}>
                  <button type="button" className="lx-link-button" onClick={() => setAt(n)} aria-current={n === at ? 'step' : undefined}>
                    {i.title}
                  </button>{' '}
                  <span className={`lx-mark is-${s?.result ?? 'none'}`} data-testid={`item-state-${n}`}>
                    {s ? ti(`insp.result.${s.result}`) : ti('insp.result.none')}
                    {s?.waiting ? ` · ${ti('insp.waiting')}` : ''}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </MobileShell>
  );
}
