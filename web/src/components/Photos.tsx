import { uploads } from '../api/endpoints';
import { useI18n } from '../i18n';

/** Thumbnails of uploaded photos; each opens full size. `access`: a tracked request's short-lived token. */
export function Photos({ ids, access }: { ids: string[]; access?: string }) {
  const { t } = useI18n();
  if (!ids.length) return null;
  return (
    <ul className="lx-photo-list is-view">
      {ids.map((id, n) => {
        const url = uploads.url(id, access);
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
