import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useAsync } from '../../app/data';
import { Empty, ErrorNotice, Loading } from '../../components/Feedback';
import { Field } from '../../components/Field';
import { PhotoPicker } from '../../components/PhotoPicker';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { MobileShell } from '../../shell/MobileShell';
import { type Wish, wishes } from './api';
import { wishText } from './i18n';
import './wishes.css';

/** "YYYY-MM-DDTHH:mm" in the phone's time zone, for a datetime-local input. */
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** 我的认领: the contact to deliver to (audited), delivery with a photo and the time spent, or giving it back. */
export default function MyClaimsPage() {
  const tw = useBundle(wishText);
  const { lang } = useI18n();
  const list = useAsync(() => wishes.claims(), []);
  return (
    <MobileShell title={tw('wish.claims.title')}>
      <h1>{tw('wish.claims.title')}</h1>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty title={tw('wish.claims.empty')} icon="heart">
          <Link className="lx-btn is-primary" to="/wishes">
            {tw('wish.board.title')}
          </Link>
        </Empty>
      ) : (
        <ul className="lx-list">
          {list.data.items.map((w) => (
            <ClaimItem key={w.id} wish={w} lang={lang} onChange={list.reload} />
          ))}
        </ul>
      )}
    </MobileShell>
  );
}

function ClaimItem({ wish: w, lang, onChange }: { wish: Wish; lang: 'zh' | 'en'; onChange: () => void }) {
  const tw = useBundle(wishText);
  const [contact, setContact] = useState<{ name: string; phone: string } | null>(null);
  const [mode, setMode] = useState<'' | 'fulfil' | 'withdraw'>('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [start, setStart] = useState(() => local(new Date(Date.now() - 3_600_000)));
  const [end, setEnd] = useState(() => local(new Date()));
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  async function send(body: Record<string, unknown>) {
    setError(null);
    try {
      await wishes.act(w.id, { ...body, version: w.version });
      setMode('');
      onChange();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  }

  return (
    <li className="lx-item lx-wish" data-testid={`claim-${w.number}`}>
      <div className="lx-item-top">
        <span>{w.number}</span>
        <span className="lx-badge">{tw(`wish.status.${w.status}`)}</span>
      </div>
      <p className="lx-wish-text">{w.boardText}</p>
      {w.status === 'claimed' && w.claimDueAt && (
        <p className="lx-muted">{tw('wish.claims.due', { date: formatDateTime(w.claimDueAt, lang) })}</p>
      )}
      {w.status === 'fulfilled' && <p className="lx-wish-done">{tw('wish.claims.fulfilled')}</p>}
      {(w.status === 'claimed' || w.status === 'fulfilled') &&
        (contact ? (
          <p className="lx-alert is-info" data-testid="wish-contact">
            {tw('wish.claims.contactHint', { name: contact.name, phone: contact.phone })}
          </p>
        ) : (
          <button type="button" className="lx-btn is-small" onClick={() => void wishes.contact(w.id).then(setContact)}>
            {tw('wish.claims.contact')}
          </button>
        ))}
      {error && <ErrorNotice error={error} />}
      {w.status === 'claimed' && mode === '' && (
        <div className="lx-row lx-wish-links">
          <button type="button" className="lx-btn is-primary" data-testid="wish-fulfil" onClick={() => setMode('fulfil')}>
            {tw('wish.claims.fulfil')}
          </button>
          <button type="button" className="lx-btn" onClick={() => setMode('withdraw')}>
            {tw('wish.claims.withdraw')}
          </button>
        </div>
      )}
      {mode === 'fulfil' && (
        <form
          className="lx-wish-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send({
              action: 'fulfil',
              photos,
              startedAt: new Date(start).toISOString(),
              endedAt: new Date(end).toISOString(),
              note: note.trim() || undefined,
            });
          }}
        >
          <p className="lx-hint">{tw('wish.claims.photoHint')}</p>
          <PhotoPicker
            label={tw('wish.claims.photo')}
            max={3}
            testId="wish-photo"
            onChange={(ids, b) => {
              setPhotos(ids);
              setBusy(b);
            }}
          />
          <Field label={tw('wish.claims.start')} required>
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
          </Field>
          <Field label={tw('wish.claims.end')} required>
            <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
          </Field>
          <Field label={tw('wish.claims.note')}>
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <button
            type="submit"
            className="lx-btn is-primary is-block"
            data-testid="wish-fulfil-submit"
            disabled={busy || photos.length === 0}
          >
            {tw('wish.claims.submit')}
          </button>
        </form>
      )}
      {mode === 'withdraw' && (
        <form
          className="lx-wish-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send({ action: 'withdraw', reason: reason.trim() });
          }}
        >
          <Field label={tw('wish.claims.withdrawReason')} required>
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="submit" className="lx-btn is-block" disabled={!reason.trim()}>
            {tw('wish.claims.withdrawSubmit')}
          </button>
        </form>
      )}
    </li>
  );
}
