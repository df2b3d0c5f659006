import { useMemo, useRef, useState } from 'react';
import { Icon } from '../components/CategoryIcon';
import { useI18n } from '../i18n';
import { useOutline } from './data';
import { type GeocodeHit, geocoderFor } from './geocoder';
import { configuredProvider, env } from './providers';

/** Bounds of the district outline, to keep the search inside it. */
function boundsOf(o: GeocoderOutline) {
  let west = 180;
  let south = 90;
  let east = -180;
  let north = -90;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  for (const f of o.features) if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates);
  return { west, south, east, north };
}
type GeocoderOutline = GeoJSON.FeatureCollection;

/**
 * 搜索地址 with the configured provider's geocoder (天地图 / 高德 by key); renders nothing when
 * none is configured (the offline map and the community list still work).
 */
export function AddressSearch({ districtCode, onPick }: { districtCode: string; onPick: (hit: GeocodeHit) => void }) {
  const { t } = useI18n();
  const outline = useOutline();
  const key = env.VITE_GEOCODER_KEY || env.VITE_MAP_KEY;
  const geocoder = useMemo(
    () => (outline ? geocoderFor(configuredProvider.id, key, { bounds: boundsOf(outline), districtCode }) : null),
    [outline, key, districtCode],
  );
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<GeocodeHit[] | null>(null);
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const pending = useRef<AbortController | null>(null);
  if (!geocoder) return null;

  async function search() {
    if (!geocoder || !q.trim()) return;
    pending.current?.abort();
    const ctl = new AbortController();
    pending.current = ctl;
    setState('busy');
    try {
      setHits(await geocoder.search(q.trim(), ctl.signal));
      setState('idle');
    } catch {
      if (!ctl.signal.aborted) setState('failed');
    }
  }

  return (
    <div className="lx-stack" data-testid="address-search">
      {/* not a <form>: the picker sits inside the report form, and Enter here must not submit it */}
      <div className="lx-search">
        <label className="sr-only" htmlFor="address-q">
          {t('map.search')}
        </label>
        <input
          id="address-q"
          type="search"
          value={q}
          maxLength={60}
          placeholder={t('map.searchHint')}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void search();
          }}
        />
        <button type="button" className="lx-btn" aria-label={t('map.search')} disabled={state === 'busy'} onClick={() => void search()}>
          <Icon name="search" size={20} />
        </button>
      </div>
      {state === 'failed' && (
        <p className="lx-error" role="alert">
          {t('map.searchFailed')}
        </p>
      )}
      {hits && state === 'idle' && (hits.length === 0 ? <p className="lx-muted">{t('map.searchNone')}</p> : null)}
      {hits && hits.length > 0 && (
        <ul className="lx-list">
          {hits.map((h) => (
            <li key={`${h.name}|${h.location.lat}|${h.location.lng}`}>
              <button
                type="button"
                className="lx-item"
                onClick={() => {
                  onPick(h);
                  setHits(null);
                }}
              >
                <span className="lx-item-title">{h.name}</span>
                {h.address && <span className="lx-muted"> {h.address}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
