import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/client';
import { requests } from '../../../api/endpoints';
import type { AttributeAnswers, Category, Channel, CreatedRequest, Kind, NewRequest, Unit } from '../../../api/types';
import { newIdempotencyKey } from '../../../app/data';
import { isNetworkError, keep } from '../../../app/outbox';
import { useSession } from '../../../app/session';
import { ErrorNotice } from '../../../components/Feedback';
import { Field } from '../../../components/Field';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { requestsText } from '../i18n';
import { AttributeFields, answered, missingAttributes } from './AttributeFields';
import { CategoryPicker } from './CategoryPicker';
import { type Place, PlacePicker } from './PlacePicker';

type Errors = Partial<Record<'category' | 'description' | 'place' | 'phone', string>> & { attrs?: Record<string, string> };

const PHONE = /^1\d{10}$/;

/**
 * The one request form: residents reporting for themselves, and staff entering a caller's
 * request (代录, `channel: 'proxy'`): written for the staff member — the caller's name and phone
 * first, how the caller came (phone or visit, or a liaison station), the place the caller
 * describes (community or map, never the staff member's own position).
 */
export function RequestForm({
  categories,
  units,
  initialKind,
  channel,
  onDone,
}: {
  categories: Category[];
  units: Unit[];
  initialKind: Kind;
  channel?: Channel;
  onDone: (r: CreatedRequest, phone: string | null) => void;
}) {
  const { lang } = useI18n();
  const t = useBundle(requestsText);
  const { user } = useSession();
  const proxy = channel === 'proxy';
  const [kind, setKind] = useState<Kind>(initialKind);
  const [categoryCode, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const [place, setPlace] = useState<Place>({ mode: proxy ? 'community' : 'map', location: null, communityCode: '', address: '' });
  const [staffChannel, setStaffChannel] = useState<Channel>('proxy');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [publicLocation, setPublicLocation] = useState(false);
  const [attributes, setAttributes] = useState<AttributeAnswers>({});
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const summary = useRef<HTMLDivElement>(null);
  const signedInResident = !proxy && (user?.role === 'resident' || user?.role === 'volunteer');

  const [tried, setTried] = useState(false);
  useEffect(() => setKind(initialKind), [initialKind]);
  // Each category asks its own questions: answers to another category's do not carry over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the category changes
  useEffect(() => setAttributes({}), [categoryCode]);
  const attributeDefs = categories.find((c) => c.code === categoryCode)?.attributes ?? [];
  // After a first attempt, errors clear as soon as the field is put right.
  // biome-ignore lint/correctness/useExhaustiveDependencies: validate reads these fields
  useEffect(() => {
    if (tried) setErrors(validate());
  }, [tried, kind, categoryCode, description, place, phone, anonymous, attributes]);

  function validate(): Errors {
    const e: Errors = {};
    if (!categoryCode || !categories.find((c) => c.code === categoryCode)?.kinds.includes(kind)) e.category = t('report.err.category');
    if (description.trim().length < 5) e.description = t('report.err.description');
    if (place.mode === 'map' ? !place.location : !place.communityCode) e.place = t('report.err.place');
    const digits = phone.replace(/\D/g, '');
    if (!anonymous && !signedInResident && !PHONE.test(digits)) e.phone = t('report.err.phone');
    if (!anonymous && signedInResident && digits && !PHONE.test(digits)) e.phone = t('report.err.phone');
    const missing = missingAttributes(attributeDefs, attributes);
    if (missing.length) e.attrs = Object.fromEntries(missing.map((code) => [code, t('report.err.attribute')]));
    return e;
  }

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    setTried(true);
    setFailure(null);
    if (Object.keys(e).length) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const body: NewRequest = {
      kind,
      categoryCode,
      urgency: urgent ? 'urgent' : 'normal',
      description: description.trim(),
      anonymous,
      photos,
      ...(place.mode === 'map' && place.location ? { location: place.location } : { communityCode: place.communityCode }),
      ...(place.address.trim() ? { address: place.address.trim() } : {}),
      ...(!anonymous && name.trim() ? { reporterName: name.trim() } : {}),
      ...(!anonymous && phone.trim() ? { reporterPhone: phone.replace(/\D/g, '') } : {}),
      ...(proxy ? { channel: staffChannel } : channel ? { channel } : {}),
      publicLocation,
      ...(answered(attributes) ? { attributes: answered(attributes) } : {}),
    };
    setBusy(true);
    try {
      const r = await requests.create(body, key.current);
      key.current = newIdempotencyKey();
      onDone(r, anonymous ? null : phone.replace(/\D/g, '') || null);
    } catch (err) {
      const kept =
        isNetworkError(err) &&
        // No network: the entry waits on the phone (the outbox) and is sent, once, when it returns.
        (await keep({
          key: key.current,
          path: '/api/requests',
          body,
          label: `${t('nav.report')} · ${new Date().toLocaleTimeString()}`,
          owner: user?.id ?? null,
        }).then(
          () => true,
          () => false,
        ));
      if (kept) {
        key.current = newIdempotencyKey();
        setFailure(new ApiError(0, 'KEPT', t('outbox.kept'), t('outbox.kept')));
      } else setFailure(err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err), String(err)));
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const errorCount = Object.keys(errors).filter((k) => k !== 'attrs').length + Object.keys(errors.attrs ?? {}).length;
  const kinds: Kind[] = ['problem', 'help', 'suggestion'];

  const contactSection = (
    <section className="lx-card">
      <h2>{proxy ? t('proxy.step.caller') : t('report.step.contact')}</h2>
      {proxy && (
        <fieldset>
          <legend>{t('proxy.channel')}</legend>
          <div className="lx-seg">
            {(['proxy', 'liaison'] as const).map((c) => (
              <label key={c}>
                <input type="radio" name="channel" value={c} checked={staffChannel === c} onChange={() => setStaffChannel(c)} />
                <span>{t(`proxy.channel.${c}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {!proxy && (
        <label className="lx-check">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} name="anonymous" />
          <span>
            {t('report.anonymous')}
            <br />
            <small className="lx-muted">{t('report.anonymousHint')}</small>
          </span>
        </label>
      )}
      {!anonymous && (
        <>
          <Field label={proxy ? t('proxy.name') : t('report.name')} hint={t('common.optional')}>
            <input
              type="text"
              name="name"
              autoComplete={proxy ? 'off' : 'name'}
              maxLength={40}
              placeholder={proxy ? t('proxy.namePlaceholder') : t('report.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field
            label={proxy ? t('proxy.phone') : t('report.phone')}
            hint={proxy ? t('proxy.phoneHint') : t('report.phoneHint')}
            error={errors.phone}
            required={!signedInResident}
          >
            <input
              type="tel"
              name="phone"
              inputMode="numeric"
              autoComplete={proxy ? 'off' : 'tel'}
              maxLength={13}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </Field>
        </>
      )}
    </section>
  );

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <div ref={summary} tabIndex={-1}>
        {errorCount > 0 && (
          <div className="lx-alert is-error" role="alert">
            <p>{t('report.err.summary', { n: errorCount })}</p>
          </div>
        )}
        {failure?.code === 'KEPT' ? (
          <p className="lx-outbox" role="status" data-testid="report-kept">
            {failure.text(lang)}
          </p>
        ) : (
          failure && <ErrorNotice error={failure.text(lang)} />
        )}
      </div>

      {proxy && contactSection}

      <section className="lx-card">
        <fieldset>
          <legend>{t('report.kind')}</legend>
          <div className="lx-seg">
            {kinds.map((k) => (
              <label key={k}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span>{t(`kind.${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <CategoryPicker
          categories={categories}
          kind={kind}
          value={categoryCode}
          onChange={setCategory}
          error={errors.category}
          legend={proxy ? t('proxy.step.category') : t('report.step.category')}
          hint={proxy ? t('proxy.categoryHint') : undefined}
        />
        <AttributeFields defs={attributeDefs} value={attributes} onChange={setAttributes} errors={errors.attrs ?? {}} />
      </section>

      <section className="lx-card">
        <h2>{proxy ? t('proxy.step.describe') : t('report.step.describe')}</h2>
        <Field
          label={t('report.description')}
          hint={proxy ? t('proxy.descriptionHint') : t('report.descriptionHint')}
          error={errors.description}
          required
        >
          <textarea
            name="description"
            maxLength={4000}
            placeholder={proxy ? t('proxy.descriptionPlaceholder') : t('report.descriptionPlaceholder')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <label className="lx-check">
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} name="urgent" />
          <span>{t('report.urgent')}</span>
        </label>
        <div className="lx-field">
          <span className="lx-legend" id="photos-label">
            {t('report.photos')}
          </span>
          <p className="lx-hint">{t('report.photosHint')}</p>
          <PhotoPicker
            testId="report-photos"
            onChange={(ids, b) => {
              setPhotos(ids);
              setPhotosBusy(b);
            }}
          />
        </div>
      </section>

      <section className="lx-card">
        <PlacePicker units={units} value={place} onChange={setPlace} error={errors.place} forCaller={proxy} />
        <label className="lx-check">
          <input
            type="checkbox"
            checked={publicLocation}
            onChange={(e) => setPublicLocation(e.target.checked)}
            name="publicLocation"
            data-testid="public-location"
          />
          <span>
            {t('report.publicLocation')}
            <br />
            <small className="lx-muted">{t('report.publicLocationHint')}</small>
          </span>
        </label>
      </section>

      {!proxy && contactSection}

      <button type="submit" className="lx-btn is-primary is-block" disabled={busy || photosBusy} data-testid="report-submit">
        {busy ? t('report.submitting') : photosBusy ? t('report.photoUploading') : t('report.submit')}
      </button>
    </form>
  );
}
