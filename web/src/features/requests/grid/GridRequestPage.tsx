import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { type ActionInput, requests } from '../../../api/endpoints';
import type { Action, RequestDetail } from '../../../api/types';
import { unitName, useAsync, useCategories, useUnits } from '../../../app/data';
import { AttributeAnswers } from '../../../components/AttributeAnswers';
import { Icon } from '../../../components/CategoryIcon';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { Field } from '../../../components/Field';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { Photos } from '../../../components/Photos';
import { StatusTag } from '../../../components/StatusTag';
import { Timeline } from '../../../components/Timeline';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime, timeLeft } from '../../../i18n/format';
import { LazyMap } from '../../../map/LazyMap';
import { MobileShell } from '../../../shell/MobileShell';
import { ACTION_FIELDS, type ActionField, currentDeadline } from '../actionSpec';
import { requestsText } from '../i18n';

/** The actions a grid worker works with on the phone, in the order of the job. */
const GRID_ACTIONS: Action[] = ['sign', 'contact', 'comment', 'resolve', 'request_extension', 'return'];
const LABEL: Partial<Record<Action, 'grid.sign' | 'grid.contact' | 'grid.note' | 'grid.resolve' | 'grid.extend' | 'grid.return'>> = {
  sign: 'grid.sign',
  contact: 'grid.contact',
  comment: 'grid.note',
  resolve: 'grid.resolve',
  request_extension: 'grid.extend',
  return: 'grid.return',
};

