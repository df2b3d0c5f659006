import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import type { CreatedRequest, LatLng } from '../../../api/types';
import { newIdempotencyKey, useCategories, useUnits } from '../../../app/data';
import { type PhotoToKeep, photoRef, sendOrKeep } from '../../../app/outbox';
import { useSession } from '../../../app/session';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { whereabouts, whereText } from '../../../map/orient';
import { MobileShell } from '../../../shell/MobileShell';
import { requestsText } from '../i18n';
import { CategoryPicker } from '../report/CategoryPicker';

/**
 * 主动发现 in three taps: a category, a photo, send. The place is the phone's position when it
 * has one, else the centre of the worker's grid; the words default to the category's name.
 */
export default function PatrolPage() {
  const { lang, t: shared } = useI18n();
  const t = useBundle(requestsText);
  const { user } = useSession();
  const cats = useCategories();
  const units = useUnits();
  const [categoryCode, setCategory] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [waiting, setWaiting] = useState<PhotoToKeep[]>([]);
  const [note, setNote] = useState('');
  const [gps, setGps] = useState<LatLng | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<CreatedRequest | null>(null);
  const [formKey, setFormKey] = useState(0);
  const key = useRef(newIdempotencyKey());
  const [kept, setKept] = useState(false);

  useEffect(() => {
    navigator.geolocation?.getCurrentPosition(
      (p) => setGps({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => undefined,
      { timeout: 5000, maximumAge: 120000 },
    );
  }, []);

  const myUnit = units.data?.find((u) => u.id === user?.unit?.id);
  const gpsNear = gps && units.data ? whereabouts(gps, units.data) : null;
  const gpsWhere = gpsNear ? whereText(gpsNear, t) : null;
  const place = gps ?? myUnit?.location ?? null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const cat = cats.data?.find((c) => c.code === categoryCode);
    if (!cat) return setError(t('report.err.category'));
    setBusy(true);
    setError(null);
    setKept(false);
    const words = note.trim() || `${lang === 'en' ? cat.nameEn : cat.name}（${t('channel.patrol')}）`;
    const body = {
      kind: cat.kinds.includes('problem') ? ('problem' as const) : (cat.kinds[0] ?? 'problem'),
      categoryCode: cat.code,
      urgency: 'normal' as const,
      description: words,
      anonymous: false,
      // a photo taken without a network is named by reference and goes with the entry (outbox)
      photos: [...photos, ...waiting.map((p) => photoRef(p.id))],
      channel: 'patrol' as const,
      ...(place ? { location: place } : user?.unit?.communityCode ? { communityCode: user.unit.communityCode } : {}),
    };
    const label = `${lang === 'en' ? cat.nameEn : cat.name}（${t('channel.patrol')}）`;
    try {
      // Sent now, or — without a network — kept on the phone with its photos and sent once when it returns.
      const r = await sendOrKeep<CreatedRequest>(
        { key: key.current, path: '/api/requests', body, label, owner: user?.id ?? null },
        waiting,
      );
      key.current = newIdempotencyKey();
      if ('sent' in r) setDone(r.sent);
      else setKept(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : shared('outbox.keepFailed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <MobileShell title={t('grid.patrol.title')}>
      <h1>{t('grid.patrol.title')}</h1>
      <p className="lx-muted">{t('grid.patrol.intro')}</p>
      {done ? (
        <div className="lx-card" role="status" data-testid="patrol-done">
          <p className="lx-alert is-ok">{t('grid.patrol.done', { number: done.number })}</p>
          <div className="lx-row">
            <Link className="lx-btn is-primary" to={`/grid/r/${done.id}`}>
              {t('detail.title')}
            </Link>
            <button
              type="button"
              className="lx-btn"
              onClick={() => {
                setDone(null);
                setCategory('');
                setNote('');
                setFormKey((n) => n + 1);
              }}
            >
              {t('grid.patrol')}
            </button>
          </div>
        </div>
      ) : cats.loading && !cats.data ? (
        <Loading />
      ) : cats.error ? (
        <ErrorNotice error={cats.error} onRetry={cats.reload} />
      ) : (
        <form onSubmit={submit} noValidate key={formKey}>
          <section className="lx-card">
            <CategoryPicker
              categories={cats.data ?? []}
              kind="problem"
              value={categoryCode}
              onChange={setCategory}
              legend={t('grid.patrol.what')}
            />
          </section>
          <section className="lx-card">
            <span className="lx-legend">{t('grid.patrol.photo')}</span>
            <PhotoPicker
              capture
              max={3}
              label={t('grid.patrol.photo')}
              testId="patrol-photo"
              keepOffline
              onChange={(ids, b, w) => {
                setPhotos(ids);
                setPhotosBusy(b);
                setWaiting(w);
              }}
            />
            <div className="lx-field" style={{ marginTop: 12 }}>
              <label htmlFor="patrol-note">{t('grid.patrol.note')}</label>
              <input id="patrol-note" type="text" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
            <p className="lx-muted">
              {t('grid.address')}: {gpsWhere ?? user?.unit?.name ?? '—'}
            </p>
          </section>
          {kept && (
            <p className="lx-outbox" role="status" data-testid="patrol-kept">
              {t('outbox.kept')}
            </p>
          )}
          {error && <ErrorNotice error={error} />}
          <button
            type="submit"
            className="lx-btn is-primary is-block"
            disabled={busy || photosBusy || !categoryCode}
            data-testid="patrol-submit"
          >
            {t('grid.patrol.submit')}
          </button>
        </form>
      )}
    </MobileShell>
  );
}
