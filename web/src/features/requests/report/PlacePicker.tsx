import { useMemo, useState } from 'react';
import type { LatLng, Unit } from '../../../api/types';
import { Icon } from '../../../components/CategoryIcon';
import { Field } from '../../../components/Field';
import { useBundle } from '../../../i18n/bundle';
import { AddressSearch } from '../../../map/AddressSearch';
import { insidePolygon } from '../../../map/coords';
import { loadOutline } from '../../../map/data';
import { LazyMap } from '../../../map/LazyMap';
import { whereabouts, whereText } from '../../../map/orient';
import { requestsText } from '../i18n';

export interface Place {
  mode: 'map' | 'community';
  location: LatLng | null;
  communityCode: string;
  address: string;
}

/**
 * Where: a point on the map (or the phone's GPS), or the community chosen from a list. Staff
 * entering a caller's report (`forCaller`) place what the caller describes: no "my position".
 */
export function PlacePicker({
  units,
  value,
  onChange,
  error,
  forCaller = false,
}: {
  units: Unit[];
  value: Place;
  onChange: (p: Place) => void;
  error?: string | null;
  forCaller?: boolean;
}) {
  const t = useBundle(requestsText);
  const [gps, setGps] = useState<'idle' | 'busy' | 'failed' | 'outside'>('idle');
  const streets = useMemo(() => units.filter((u) => u.kind === 'street'), [units]);
  const communities = useMemo(() => units.filter((u) => u.kind === 'community'), [units]);
  const points = useMemo(
    () => communities.filter((c) => c.location).map((c) => ({ lat: c.location!.lat, lng: c.location!.lng, label: c.name })),
    [communities],
  );

  // the point in words: the nearest community (grid, street), never coordinates
  const chosenWhere = useMemo(() => {
    if (!value.location) return '';
    const w = whereabouts(value.location, units);
    return w ? whereText(w, t) : t('report.pointOnMap');
  }, [value.location, units, t]);

  async function pick(p: LatLng, fromGps = false, address?: string) {
    try {
      const outline = await loadOutline();
      const inside = outline.features.some((f) => f.geometry && insidePolygon(p.lng, p.lat, f.geometry));
      if (!inside) {
        setGps(fromGps ? 'outside' : 'idle');
        if (fromGps) return;
      }
    } catch {
      // no outline: accept the point; the server locates it
    }
    if (fromGps) setGps('idle');
    // an address found by search fills the address field unless the person wrote one
    onChange({ ...value, mode: 'map', location: p, address: value.address || address || '' });
  }

  function locate() {
    if (!('geolocation' in navigator)) return setGps('failed');
    setGps('busy');
    navigator.geolocation.getCurrentPosition(
      (pos) => void pick({ lat: pos.coords.latitude, lng: pos.coords.longitude }, true),
      () => setGps('failed'),
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  }

  return (
    <fieldset>
      <legend>{forCaller ? t('proxy.step.place') : t('report.step.place')}</legend>
      <div className="lx-seg" style={{ marginBottom: 12 }}>
        {(['map', 'community'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="place-mode" value={m} checked={value.mode === m} onChange={() => onChange({ ...value, mode: m })} />
            <span>{m === 'map' ? t('report.placeMap') : forCaller ? t('proxy.placeCommunity') : t('report.placeCommunity')}</span>
          </label>
        ))}
      </div>
      {value.mode === 'map' ? (
        <div className="lx-stack">
          {!forCaller && (
            <button type="button" className="lx-btn is-block" onClick={locate} disabled={gps === 'busy'} data-testid="use-gps">
              <Icon name="locate" size={20} />
              {gps === 'busy' ? t('report.gpsWorking') : t('report.useGps')}
            </button>
          )}
          {gps === 'failed' && (
            <p className="lx-error" role="alert">
              {t('report.gpsFailed')}
            </p>
          )}
          {gps === 'outside' && (
            <p className="lx-error" role="alert">
              {t('report.gpsOutside')}
            </p>
          )}
          <AddressSearch
            districtCode={units.find((u) => u.kind === 'district')?.id ?? ''}
            onPick={(hit) => void pick(hit.location, false, hit.address || hit.name)}
          />
          <p className="lx-hint">{t('report.mapHint')}</p>
          <LazyMap label={t('report.placeMap')} height={260} points={points} marker={value.location} onPick={(p) => void pick(p)} />
          <p aria-live="polite" className="lx-muted" data-testid="picked-point">
            {chosenWhere ? t('report.pointChosen', { where: chosenWhere }) : ''}
          </p>
        </div>
      ) : (
        <Field label={t('report.community')} required error={error}>
          <select value={value.communityCode} onChange={(e) => onChange({ ...value, communityCode: e.target.value })} name="community">
            <option value="">{t('report.communityChoose')}</option>
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
        </Field>
      )}
      {value.mode === 'map' && error && (
        <p className="lx-error" role="alert">
          {error}
        </p>
      )}
      <Field label={t('report.address')} hint={t('common.optional')}>
        <input
          type="text"
          name="address"
          maxLength={200}
          placeholder={t('report.addressPlaceholder')}
          value={value.address}
          onChange={(e) => onChange({ ...value, address: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}
