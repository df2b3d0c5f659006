import { useAsync } from '../../app/data';
import { Photos } from '../../components/Photos';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { wishes } from './api';
import { wishText } from './i18n';

/** A wish's steps and its delivery photos, for staff deciding on it (the desk's dialog). */
export function WishHistory({ id }: { id: string }) {
  const tw = useBundle(wishText);
  const { lang } = useI18n();
  const detail = useAsync(() => wishes.get(id), [id]);
  if (!detail.data) return null;
  return (
    <div data-testid="wish-history">
      {detail.data.photos.length > 0 && (
        <>
          <p>{tw('wish.desk.photos')}</p>
          <Photos ids={detail.data.photos} />
        </>
      )}
      <ol className="lx-timeline">
        {detail.data.timeline.map((e) => (
          <li key={`${e.at}-${e.action}`} className="lx-tl-item">
            <div className="lx-tl-head">
              <strong>{e.actionName[lang]}</strong>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
            </div>
            <div className="lx-tl-who">{e.by}</div>
            {e.note && <p className="lx-tl-note">{e.note}</p>}
          </li>
        ))}
      </ol>
    </div>
  );
}
