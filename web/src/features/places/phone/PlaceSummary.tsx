import { Link, useLocation } from 'react-router';
import type { Place, PlaceType } from '../../../api/types';
import { Icon } from '../../../components/CategoryIcon';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { placesText } from '../i18n';
import { formatDistance, hoursText, keyFacts, typeIcon, typeName, walkMinutes } from '../placeText';

/** Open now, in words and not by colour alone. */
export function OpenState({ place }: { place: Pick<Place, 'openNow' | 'status'> }) {
  const t = useBundle(placesText);
  const cls = place.openNow ? 'is-open' : 'is-shut';
  const text = place.status === 'closed' ? t('places.suspended') : place.openNow ? t('places.open') : t('places.shut');
  return (
    <span className={`lx-open ${cls}`} data-testid="open-state">
      <span className="lx-open-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** One place in the list (or under the map): name, distance, open now, hours, key facilities. */
export function PlaceSummary({ place, type }: { place: Place; type: PlaceType | undefined }) {
  const { lang } = useI18n();
  const t = useBundle(placesText);
  const loc = useLocation();
  const facts = keyFacts(type, place.attrs, t, lang);
  const d = place.distanceMetres;
  const walk = d === undefined ? null : walkMinutes(d);
  return (
    <Link
      className="lx-item lx-place"
      to={`/places/${place.id}`}
      state={{ back: loc.pathname + loc.search }}
      data-testid="place-item"
      data-distance={d}
      data-open={place.openNow ? '1' : '0'}
    >
      <span className="lx-place-icon" aria-hidden="true">
        <Icon name={typeIcon(type)} size={26} />
      </span>
      <span className="lx-place-body">
        <span className="lx-place-head">
          <strong className="lx-item-title">{place.name}</strong>
          {d !== undefined && (
            <span className="lx-place-dist" data-testid="distance">
              {formatDistance(d, t)}
            </span>
          )}
        </span>
        <span className="lx-item-meta">
          <OpenState place={place} />
          <span className="lx-place-type">{typeName(type, lang, place.typeName)}</span>
        </span>
        <span className="lx-place-hours">
          <Icon name="clock" size={16} />
          <span data-testid="hours">{hoursText(place.hours, t)}</span>
        </span>
        {facts.length > 0 && (
          <span className="lx-tags" data-testid="facts">
            {facts.map((f) => (
              <span key={f} className="lx-tag">
                {f}
              </span>
            ))}
          </span>
        )}
        {(place.address || walk) && (
          <span className="lx-place-where">
            {place.address}
            {place.address && walk ? ' · ' : ''}
            {walk ? t('places.walk', { n: walk }) : ''}
          </span>
        )}
      </span>
    </Link>
  );
}
