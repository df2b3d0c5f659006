import type { TrackProof } from '../api/endpoints';
import type { TimelineEvent } from '../api/types';
import { useI18n } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { Photos } from './Photos';

const RATING_KEYS = { satisfied: 'rating.satisfied', basic: 'rating.basic', unsatisfied: 'rating.unsatisfied' } as const;

/** The immutable history of a request, newest last, as an ordered list. */
export function Timeline({ events, proof }: { events: TimelineEvent[]; proof?: TrackProof }) {
  const { t, lang } = useI18n();
  return (
    <ol className="lx-timeline">
      {events.map((e) => {
        const rating = typeof e.data?.rating === 'string' ? RATING_KEYS[e.data.rating as keyof typeof RATING_KEYS] : undefined;
        return (
          <li key={e.id} className={`lx-tl-item is-${e.action}`}>
            <div className="lx-tl-head">
              <strong>{lang === 'en' ? e.actionName.en : e.actionName.zh}</strong>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
            </div>
            <div className="lx-tl-who">{e.actor.name}</div>
            {rating && <p className="lx-tl-note">{t(rating)}</p>}
            {e.note && <p className="lx-tl-note">{e.note}</p>}
            <Photos ids={e.photos} proof={proof} />
          </li>
        );
      })}
    </ol>
  );
}
