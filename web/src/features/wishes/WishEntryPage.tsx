import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useAsync, useUnits } from '../../app/data';
import { DESK_ROLES, useSession } from '../../app/session';
import { ErrorNotice, Loading } from '../../components/Feedback';
import { Field } from '../../components/Field';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { MobileShell } from '../../shell/MobileShell';
import { drives } from '../drives/api';
import { wishes } from './api';
import { wishText } from './i18n';
import './wishes.css';

/** A wish entered by the person (with or without an account) or by community staff for them (代录). */
export default function WishEntryPage() {
  const tw = useBundle(wishText);
  const { lang } = useI18n();
  const { user } = useSession();
  const units = useUnits();
  const config = useAsync(() => wishes.config(), []);
  const proxy = !!user && (user.role === 'grid_worker' || DESK_ROLES.includes(user.role));
  const mine = user?.unit?.communityCode ?? '';
  // Staff may put the wish in one of their open aid drives (a festival's wish drive).
  const openDrives = useAsync(async () => (proxy ? (await drives.list()).items.filter((d) => d.status !== 'closed') : []), [proxy]);
  const [form, setForm] = useState({
    communityCode: mine,
    groupCode: '',
    title: '',
    story: '',
    valueYuan: '',
    recipientName: '',
    recipientAge: '',
    recipientPhone: '',
    idNumber: '',
    householdNo: '',
    phoneConsent: false,
    photoConsent: false,
    driveId: '',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form, v: string | boolean) => setForm((f) => ({ ...f, [k]: v }));
  const err = (field: string) => (error?.field === field ? error.text(lang) : null);
  const communities = (units.data ?? []).filter((u) => u.kind === 'community');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await wishes.create({
        communityCode: form.communityCode,
        groupCode: form.groupCode,
        title: form.title.trim(),
        story: form.story.trim() || undefined,
        valueYuan: Number(form.valueYuan),
        recipientName: form.recipientName.trim(),
        recipientAge: form.recipientAge ? Number(form.recipientAge) : undefined,
        recipientPhone: form.recipientPhone.trim() || undefined,
        idNumber: form.idNumber.trim() || undefined,
        householdNo: form.householdNo.trim() || undefined,
        phoneConsent: form.phoneConsent,
        photoConsent: form.photoConsent,
        driveId: form.driveId || undefined,
      });
      setDone(r.wish.number);
    } catch (x) {
      if (x instanceof ApiError) setError(x);
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <MobileShell title={tw('wish.new.title')}>
        <p className="lx-alert is-ok" role="status" data-testid="wish-created">
          {tw('wish.new.done', { number: done })}
        </p>
        <Link className="lx-btn is-primary" to={proxy ? '/desk/wishes' : '/wishes'}>
          {tw('wish.board.title')}
        </Link>
      </MobileShell>
    );
  return (
    <MobileShell title={tw('wish.new.title')}>
      <h1>{proxy ? tw('wish.new.proxy') : tw('wish.new.title')}</h1>
      <p className="lx-muted">{tw('wish.new.intro')}</p>
      {config.loading || units.loading ? (
        <Loading />
      ) : (
        <form className="lx-card" onSubmit={(e) => void submit(e)} noValidate>
          {error && !error.field && <ErrorNotice error={error} />}
          <Field label={tw('wish.new.community')} required error={err('communityCode')}>
            <select value={form.communityCode} onChange={(e) => set('communityCode', e.target.value)} data-testid="wish-community">
              <option value="">{tw('wish.new.choose')}</option>
              {communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={tw('wish.new.group')} required error={err('groupCode')}>
            <select value={form.groupCode} onChange={(e) => set('groupCode', e.target.value)} data-testid="wish-group">
              <option value="">{tw('wish.new.choose')}</option>
              {config.data?.groups.map((g) => (
                <option key={g.code} value={g.code}>
                  {g[lang]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={tw('wish.new.what')} hint={tw('wish.new.whatHint')} required error={err('title')}>
            <input value={form.title} maxLength={40} onChange={(e) => set('title', e.target.value)} data-testid="wish-title" />
          </Field>
          <Field label={tw('wish.new.story')} error={err('story')}>
            <textarea value={form.story} maxLength={500} rows={3} onChange={(e) => set('story', e.target.value)} />
          </Field>
          <Field
            label={tw('wish.new.value')}
            hint={tw('wish.new.valueHint', { n: config.data?.valueCapYuan ?? '' })}
            required
            error={err('valueYuan')}
          >
            <input
              inputMode="numeric"
              value={form.valueYuan}
              onChange={(e) => set('valueYuan', e.target.value.replace(/\D/g, ''))}
              data-testid="wish-value"
            />
          </Field>
          <Field label={tw('wish.new.name')} required error={err('recipientName')}>
            <input
              value={form.recipientName}
              maxLength={20}
              onChange={(e) => set('recipientName', e.target.value)}
              data-testid="wish-name"
            />
          </Field>
          <Field label={tw('wish.new.age')} error={err('recipientAge')}>
            <input
              inputMode="numeric"
              value={form.recipientAge}
              onChange={(e) => set('recipientAge', e.target.value.replace(/\D/g, ''))}
              data-testid="wish-age"
            />
          </Field>
          <Field label={tw('wish.new.phone')} hint={tw('wish.new.phoneHint')} required={!user} error={err('recipientPhone')}>
            <input
              type="tel"
              inputMode="tel"
              value={form.recipientPhone}
              onChange={(e) => set('recipientPhone', e.target.value)}
              data-testid="wish-phone"
            />
          </Field>
          <Field label={tw('wish.new.idNumber')} error={err('idNumber')}>
            <input value={form.idNumber} maxLength={18} autoComplete="off" onChange={(e) => set('idNumber', e.target.value)} />
          </Field>
          {proxy && (
            <Field label={tw('wish.new.householdNo')} error={err('householdNo')}>
              <input value={form.householdNo} maxLength={30} autoComplete="off" onChange={(e) => set('householdNo', e.target.value)} />
            </Field>
          )}
          {proxy && (openDrives.data ?? []).length > 0 && (
            <Field label={tw('wish.new.drive')} error={err('driveId')}>
              <select value={form.driveId} onChange={(e) => set('driveId', e.target.value)} data-testid="wish-drive">
                <option value="">{tw('wish.new.noDrive')}</option>
                {openDrives.data?.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.title}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <label className="lx-check">
            <input type="checkbox" checked={form.phoneConsent} onChange={(e) => set('phoneConsent', e.target.checked)} />
            <span>{tw('wish.new.phoneConsent')}</span>
          </label>
          <label className="lx-check">
            <input type="checkbox" checked={form.photoConsent} onChange={(e) => set('photoConsent', e.target.checked)} />
            <span>{tw('wish.new.photoConsent')}</span>
          </label>
          {error?.field &&
            ![
              'communityCode',
              'groupCode',
              'title',
              'valueYuan',
              'recipientName',
              'recipientAge',
              'recipientPhone',
              'idNumber',
              'story',
              'driveId',
            ].includes(error.field) && <ErrorNotice error={error} />}
          <button type="submit" className="lx-btn is-primary is-block" disabled={busy} data-testid="wish-submit">
            {tw('wish.new.submit')}
          </button>
        </form>
      )}
    </MobileShell>
  );
}
