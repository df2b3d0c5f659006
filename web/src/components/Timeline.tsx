import type { TimelineEvent } from '../api/types';
import { type Lang, type T, useI18n } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { Photos } from './Photos';

const RATING_KEYS = { satisfied: 'rating.satisfied', basic: 'rating.basic', unsatisfied: 'rating.unsatisfied' } as const;

/**
 * Who acted, in the reader's language: a person's name stays as written; the stored Chinese
 * labels (群众, 诉求人, 工作人员, 系统(自动派单) …) are named from the actor's kind.
 */
function actorName(e: TimelineEvent, lang: Lang, t: T): string {
  if (lang === 'zh' || !e.actor.kind) return e.actor.name;
  const named = (e.actor.kind === 'staff' && e.actor.id !== null) || e.actor.kind === 'open311';
  return named ? e.actor.name : t(`actor.${e.actor.kind}`);
}

/** The immutable history of a request, newest last, as an ordered list. */
export function Timeline({ events, access }: { events: TimelineEvent[]; access?: string }) {
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
            <div className="lx-tl-who">{actorName(e, lang, t)}</div>
            {rating && <p className="lx-tl-note">{t(rating)}</p>}
            {e.note && <p className="lx-tl-note">{e.note}</p>}
            <Photos ids={e.photos} access={access} />
          </li>
        );
      })}
    </ol>
  );
}
