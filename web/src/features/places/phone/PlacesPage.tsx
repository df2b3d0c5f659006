import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { places } from '../../../api/endpoints';
import type { LatLng, Place } from '../../../api/types';
import { useAsync, useUnits } from '../../../app/data';
import { Icon } from '../../../components/CategoryIcon';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { insidePolygon } from '../../../map/coords';
import { loadOutline } from '../../../map/data';
import { LazyMap } from '../../../map/LazyMap';
import { MobileShell } from '../../../shell/MobileShell';
import { type Origin, rememberedOrigin, rememberOrigin, usePlaceTypes } from '../data';
import { placesText } from '../i18n';
import { DISTRICT_CENTRE, districtCentre, metresBetween, typeIcon, typeName } from '../placeText';
import { PlaceSummary } from './PlaceSummary';

const PAGE = 10;
const MAX = 50;

type Geo = 'idle' | 'busy' | 'failed' | 'outside';

function fromParams(p: URLSearchParams) {
  return {
    type: p.get('type') ?? '',
    q: p.get('q') ?? '',
    openOnly: p.get('open') !== '0',
    view: (p.get('view') === 'map' ? 'map' : 'list') as 'map' | 'list',
  };
}

/**
 * 便民地图 for residents and outdoor workers (phone first): pick a type with a big button, see the
 * nearest places (open now by default) as a list or on the map, from the phone's position, a
 * chosen community or the district centre. The state lives in the URL, so coming back from a
 * place restores the list.
 */