export default function GridRequestPage() {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const { id = '' } = useParams();
  const res = useAsync(() => requests.get(id), [id]);
  const cats = useCategories();
  const units = useUnits();
  const [override, setOverride] = useState<RequestDetail | null>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const d = override ?? res.data;

  if (res.loading && !d)
    return (
      <MobileShell title={t('detail.title')}>
        <Loading />
      </MobileShell>
    );
  if (res.error || !d)
    return (
      <MobileShell title={t('detail.title')}>
        <h1>{res.error?.status === 403 || res.error?.status === 404 ? t('common.forbidden') : t('detail.title')}</h1>
        {res.error && <ErrorNotice error={res.error} onRetry={res.reload} />}
        <Link to="/grid">← {t('grid.inbox')}</Link>
      </MobileShell>
    );

  const r = d.request;
  const cat = cats.data?.find((c) => c.code === r.categoryCode);
  const left = timeLeft(currentDeadline(r), t);
  const allowed = GRID_ACTIONS.filter((a) => d.actions.includes(a));

  async function act(input: ActionInput) {
    setError(null);
    try {
      const next = (await requests.act(id, { ...input, version: r.version })) as RequestDetail;
      setOverride(next);
      setOpen(null);
      setNotice(`${t(`action.${input.action}`)} · ${t('grid.done')}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
      throw e;
    }
  }

  async function reveal() {
    try {
      const c = await requests.contact(id);
      setPhone(c.phone);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  return (
    <MobileShell title={r.title}>
      <p>
        <Link to="/grid">← {t('grid.inbox')}</Link>
      </p>
      <section className="lx-card" aria-labelledby="req-title">
        <div className="lx-item-top">
          <span>{r.number}</span>
          <StatusTag status={r.status} />
        </div>
        <h1 id="req-title" style={{ marginTop: 8 }}>
          {r.title}
        </h1>
        <div className="lx-item-meta" style={{ marginBottom: 8 }}>
          <span>{cat ? (lang === 'en' ? cat.nameEn : cat.name) : r.categoryCode}</span>
          {r.urgency === 'urgent' && <span className="lx-badge">{t('urgency.urgent')}</span>}
          {r.supervised && <span className="lx-badge is-warn">{t('detail.supervised')}</span>}
          {left && (
            <span className={`lx-left${left.overdue ? ' is-over' : ''}`} data-testid="time-left">
              {left.text}
            </span>
          )}
        </div>
        <p>{r.description}</p>
        <AttributeAnswers answers={r.attributes} category={cat} />
        <Photos ids={d.timeline.find((e) => e.action === 'create')?.photos ?? []} />
        <dl className="lx-kv" style={{ marginTop: 12 }}>
          <dt>{t('grid.address')}</dt>
          <dd>
            {unitName(units.data, r.gridCode ?? r.communityCode)}
            {r.address ? ` · ${r.address}` : ''}
          </dd>
          <dt>{t('detail.createdAt')}</dt>
          <dd>{formatDateTime(r.createdAt, lang)}</dd>
          <dt>{t('grid.reporter')}</dt>
          <dd>{r.anonymous ? t('grid.anonymous') : (r.reporter.name ?? '—')}</dd>
        </dl>
        {!r.anonymous && r.reporter.phone && (
          <div className="lx-row" style={{ marginTop: 12 }}>
            {phone ? (
              <a className="lx-btn is-primary" href={`tel:${phone}`} data-testid="call-link">
                <Icon name="phone" size={20} />
                {t('grid.call')} {phone}
              </a>
            ) : (
              <button type="button" className="lx-btn" onClick={() => void reveal()} data-testid="reveal-phone">
                <Icon name="phone" size={20} />
                {r.reporter.phone} · {t('grid.showPhone')}
              </button>
            )}
          </div>
        )}
        {r.location && (
          <div style={{ marginTop: 12 }}>
            <LazyMap label={t('detail.map')} height={180} marker={r.location} />
          </div>
        )}
      </section>

      <div aria-live="polite">
        {notice && (
          <div className="lx-alert is-ok" role="status">
            <p>{notice}</p>
          </div>
        )}
        {error && <ErrorNotice error={error} />}
      </div>

      {allowed.length > 0 && (
        <section className="lx-card" aria-labelledby="act-title">
          <h2 id="act-title">{t('detail.actions')}</h2>
          <div className="lx-row">
            {allowed.map((a) =>
              a === 'sign' ? (
                <button
                  key={a}
                  type="button"
                  className="lx-btn is-primary"
                  onClick={() => void act({ action: 'sign' }).catch(() => undefined)}
                  data-testid="act-sign"
                >
                  {t('grid.sign')}
                </button>
              ) : (
                <button
                  key={a}
                  type="button"
                  className={`lx-btn${a === 'contact' || a === 'resolve' ? ' is-primary' : ''}`}
                  aria-expanded={open === a}
                  aria-controls="act-form"
                  onClick={() => setOpen(open === a ? null : a)}
                  data-testid={`act-${a}`}
                >
                  {t(LABEL[a]!)}
                </button>
              ),
            )}
          </div>
          {open && (
            <div id="act-form" style={{ marginTop: 16 }}>
              <GridActionForm key={open} action={open} onSubmit={act} />
            </div>
          )}
        </section>
      )}

      {r.reply && (
        <section className="lx-card">
          <h2>{t('detail.reply')}</h2>
          <p>{r.reply}</p>
        </section>
      )}

      <section className="lx-card" aria-labelledby="tl-title">
        <h2 id="tl-title">{t('detail.timeline')}</h2>
        <Timeline events={d.timeline} />
      </section>
    </MobileShell>
  );
}

function GridActionForm({ action, onSubmit }: { action: Action; onSubmit: (i: ActionInput) => Promise<void> }) {
  const t = useBundle(requestsText);
  const spec: { fields: readonly ActionField[]; required: readonly ActionField[] } = ACTION_FIELDS[action];
  const [text, setText] = useState('');
  const [days, setDays] = useState(3);
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const textField = spec.fields.find((f) => f === 'note' || f === 'reply' || f === 'reason') as 'note' | 'reply' | 'reason' | undefined;
  const labels = {
    contact: ['grid.contactNote', 'grid.contactPlaceholder'],
    comment: ['grid.note', 'grid.notePlaceholder'],
    resolve: ['grid.reply', 'grid.replyPlaceholder'],
    return: ['grid.returnReason', 'grid.returnPlaceholder'],
    request_extension: ['grid.extendReason', 'grid.notePlaceholder'],
  } as const;
  const [label, placeholder] = labels[action as keyof typeof labels] ?? (['field.note', 'grid.notePlaceholder'] as const);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (textField && !text.trim()) return setErr(`${t(label)}：${t('common.required')}`);
    setBusy(true);
    try {
      // only the fields this action's body has (ACTION_FIELDS is typed against the server's schema)
      const body: Record<string, unknown> = { action };
      if (textField) body[textField] = text.trim();
      if (spec.fields.includes('days')) body.days = days;
      if (spec.fields.includes('photos') && photos.length) body.photos = photos;
      await onSubmit(body as ActionInput);
    } catch {
      // the page shows the server's words
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid={`form-${action}`}>
      {spec.fields.includes('days') && (
        <Field label={t('grid.extendDays')} required>
          <input type="number" name="days" min={1} max={30} value={days} onChange={(e) => setDays(Number(e.target.value) || 1)} />
        </Field>
      )}
      {textField && (
        <Field label={t(label)} error={err} required>
          <textarea
            name={textField}
            maxLength={textField === 'reply' ? 2000 : 500}
            placeholder={t(placeholder)}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Field>
      )}
      {spec.fields.includes('photos') && (
        <div className="lx-field">
          <span className="lx-legend">{t('grid.photos')}</span>
          <PhotoPicker
            testId={`photos-${action}`}
            onChange={(ids, b) => {
              setPhotos(ids);
              setPhotosBusy(b);
            }}
          />
        </div>
      )}
      <button type="submit" className="lx-btn is-primary is-block" disabled={busy || photosBusy} data-testid={`submit-${action}`}>
        {t('common.submit')}
      </button>
    </form>
  );
}
