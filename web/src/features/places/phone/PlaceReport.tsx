import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { places } from '../../../api/endpoints';
import type { PlaceDetail, PlaceProblem, PlaceReportCreated } from '../../../api/types';
import { handOffProof, rememberReport } from '../../../app/recent';
import { Icon } from '../../../components/CategoryIcon';
import { ErrorNotice } from '../../../components/Feedback';
import { Field } from '../../../components/Field';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { placesText } from '../i18n';

const PROBLEMS: PlaceProblem[] = ['closed', 'unstaffed', 'dirty', 'broken', 'wrong_info', 'other'];
const PHONE = /^1[3-9]\d{9}$/;

/** 反映问题: a request about this place, dispatched to its managing unit; shows the number to follow. */
export function PlaceReport({ place }: { place: PlaceDetail }) {
  const { lang } = useI18n();
  const t = useBundle(placesText);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<PlaceProblem | ''>('');
  const [description, setDescription] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [phone, setPhone] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<PlaceReportCreated | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (created) doneRef.current?.focus();
  }, [created]);
  useEffect(() => {
    if (open) formRef.current?.querySelector('input')?.focus();
  }, [open]);

  const digits = phone.replace(/\D/g, '');
  const errs = {
    problem: tried && !problem ? t('placeReport.err.problem') : null,
    description: tried && !description.trim() ? t('placeReport.err.description') : null,
    phone: tried && !anonymous && digits && !PHONE.test(digits) ? t('report.err.phone') : null,
  };

  async function submit() {
    setTried(true);
    if (!problem || !description.trim() || (!anonymous && digits && !PHONE.test(digits))) return;
    setBusy(true);
    setError(null);
    try {
      const r = await places.report(place.id, {
        problem,
        description: description.trim(),
        anonymous,
        ...(!anonymous && digits ? { reporterPhone: digits } : {}),
      });
      setCreated(r);
      rememberReport({ number: r.number, at: new Date().toISOString() });
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    // The number only in the address; the phone or code reaches the track page in memory.
    const handOff = () =>
      handOffProof({
        number: created.number,
        ...(!anonymous && digits ? { phone: digits } : created.trackCode ? { code: created.trackCode } : {}),
      });
    return (
      <section className="lx-card" aria-labelledby="pl-report-done" data-testid="place-report-done">
        <h2 id="pl-report-done" tabIndex={-1} ref={doneRef}>
          <Icon name="check" size={22} /> {t('placeReport.done')}
        </h2>
        <p className="lx-muted">{t('report.done.number')}</p>
        <p className="lx-bignum" data-testid="place-report-number">
          {created.number}
        </p>
        {created.trackCode && !(digits && !anonymous) && (
          <>
            <p className="lx-muted">{t('report.done.code')}</p>
            <p className="lx-bignum" data-testid="place-report-code">
              {created.trackCode}
            </p>
            <p>{t('report.done.codeHint')}</p>
          </>
        )}
        <Link className="lx-btn is-primary is-block" to={`/track?number=${encodeURIComponent(created.number)}`} onClick={handOff}>
          {t('report.done.track')}
        </Link>
      </section>
    );
  }

  return (
    <section className="lx-card" aria-labelledby="pl-report">
      <h2 id="pl-report">
        <Icon name="sound" size={20} /> {t('placeReport.title')}
      </h2>
      <p className="lx-hint">{t('placeReport.hint')}</p>
      {!open ? (
        <button
          type="button"
          className="lx-btn is-block"
          aria-expanded={false}
          onClick={() => setOpen(true)}
          data-testid="place-report-open"
        >
          {t('placeReport.open')}
        </button>
      ) : (
        <form
          ref={formRef}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset aria-describedby={errs.problem ? 'problem-err' : undefined}>
            <legend>{t('placeReport.problem')}</legend>
            <div className="lx-seg lx-groups">
              {PROBLEMS.map((x) => (
                <label key={x}>
                  <input type="radio" name="problem" value={x} checked={problem === x} onChange={() => setProblem(x)} />
                  <span>{t(`problem.${x}`)}</span>
                </label>
              ))}
            </div>
            {errs.problem && (
              <p className="lx-error" id="problem-err">
                {errs.problem}
              </p>
            )}
          </fieldset>
          <Field label={t('placeReport.description')} error={errs.description} required>
            <textarea
              name="description"
              maxLength={1000}
              value={description}
              placeholder={t('placeReport.placeholder')}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          <label className="lx-check">
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} name="anonymous" />
            <span>
              {t('report.anonymous')}
              <br />
              <small className="lx-muted">{t('report.anonymousHint')}</small>
            </span>
          </label>
          {!anonymous && (
            <Field label={t('report.phone')} hint={`${t('common.optional')} · ${t('report.phoneHint')}`} error={errs.phone}>
              <input
                type="tel"
                name="phone"
                inputMode="numeric"
                autoComplete="tel"
                maxLength={13}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
              />
            </Field>
          )}
          {error && <ErrorNotice error={error} />}
          <button type="submit" className="lx-btn is-primary is-block" disabled={busy} data-testid="place-report-submit">
            {busy ? t('report.submitting') : t('placeReport.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** 导航: the place handed to the phone's map apps (geo: for Android's chooser, 高德 and 百度 by their URI APIs). */
