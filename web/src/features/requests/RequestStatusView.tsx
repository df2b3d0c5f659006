import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import type { Rating, RequestDetail, Status } from '../../api/types';
import { useCategories } from '../../app/data';
import { AttributeAnswers } from '../../components/AttributeAnswers';
import { Field } from '../../components/Field';
import { Photos } from '../../components/Photos';
import { StatusTag } from '../../components/StatusTag';
import { Timeline } from '../../components/Timeline';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { OPEN_STATUSES } from './actionSpec';
import { requestsText } from './i18n';

const STEPS: Status[] = ['accepted', 'dispatched', 'signed', 'in_progress', 'resolved', 'rated'];

export interface RateInput {
  rating: Rating;
  resolved: boolean;
  comment?: string;
}

/**
 * What a resident sees of their request: the status in plain words, the steps, the reply and
 * photos, the timeline; rating and reopening when the server allows them.
 */
export function RequestStatusView({
  detail,
  access,
  onRate,
  onReopen,
}: {
  detail: RequestDetail;
  /** A tracked request's short-lived token, for its photos (signed-in residents need none). */
  access?: string;
  onRate: (r: RateInput) => Promise<void>;
  onReopen: (reason: string) => Promise<void>;
}) {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const cats = useCategories();
  const r = detail.request;
  const cat = cats.data?.find((c) => c.code === r.categoryCode);
  const stepIdx = STEPS.indexOf(r.status === 'closed' ? 'rated' : r.status);
  const createPhotos = detail.timeline.find((e) => e.action === 'create')?.photos ?? [];
  const resolvePhotos = detail.timeline.filter((e) => e.action === 'resolve').flatMap((e) => e.photos);

  return (
    <div data-testid="track-result">
      <section className="lx-card" aria-labelledby="st-title">
        <div className="lx-item-top">
          <span>{r.number}</span>
          <StatusTag status={r.status} />
        </div>
        <h2 id="st-title" style={{ marginTop: 8 }} data-testid="plain-status">
          {t(`plain.${r.status}`)}
        </h2>
        {stepIdx >= 0 && (
          <ol className="lx-steps" aria-label={t('track.status')}>
            {STEPS.map((s, i) => (
              <li
                key={s}
                className={i < stepIdx ? 'is-done' : i === stepIdx ? 'is-done is-now' : ''}
                aria-current={i === stepIdx ? 'step' : undefined}
              >
                {t(`status.${s}`)}
              </li>
            ))}
          </ol>
        )}
        {r.deadlines.resolve && (OPEN_STATUSES as readonly Status[]).includes(r.status) && (
          <p className="lx-muted">{t('track.deadline', { at: formatDateTime(r.deadlines.resolve, lang) })}</p>
        )}
      </section>

      <section className="lx-card" aria-labelledby="reply-title">
        <h2 id="reply-title">{t('track.reply')}</h2>
        {r.reply ? <p data-testid="reply">{r.reply}</p> : <p className="lx-muted">{t('track.noReply')}</p>}
        <Photos ids={resolvePhotos} access={access} />
        {r.rating && (
          <p className="lx-badge is-ok" data-testid="my-rating">
            {t('track.yourRating', { rating: t(`rating.${r.rating.rating}`) })}
          </p>
        )}
      </section>

      {detail.actions.includes('rate') && <RateForm onRate={onRate} />}
      {detail.actions.includes('reopen') && <ReopenForm onReopen={onReopen} />}

      <section className="lx-card" aria-labelledby="mine-title">
        <h2 id="mine-title">{t('track.yourReport')}</h2>
        <p className="lx-muted">
          {cat ? (lang === 'en' ? cat.nameEn : cat.name) : r.categoryCode} ·{' '}
          {t('track.submittedAt', { at: formatDateTime(r.createdAt, lang) })}
        </p>
        <p style={{ whiteSpace: 'pre-wrap' }}>{r.description}</p>
        <AttributeAnswers answers={r.attributes} category={cat} />
        {r.address && <p className="lx-muted">{r.address}</p>}
        <Photos ids={createPhotos} access={access} />
      </section>

      <section className="lx-card" aria-labelledby="tl-title">
        <h2 id="tl-title">{t('track.timeline')}</h2>
        <Timeline events={detail.timeline} access={access} />
      </section>
    </div>
  );
}

function RateForm({ onRate }: { onRate: (r: RateInput) => Promise<void> }) {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const [resolved, setResolved] = useState<boolean>(true);
  const [rating, setRating] = useState<Rating | ''>('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!rating) return setError(t('track.rate.err'));
    setBusy(true);
    setError(null);
    try {
      await onRate({ rating, resolved, comment: comment.trim() || undefined });
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="lx-card" aria-labelledby="rate-title">
      <h2 id="rate-title">{t('track.rate.title')}</h2>
      <form onSubmit={submit} noValidate data-testid="rate-form">
        <fieldset>
          <legend>{t('track.rate.resolved')}</legend>
          <div className="lx-seg">
            <label>
              <input type="radio" name="resolved" checked={resolved} onChange={() => setResolved(true)} />
              <span>{t('track.rate.resolvedYes')}</span>
            </label>
            <label>
              <input type="radio" name="resolved" checked={!resolved} onChange={() => setResolved(false)} />
              <span>{t('track.rate.resolvedNo')}</span>
            </label>
          </div>
        </fieldset>
        <fieldset aria-describedby={error ? 'rate-err' : undefined}>
          <legend>{t('track.rate.rating')}</legend>
          <div className="lx-seg">
            {(['satisfied', 'basic', 'unsatisfied'] as const).map((v) => (
              <label key={v}>
                <input
                  type="radio"
                  name="rating"
                  value={v}
                  checked={rating === v}
                  onChange={() => {
                    setRating(v);
                    setError(null); // the choice answers "请选择满意程度"
                  }}
                />
                <span>{t(`rating.${v}`)}</span>
              </label>
            ))}
          </div>
          {error && (
            <p className="lx-error" id="rate-err" role="alert">
              {error}
            </p>
          )}
        </fieldset>
        <Field label={t('track.rate.comment')} hint={t('common.optional')}>
          <textarea name="comment" maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Field>
        <button type="submit" className="lx-btn is-primary is-block" disabled={busy}>
          {t('track.rate.submit')}
        </button>
      </form>
    </section>
  );
}

function ReopenForm({ onReopen }: { onReopen: (reason: string) => Promise<void> }) {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setError(t('track.reopen.err'));
    setBusy(true);
    setError(null);
    try {
      await onReopen(reason.trim());
    } catch (err) {
      setError(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="lx-card" aria-labelledby="reopen-title">
      <h2 id="reopen-title">{t('track.reopen.title')}</h2>
      <p className="lx-muted">{t('track.reopen.hint')}</p>
      <form onSubmit={submit} noValidate data-testid="reopen-form">
        <Field label={t('track.reopen.reason')} error={error} required>
          <textarea name="reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit" className="lx-btn is-block" disabled={busy}>
          {t('track.reopen.submit')}
        </button>
      </form>
    </section>
  );
}