export default function PlacesPage() {
  const { lang } = useI18n();
  const t = useBundle(placesText);
  const [params, setParams] = useSearchParams();
  // The choices are kept here and mirrored into the URL: a radio or switch shows its new state at
  // once (the router applies URL changes in a transition), and coming back restores them.
  const [ui, setUi] = useState(() => fromParams(params));
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
    setUi(fromParams(params));
  }, [params]);
  const { type, q, openOnly, view } = ui;
  const types = usePlaceTypes();
  const units = useUnits();
  const [origin, setOrigin] = useState<Origin>(() => rememberedOrigin() ?? { kind: 'centre', point: DISTRICT_CENTRE });
  const [geo, setGeo] = useState<Geo>('idle');
  const [limit, setLimit] = useState(PAGE);
  const [words, setWords] = useState(q);
  const [selected, setSelected] = useState<string | null>(null);
  const centreRef = useRef<LatLng | null>(null);
  // The card of a tapped marker sits under the map: on a phone it starts below the screen, so it
  // is scrolled just into view (the map stays as much on screen as fits).
  const cardRef = useRef<HTMLDivElement>(null);
  const [revealed, setRevealed] = useState(0);
  const tapMarker = useCallback((id: string) => {
    setSelected(id);
    setRevealed((n) => n + 1);
  }, []);
  useEffect(() => {
    if (!revealed) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    cardRef.current?.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }, [revealed]);

  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(latest.current);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      latest.current = next;
      setUi(fromParams(next));
      setParams(next, { replace: true });
      setLimit(PAGE);
      setSelected(null);
    },
    [setParams],
  );

  const choose = useCallback((o: Origin) => {
    setOrigin(o);
    rememberOrigin(o);
  }, []);

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) return setGeo('failed');
    setGeo('busy');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const point = { lat: pos.coords.latitude, lng: pos.coords.longitude };
        loadOutline()
          .then((o) => o.features.some((f) => f.geometry && insidePolygon(point.lng, point.lat, f.geometry)))
          .catch(() => true) // no outline: trust the phone
          .then((inside) => {
            if (!inside) {
              setGeo('outside');
              return choose({ kind: 'centre', point: centreRef.current ?? DISTRICT_CENTRE });
            }
            setGeo('idle');
            choose({ kind: 'gps', point });
          });
      },
      () => setGeo('failed'),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }, [choose]);

  // Ask for the position at once only when the phone already allows it (no prompt on arrival).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    if (origin.kind === 'gps') return;
    navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((s) => s.state === 'granted' && locate())
      .catch(() => undefined);
  }, []);

  const communities = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'community' && u.location), [units.data]);
  const streets = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'street'), [units.data]);

  const centre = useMemo(() => districtCentre(units.data ?? (units.error ? [] : undefined)), [units.data, units.error]);
  centreRef.current = centre;
  const searching = !!type || !!q;
  // the centre waits for the units (its position comes from them)
  const at = origin.kind === 'centre' ? centre : origin.point;
  const found = useAsync<Place[] | null>(async () => {
    if (!searching || !at) return null;
    if (q) {
      const r = await places.list({ type: type || undefined, q, openNow: openOnly ? '1' : undefined, pageSize: 200 });
      return r.items
        .map((p) => ({ ...p, distanceMetres: Math.round(metresBetween(at, p.location)) }))
        .sort((a, b) => a.distanceMetres - b.distanceMetres)
        .slice(0, limit);
    }
    return places.nearest({ lat: at.lat, lng: at.lng, type, openNow: openOnly, limit });
  }, [type, q, openOnly, at?.lat, at?.lng, limit, searching]);

  const typeOf = useCallback((code: string) => types.data?.find((x) => x.code === code), [types.data]);
  const items = found.data ?? [];
  const chosen = items.find((p) => p.id === selected) ?? items[0];
  const mapPlaces = useMemo(
    () =>
      items.map((p) => ({
        id: p.id,
        lat: p.location.lat,
        lng: p.location.lng,
        label: p.name,
        open: p.openNow,
        selected: p.id === chosen?.id,
      })),
    [items, chosen?.id],
  );

  const where =
    origin.kind === 'gps'
      ? t('places.fromMe')
      : origin.kind === 'community'
        ? origin.name.replace(/居委会|村委会$/, '')
        : t('places.fromCentre');

  function search(e: FormEvent) {
    e.preventDefault();
    set({ q: words.trim() });
  }

  const activeTypes = (types.data ?? []).filter((x) => x.active);

  return (
    <MobileShell title={t('places.title')}>
      <h1>{t('places.title')}</h1>
      {!searching && <p className="lx-muted">{t('places.intro')}</p>}

      {types.error && <ErrorNotice error={types.error} onRetry={types.reload} />}
      <fieldset className="lx-ptypes-set">
        <legend>{t('places.pickType')}</legend>
        {!searching && <p className="lx-hint">{t('places.pickHint')}</p>}
        {types.loading && !types.data ? (
          <Loading />
        ) : (
          <div className={`lx-ptypes${searching ? ' is-compact' : ''}`}>
            {activeTypes.map((pt) => (
              <label key={pt.code}>
                <input
                  type="radio"
                  name="place-type"
                  value={pt.code}
                  checked={type === pt.code}
                  onChange={() => set({ type: pt.code })}
                  data-testid={`ptype-${pt.code}`}
                />
                <span className="lx-ptype">
                  <Icon name={typeIcon(pt)} size={searching ? 26 : 36} />
                  <TypeLabel name={typeName(pt, lang)} />
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>

      <section className="lx-card lx-origin" aria-labelledby="origin-where">
        <p className="lx-origin-where" id="origin-where" data-testid="origin" aria-live="polite">
          <Icon name="pin" size={20} />
          <span>{t('places.sortedFrom', { where })}</span>
        </p>
        <div className="lx-origin-controls">
          <button type="button" className="lx-btn is-primary" onClick={locate} disabled={geo === 'busy'} data-testid="near-me">
            <Icon name="locate" size={20} />
            {geo === 'busy' ? t('places.locating') : t('places.nearMe')}
          </button>
          <label className="sr-only" htmlFor="origin-community">
            {t('places.chooseFrom')}
          </label>
          <select
            id="origin-community"
            value={origin.kind === 'community' ? origin.id : ''}
            onChange={(e) => {
              const c = communities.find((u) => u.id === e.target.value);
              if (c?.location) choose({ kind: 'community', id: c.id, name: c.name, point: c.location });
              else choose({ kind: 'centre', point: centre ?? DISTRICT_CENTRE });
              setGeo('idle');
            }}
          >
            <option value="">{origin.kind === 'gps' ? `${t('places.chooseFrom')}…` : t('places.fromCentre')}</option>
            {streets.map((s) => (
              <optgroup key={s.id} label={s.name}>
                {communities
                  .filter((c) => c.parentId === s.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        {(geo === 'failed' || geo === 'outside') && (
          <p className="lx-error" role="alert">
            {geo === 'failed' ? t('places.gpsFailed') : t('places.gpsOutside')}
          </p>
        )}
      </section>

      <div className="lx-places-bar">
        <label className="lx-switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={openOnly}
            checked={openOnly}
            onChange={(e) => set({ open: e.target.checked ? null : '0' })}
            data-testid="open-only"
          />
          <span>{t('places.openOnly')}</span>
        </label>
        <fieldset className="lx-seg lx-view-seg">
          <legend className="sr-only">{t('places.view')}</legend>
          {(['list', 'map'] as const).map((v) => (
            <label key={v}>
              <input
                type="radio"
                name="places-view"
                value={v}
                checked={view === v}
                onChange={() => set({ view: v === 'map' ? 'map' : null })}
              />
              <span>
                <Icon name={v} size={18} />
                {t(`places.${v}`)}
              </span>
            </label>
          ))}
        </fieldset>
      </div>

      <search>
        <form className="lx-search" onSubmit={search}>
          <label className="sr-only" htmlFor="places-q">
            {t('places.search')}
          </label>
          <input
            id="places-q"
            type="search"
            name="q"
            value={words}
            placeholder={t('places.search')}
            onChange={(e) => setWords(e.target.value)}
            maxLength={60}
          />
          <button type="submit" className="lx-btn" aria-label={t('common.search')}>
            <Icon name="search" size={20} />
          </button>
        </form>
      </search>

      <div className="lx-places-results">
        {/* announced when the results change; the heading is for finding them */}
        <p className="sr-only" aria-live="polite">
          {searching && found.data && !found.loading ? t('places.results', { n: items.length }) : ''}
        </p>
        {searching && found.data && (
          <h2 id="places-results" data-testid="results-count">
            {t('places.results', { n: items.length })}
          </h2>
        )}
        {!searching ? null : found.error ? (
          <ErrorNotice error={found.error} onRetry={found.reload} />
        ) : !found.data ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty title={t('places.none')} hint={openOnly ? t('places.noneOpen') : undefined} icon="search" />
        ) : view === 'map' ? (
          <div className="lx-stack">
            <p className="lx-hint">{t('places.mapHint')}</p>
            <LazyMap
              label={t('places.map')}
              height={360}
              places={mapPlaces}
              onPlace={tapMarker}
              me={at}
              meLabel={origin.kind === 'gps' ? t('places.me') : where}
            />
            <ul className="lx-legend" aria-label={t('places.legend')}>
              <li>
                <span className="lx-legend-me" aria-hidden="true" />
                {origin.kind === 'gps' ? t('places.me') : where}
              </li>
              <li>
                <span className="lx-legend-open" aria-hidden="true" />
                {t('places.open')}
              </li>
              {!openOnly && (
                <li>
                  <span className="lx-legend-shut" aria-hidden="true" />
                  {t('places.shut')}
                </li>
              )}
            </ul>
            {chosen && (
              <div aria-live="polite" ref={cardRef} className="lx-place-card" data-testid="place-card">
                <PlaceSummary place={chosen} type={typeOf(chosen.typeCode)} />
              </div>
            )}
          </div>
        ) : (
          <ol className="lx-list lx-places" data-testid="places-list">
            {items.map((p) => (
              <li key={p.id}>
                <PlaceSummary place={p} type={typeOf(p.typeCode)} />
              </li>
            ))}
          </ol>
        )}
        {searching && view === 'list' && items.length >= limit && limit < MAX && (
          <button type="button" className="lx-btn is-block" onClick={() => setLimit((n) => Math.min(MAX, n + PAGE))}>
            {t('places.more')}
          </button>
        )}
      </div>
    </MobileShell>
  );
}

/** "党群服务中心/人大代表联络站" on two lines, the second smaller; one line for the others. */
function TypeLabel({ name }: { name: string }) {
  const [first, ...rest] = name.split('/');
  if (!rest.length) return <span>{name}</span>;
  return (
    <span>
      {first}
      <span className="lx-ptype-more">/{rest.join('/')}</span>
    </span>
  );
}
