import { type TrackProof, uploads } from '../api/endpoints';
import { useI18n } from '../i18n';

/** Thumbnails of uploaded photos; each opens full size. */
export function Photos({ ids, proof }: { ids: string[]; proof?: TrackProof }) {
  const { t } = useI18n();
  if (!ids.length) return null;
  return (
    <ul className="lx-photo-list is-view">
      {ids.map((id, n) => {
        const url = uploads.url(id, proof);
        return (
          <li key={id} className="lx-thumb">
            <a href={url} target="_blank" rel="noreferrer">
              <img src={url} alt={`${t('detail.photos')} ${n + 1}`} loading="lazy" />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
