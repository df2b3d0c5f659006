import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { places } from '../../../api/endpoints';
import type { LatLng, PlaceDetail, PlaceType } from '../../../api/types';
import { useAsync } from '../../../app/data';
import { Icon } from '../../../components/CategoryIcon';
import { Empty, ErrorNotice, Loading } from '../../../components/Feedback';
import { Field } from '../../../components/Field';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDate, formatDateTime, formatNumber } from '../../../i18n/format';
import { LazyMap } from '../../../map/LazyMap';
import { navigationLinks } from '../../../map/navigate';
import { MobileShell } from '../../../shell/MobileShell';
import { rememberedOrigin, usePlaceTypes } from '../data';
import { placesText } from '../i18n';
import { formatDistance, groupName, hoursText, metresBetween, placeFacts, typeIcon, typeName, WORKER_GROUPS } from '../placeText';
import { PlaceReport } from './PlaceReport';
import { OpenState } from './PlaceSummary';

/** One place: what it offers (per its type's fields), hours and open now, who runs it, events; check in; report a problem. */
export default function PlaceDetailPage() {
  const { id = '' } = useParams();
  const { lang } = useI18n();
  const t = useBundle(placesText);
  const loc = useLocation();
  const back = (loc.state as { back?: string } | null)?.back;
  const detail = useAsync(() => places.get(id), [id]);
  const types = usePlaceTypes();
  const p = detail.data;
  const type = types.data?.find((x) => x.code === p?.typeCode);
  const origin = useMemo(() => rememberedOrigin(), []);

  const backTo = back ?? (p ? `/places?type=${encodeURIComponent(p.typeCode)}` : '/places');

  return (
    <MobileShell title={p?.name ?? t('place.title')}>
      <p>
        <Link to={backTo} className="lx-back">
          ← {t('place.back')}
        </Link>
      </p>
      {detail.error ? (
        detail.error.status === 404 || detail.error.status === 400 ? (
          <Empty title={t('place.notFound')} icon="pin" />
        ) : (
          <ErrorNotice error={detail.error} onRetry={detail.reload} />
        )
      ) : !p ? (
        <Loading />
      ) : (
        <>
          <header className="lx-card lx-place-hero">
            <p className="lx-place-kind">
              <Icon name={typeIcon(type)} size={22} />
              <span>{typeName(type, lang, p.typeName)}</span>
            </p>
            <h1 data-testid="place-name">{p.name}</h1>
            <p className="lx-item-meta">
              <OpenState place={p} />
              {origin && (
                <span data-testid="place-distance">
                  {t('place.distance')} {formatDistance(metresBetween(origin.point, p.location), t)}
                </span>
              )}
            </p>
          </header>

          <section className="lx-card" aria-labelledby="pl-hours">
            <h2 id="pl-hours">
              <Icon name="clock" size={20} /> {t('place.hours')}
            </h2>
            <p data-testid="place-hours" className="lx-place-hours-big">
              {hoursText(p.hours, t)}
            </p>
            <p>
              <OpenState place={p} />
            </p>
          </section>

          <Facts place={p} type={type} />

          <section className="lx-card" aria-labelledby="pl-where">
            <h2 id="pl-where">
              <Icon name="pin" size={20} /> {t('place.where')}
            </h2>
            <dl className="lx-kv">
              {p.address && (
                <>
                  <dt>{t('place.address')}</dt>
                  <dd>{p.address}</dd>
                </>
              )}
              {p.managingUnit && (
                <>
                  <dt>{t('place.manager')}</dt>
                  <dd data-testid="place-manager">{p.managingUnit.name}</dd>
                </>
              )}
              {p.contact.name && (
                <>
                  <dt>{t('place.contact')}</dt>
                  <dd>{p.contact.name}</dd>
                </>
              )}
              {p.contact.phone && (
                <>
                  <dt>{t('place.phone')}</dt>
                  <dd>
                    {p.contact.phoneMasked ? (
                      <span>
                        {p.contact.phone} <span className="lx-muted">{t('place.masked')}</span>
                      </span>
                    ) : (
                      <a className="lx-btn is-small" href={`tel:${p.contact.phone.replace(/[^\d+]/g, '')}`} data-testid="place-call">
                        <Icon name="phone" size={18} />
                        {t('place.call', { phone: p.contact.phone })}
                      </a>
                    )}
                  </dd>
                </>
              )}
            </dl>
            <div style={{ marginTop: 12 }}>
              <LazyMap label={`${t('place.where')}: ${p.name}`} height={200} marker={p.location} />
            </div>
            <Navigate name={p.name} at={p.location} />
          </section>

          <Events place={p} />
          {p.typeCode === 'station' && p.status === 'active' && <Checkin place={p} />}
          <PlaceReport place={p} />
        </>
      )}
    </MobileShell>
  );
}

