import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useAsync } from '../../../app/data';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import { inspections, type RoundDetail } from '../api';
import { rateText } from '../format';
import { inspText } from '../i18n';
import '../inspections.css';
import { keptMarks } from './marks';
import { loadRound } from './roundCache';

/** One round on the phone: start it, the points with how far each is marked, finish it. */
export default function RoundPage() {
  const { id = '' } = useParams();
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const round = useAsync(() => loadRound(id), [id]);
  const [kept, setKept] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void keptMarks(id).then(setKept);
  }, [id]);

  async function act(r: RoundDetail, action: 'start' | 'finish') {
    setBusy(true);
    setError(null);
    try {
      await inspections.roundAction(r.id, action, r.version);
      round.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  const r = round.data;
  return (
    <MobileShell title={r?.title ?? ti('insp.phone.title')}>
      <p>
        <Link to="/inspect">← {ti('insp.phone.title')}</Link>
      </p>
      {round.loading && !r ? (
        <Loading />
      ) : round.error || !r ? (
        <ErrorNotice error={round.error ?? ''} onRetry={round.reload} />
      ) : (
        <>
          <h1>{r.title}</h1>
          <p className="lx-muted">
            {ti(`insp.mode.${r.mode}`)} · {r.plannedFor} · {ti(`insp.status.${r.status}`)}
            {r.score.rate !== null && ` · ${ti('insp.rate')} ${rateText(r.score.rate, lang)}`}
          </p>
          {error && <ErrorNotice error={error} />}
          {r.actions.includes('start') && (
            <button
              type="button"
              className="lx-btn is-primary is-block"
              disabled={busy}
              onClick={() => void act(r, 'start')}
              data-testid="round-start"
            >
              {ti('insp.round.start')}
            </button>
          )}
          {r.points.length === 0 ? (
            <Empty title={ti('insp.points.none')} />
          ) : (
            <ul className="lx-list">
              {r.points.map((p) => {
                const items = r.checklists.find((c) => c.id === p.checklistId)?.items ?? [];
                const marked = new Set([
                  ...p.entries.map((e) => e.itemId),
                  ...items.filter((i) => kept.has(`${p.id}:${i.id}`)).map((i) => i.id),
                ]);
                const fails = p.entries.filter((e) => e.result === 'fail').length;
                return (
                  <li key={p.id}>
                    <Link className="lx-item" to={`/inspect/${r.id}/p/${p.id}`} data-testid="round-point">
                      <div className="lx-item-top">
                        <span>{p.typeName[lang]}</span>
                        <span>{ti('insp.progress', { done: marked.size, all: items.length })}</span>
                      </div>
                      <div className="lx-item-title">{p.name}</div>
                      <div className="lx-item-meta">
                        <span>{p.communityName}</span>
                        {p.unitName !== p.communityName && <span>{p.unitName}</span>}
                        {fails > 0 && <span className="lx-left is-over">{ti('insp.fails.n', { n: fails })}</span>}
                        {p.score.rate !== null && <span>{rateText(p.score.rate, lang)}</span>}
                      </div>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
          {r.actions.includes('finish') && (
            <button
              type="button"
              className="lx-btn is-block"
              disabled={busy}
              onClick={() => void act(r, 'finish')}
              data-testid="round-finish"
            >
              {ti('insp.round.finish')}
            </button>
          )}
        </>
      )}
    </MobileShell>
  );
}
