import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { newIdempotencyKey } from '../../app/data';
import { isNetworkError, keep } from '../../app/outbox';
import { useSession } from '../../app/session';
import { Loading } from '../../components/Feedback';
import { PhotoPicker } from '../../components/PhotoPicker';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { MobileShell } from '../../shell/MobileShell';
import { type Confirmation, type ConfirmMethod, type Drive, type DriveSummary, drives, type Recipient } from './api';
import { driveText } from './i18n';

/**
 * The phone page of the staff member carrying parcels: pick a drive, pick a recipient, and have
 * them sign for it — the code they tell, a photo of their signature, or a call-back later. With
 * no network the delivery waits on the phone (outbox) with its Idempotency-Key and is sent once.
 */
export default function DeliverPage() {
  const { id } = useParams();
  const td = useBundle(driveText);
  return <MobileShell title={td('drives.phone.title')}>{id ? <DeliverTo driveId={id} /> : <PickDrive />}</MobileShell>;
}

function PickDrive() {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const [rows, setRows] = useState<DriveSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    drives
      .list('distributing')
      .then((r) => setRows(r.items))
      .catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));
  }, [lang]);
  return (
    <>
      <h1>{td('drives.phone.pick')}</h1>
      {error && <p className="lx-alert is-error">{error}</p>}
      {!rows && !error && <Loading />}
      {rows?.length === 0 && <p className="lx-muted">{td('drives.phone.none')}</p>}
      {rows?.map((d) => (
        <Link
          key={d.id}
          to={`/grid/drives/${d.id}`}
          className="lx-card"
          style={{ display: 'block', textDecoration: 'none', color: 'inherit' }}
        >
          <h2 style={{ margin: '0 0 4px' }}>{d.title}</h2>
          <p className="lx-muted" style={{ margin: 0 }}>
            {d.organiserName} · {td(`drives.progress.${d.progress.targetUnit}`, { ...d.progress })}
          </p>
        </Link>
      ))}
    </>
  );
}

function DeliverTo({ driveId }: { driveId: string }) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const { user } = useSession();
  const [drive, setDrive] = useState<Drive | null>(null);
  const [rows, setRows] = useState<Recipient[] | null>(null);
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Recipient | null>(null);
  const [method, setMethod] = useState<ConfirmMethod>('code');
  const [code, setCode] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const load = useCallback(() => {
    Promise.all([drives.get(driveId), drives.recipients(driveId)])
      .then(([d, r]) => {
        setDrive(d);
        setRows(r.items);
      })
      .catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));
  }, [driveId, lang]);
  useEffect(() => load(), [load]);

  if (!drive || !rows) return error ? <p className="lx-alert is-error">{error}</p> : <Loading />;
  /** Not yet served: no delivery, or only a voided one. */
  const open = (r: Recipient) => !r.delivery || r.delivery.status === 'voided';
  const waiting = rows.filter((r) => open(r) && (!q.trim() || r.name.includes(q.trim())));
  const item = (r: Recipient) => drive.items.find((i) => i.id === r.itemId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!picked) return;
    if (method === 'code' && !/^\d{6}$/.test(code)) return setError(td('drives.err.code'));
    if (method === 'photo' && !photos.length) return setError(td('drives.err.photo'));
    const confirmation: Confirmation = method === 'code' ? { method, code } : method === 'photo' ? { method, photos } : { method };
    const body = { recipientId: picked.id, confirmation };
    setBusy(true);
    setError(null);
    try {
      await drives.deliver(driveId, body, key.current);
      setDone(td('drives.deliver.ok', { name: picked.name }));
    } catch (err) {
      const kept =
        isNetworkError(err) &&
        (await keep({
          key: key.current,
          path: `/api/drives/${driveId}/deliveries`,
          body,
          label: `${td('drives.phone.title')}：${drive?.title ?? ''}`,
          owner: user?.id ?? null,
        }).then(
          () => true,
          () => false,
        ));
      if (kept) setDone(td('drives.phone.kept'));
      else {
        setError(err instanceof ApiError ? err.text(lang) : String(err));
        return;
      }
    } finally {
      setBusy(false);
    }
    key.current = newIdempotencyKey();
    setPicked(null);
    setCode('');
    setPhotos([]);
    load();
  }

  return (
    <>
      <p>
        <Link to="/grid/drives">← {td('drives.phone.pick')}</Link>
      </p>
      <h1>{drive.title}</h1>
      <p className="lx-muted">
        {drive.items.map((i) => `${i.name} ${td('drives.phone.stock', { n: i.stock })}`).join(' · ')} ·{' '}
        {td('drives.phone.pending', { n: rows.filter(open).length })}
      </p>
      {done && (
        <p className="lx-alert is-ok" role="status" data-testid="phone-deliver-done">
          {done}
        </p>
      )}
      {error && (
        <p className="lx-alert is-error" role="alert" data-testid="phone-deliver-error">
          {error}
        </p>
      )}
      {picked ? (
        <form className="lx-card" onSubmit={submit} noValidate>
          <h2>{td('drives.deliver.title', { name: picked.name })}</h2>
          <p className="lx-muted">
            {[picked.communityName, picked.phone, item(picked) && `${item(picked)?.name} × ${picked.quantity}`].filter(Boolean).join(' · ')}
          </p>
          <fieldset className="lx-field" style={{ border: 0, padding: 0 }}>
            <legend className="lx-legend">{td('drives.deliver.method')}</legend>
            <div className="lx-row">
              {(['code', 'photo', 'callback'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  className={`lx-btn ${method === m ? 'is-primary' : ''}`}
                  aria-pressed={method === m}
                  onClick={() => setMethod(m)}
                  data-testid={`phone-method-${m}`}
                >
                  {td(`drives.method.${m}`)}
                </button>
              ))}
            </div>
          </fieldset>
          {method === 'code' && (
            <div className="lx-field">
              <label htmlFor="drive-code">{td('drives.deliver.code')}</label>
              <input
                id="drive-code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              />
            </div>
          )}
          {method === 'photo' && <PhotoPicker max={3} capture label={td('drives.deliver.photo')} onChange={(ids) => setPhotos(ids)} />}
          {method === 'callback' && <p className="lx-muted">{td('drives.deliver.callbackHint')}</p>}
          <div className="lx-row" style={{ marginTop: 12 }}>
            <button type="submit" className="lx-btn is-primary" disabled={busy} data-testid="phone-deliver-submit">
              {td('drives.phone.send')}
            </button>
            <button type="button" className="lx-btn" onClick={() => setPicked(null)}>
              {td('drives.phone.pick')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <div className="lx-field">
            <label htmlFor="drive-q">{td('drives.phone.search')}</label>
            <input id="drive-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </div>
          {waiting.map((r) => (
            <button
              key={r.id}
              type="button"
              className="lx-card lx-btn is-block"
              style={{ justifyContent: 'space-between', textAlign: 'left', minHeight: 64 }}
              onClick={() => {
                setPicked(r);
                setDone(null);
                setError(null);
              }}
              data-testid={`phone-pick-${r.name}`}
            >
              <span>
                <strong>{r.name}</strong> · {r.communityName}
              </span>
              <span>
                {item(r)?.name} × {r.quantity}
              </span>
            </button>
          ))}
        </>
      )}
    </>
  );
}