function Facts({ place, type }: { place: PlaceDetail; type: PlaceType | undefined }) {
  const { lang } = useI18n();
  const t = useBundle(placesText);
  const facts = placeFacts(type, place.attrs, t, lang);
  if (!facts.length) return null;
  return (
    <section className="lx-card" aria-labelledby="pl-facts" data-testid="place-facts">
      <h2 id="pl-facts">{t('place.facts')}</h2>
      <dl className="lx-facts">
        {facts.map((f) => (
          <div key={f.key}>
            <dt>{f.label}</dt>
            <dd>
              {f.tags ? (
                <ul className="lx-tags">
                  {f.tags.map((x) => (
                    <li key={x} className="lx-tag is-big">
                      <Icon name="check" size={16} />
                      {x}
                    </li>
                  ))}
                </ul>
              ) : (
                f.text
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Events({ place }: { place: PlaceDetail }) {
  const { lang } = useI18n();
  const t = useBundle(placesText);
  return (
    <section className="lx-card" aria-labelledby="pl-events">
      <h2 id="pl-events">
        <Icon name="calendar" size={20} /> {t('place.events')}
      </h2>
      {place.events.length === 0 ? (
        <p className="lx-muted">{t('place.noEvents')}</p>
      ) : (
        <ul className="lx-list" data-testid="place-events">
          {place.events.map((e) => (
            <li key={e.id} className="lx-event">
              <p className="lx-event-when">
                <time dateTime={e.startsAt}>{formatDateTime(e.startsAt, lang)}</time>
                {e.endsAt && (
                  <>
                    {' – '}
                    <time dateTime={e.endsAt}>
                      {formatDate(e.endsAt, lang) === formatDate(e.startsAt, lang)
                        ? formatDateTime(e.endsAt, lang).slice(-5)
                        : formatDateTime(e.endsAt, lang)}
                    </time>
                  </>
                )}
              </p>
              <h3>{e.title}</h3>
              {e.organiser && <p className="lx-muted">{t('place.organiser', { name: e.organiser })}</p>}
              {e.description && <p>{e.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 我在这里歇脚: an outdoor worker counts a break at the station — worker group and how many, nothing personal. */
function Checkin({ place }: { place: PlaceDetail }) {
  const { lang } = useI18n();
  const t = useBundle(placesText);
  const [group, setGroup] = useState('');
  const [people, setPeople] = useState(1);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [extra, setExtra] = useState(0);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const month = place.checkins.reduce((n, c) => n + c.people, 0) + extra;

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  async function submit() {
    if (!group) return setError(t('checkin.err'));
    setBusy(true);
    setError(null);
    try {
      await places.checkin(place.id, group, people);
      setExtra((n) => n + people);
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="lx-card lx-checkin" aria-labelledby="pl-checkin" data-testid="checkin">
      <h2 id="pl-checkin">
        <Icon name="heart" size={20} /> {t('checkin.title')}
      </h2>
      <p className="lx-muted" data-testid="checkin-month">
        {t('place.checkins', { n: formatNumber(month, lang) })}
      </p>
      {done ? (
        <p className="lx-alert is-ok" role="status" tabIndex={-1} ref={doneRef} data-testid="checkin-done">
          {t('checkin.done')}
        </p>
      ) : (
        <>
          <p className="lx-hint">{t('checkin.hint')}</p>
          <fieldset aria-describedby={error ? 'checkin-err' : undefined}>
            <legend>{t('checkin.group')}</legend>
            <div className="lx-seg lx-groups">
              {WORKER_GROUPS.map(([g]) => (
                <label key={g}>
                  <input
                    type="radio"
                    name="worker-group"
                    value={g}
                    checked={group === g}
                    onChange={() => {
                      setGroup(g);
                      setError(null);
                    }}
                  />
                  <span>{groupName(g, t)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <Field label={t('checkin.people')}>
            <select value={people} onChange={(e) => setPeople(Number(e.target.value))} name="people">
              {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </Field>
          {error && (
            <p className="lx-error" id="checkin-err" role="alert">
              {error}
            </p>
          )}
          <button
            type="button"
            className="lx-btn is-primary is-block"
            onClick={() => void submit()}
            disabled={busy}
            data-testid="checkin-submit"
          >
            <Icon name="heart" size={20} />
            {t('checkin.submit')}
          </button>
        </>
      )}
    </section>
  );
}

function Navigate({ name, at }: { name: string; at: LatLng }) {
  const t = useBundle(placesText);
  const links = navigationLinks(name, at);
  return (
    <details className="lx-nav" data-testid="place-navigate">
      <summary className="lx-btn is-primary">
        <Icon name="locate" size={20} />
        {t('map.navigate')}
      </summary>
      <p className="lx-hint">{t('map.navigateWith')}</p>
      <ul className="lx-nav-apps">
        <li>
          <a className="lx-btn" href={links.geo} data-testid="nav-geo">
            {t('map.navGeo')}
          </a>
        </li>
        <li>
          <a className="lx-btn" href={links.amap} target="_blank" rel="noopener noreferrer" data-testid="nav-amap">
            {t('map.navAmap')}
          </a>
        </li>
        <li>
          <a className="lx-btn" href={links.baidu} target="_blank" rel="noopener noreferrer" data-testid="nav-baidu">
            {t('map.navBaidu')}
          </a>
        </li>
      </ul>
    </details>
  );
}
