import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../api/client';
import { places } from '../../../api/endpoints';
import type { Place, PlaceField, PlaceInput, PlaceStatus, PlaceType, Unit } from '../../../api/types';
import { useSession } from '../../../app/session';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { LazyMap } from '../../../map/LazyMap';
import { placesText } from '../i18n';
import { fieldLabel, optionText, tagText } from '../placeText';
import { HoursEditor } from './HoursEditor';
import { badDays, draftOf, type HoursDraft, hoursOf, validTime } from './hours';
import { placesDeskText } from './i18n';

interface Values {
  typeCode: string;
  name: string;
  address?: string;
  lat?: number;
  lng?: number;
  communityCode?: string;
  managingUnitId?: string;
  contactName?: string;
  contactPhone?: string;
  hours: HoursDraft;
  attrs: Record<string, unknown>;
  public: boolean;
  status: PlaceStatus;
}

const PHONE = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;
const STATUSES: PlaceStatus[] = ['active', 'closed', 'removed'];

/**
 * Add or edit a place. The type decides the extra fields (tags, number, yes/no, one of a list,
 * text); the opening rule is 24 hours, weekly, 错时 or closed. Edits carry the version, so two
 * people editing one place cannot overwrite each other.
 */
export function PlaceForm({
  open,
  place,
  types,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  place: Place | null;
  types: PlaceType[];
  units: Unit[];
  onClose: () => void;
  onSaved: (p: Place) => void;
}) {
  const { lang } = useI18n();
  const t = useBundle(placesText, placesDeskText);
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const typeCode = Form.useWatch('typeCode', form);
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const type = types.find((x) => x.code === typeCode);

  // Lists mask personal mobiles; the form edits the place as stored (the unmasked view is audited).
  const [full, setFull] = useState<Place | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    setFull(null);
    setLoadError(null);
    if (!open || !place) return;
    let live = true;
    places
      .get(place.id)
      .then((p) => live && setFull(p))
      .catch((e: unknown) => live && setLoadError(e instanceof ApiError ? e.text(lang) : String(e)));
    return () => {
      live = false;
    };
  }, [open, place, lang]);
  const loading = !!place && !full && !loadError;

  // Fill the form once per opening (and once the stored place has loaded) — not again when the
  // types list arrives or is re-fetched: that wiped a type the user had just chosen.
  const filledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!open) {
      filledFor.current = null;
      return;
    }
    if (loading) return;
    const key = full ? `place:${full.id}` : 'new';
    if (filledFor.current === key) return;
    filledFor.current = key;
    const place = full;
    form.resetFields();
    form.setFieldsValue(
      place
        ? {
            typeCode: place.typeCode,
            name: place.name,
            address: place.address ?? undefined,
            lat: place.location.lat,
            lng: place.location.lng,
            communityCode: place.communityCode ?? undefined,
            managingUnitId: place.managingUnit?.id,
            contactName: place.contact.name ?? undefined,
            contactPhone: place.contact.phone ?? undefined,
            hours: draftOf(place.hours),
            attrs: place.attrs,
            public: place.public,
            status: place.status,
          }
        : { typeCode: types[0]?.code, hours: draftOf(undefined), attrs: {}, public: true, status: 'active' },
    );
  }, [open, loading, full, form, types]);

  // A new place opened before the types arrived gets the first type once they do, if none is chosen.
  useEffect(() => {
    if (open && !place && !form.getFieldValue('typeCode') && types[0]) form.setFieldValue('typeCode', types[0].code);
  }, [open, place, form, types]);

  const communityOptions = useMemo(() => {
    const mine = (u: Unit) =>
      !user?.unit || user.role === 'district_admin' || user.role === 'department_staff' || u.path.startsWith(user.unit.path);
    return units
      .filter((u) => u.kind === 'street' && mine(u))
      .map((s) => ({
        label: s.name,
        options: units.filter((c) => c.kind === 'community' && c.parentId === s.id && mine(c)).map((c) => ({ value: c.id, label: c.name })),
      }))
      .filter((g) => g.options.length);
  }, [units, user]);
  const managerOptions = useMemo(
    () =>
      (['department', 'street', 'community', 'cobuild'] as const)
        .map((k) => ({
          label: t(`unitKind.${k}`),
          options: units.filter((u) => u.kind === k).map((u) => ({ value: u.id, label: u.name })),
        }))
        .filter((g) => g.options.length),
    [units, t],
  );

  async function save() {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const attrs: Record<string, unknown> = {};
    for (const f of type?.fields ?? []) {
      const x = v.attrs?.[f.key];
      if (x === undefined || x === null || x === '') continue;
      attrs[f.key] = typeof x === 'string' ? x.trim() : x;
    }
    const body: PlaceInput = {
      typeCode: v.typeCode,
      name: v.name.trim(),
      address: v.address?.trim() || null,
      location: { lat: v.lat as number, lng: v.lng as number },
      communityCode: v.communityCode || null,
      managingUnitId: v.managingUnitId || null,
      contactName: v.contactName?.trim() || null,
      contactPhone: v.contactPhone?.trim() || null,
      hours: hoursOf(v.hours),
      attrs,
      public: v.public,
      status: v.status,
      ...(full ? { version: full.version } : {}),
    };
    setBusy(true);
    try {
      const saved = place ? await places.update(place.id, body) : await places.create(body);
      message.success(t('dp.saved'));
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) {
        message.error(e.text(lang));
        const field = e.field?.replace(/^location$/, 'lat').replace(/^attrs\./, '');
        if (field && e.field?.startsWith('attrs.')) form.setFields([{ name: ['attrs', field], errors: [e.text(lang)] }]);
        else if (field && ['typeCode', 'name', 'address', 'lat', 'communityCode', 'managingUnitId', 'contactPhone'].includes(field))
          form.setFields([{ name: field as keyof Values, errors: [e.text(lang)] }]);
      } else message.error(String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={place ? `${t('dp.edit')} · ${place.name}` : t('dp.add')}
      size="large"
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} disabled={loading || !!loadError} onClick={() => void save()} data-testid="place-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} />}
      {loading && <Spin style={{ display: 'block', margin: '40px auto' }} />}
      <Form form={form} layout="vertical" requiredMark aria-label={place ? t('dp.edit') : t('dp.add')} hidden={loading || !!loadError}>
        <Typography.Title level={2} style={{ fontSize: '1.05rem' }}>
          {t('dp.f.basic')}
        </Typography.Title>
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item name="typeCode" label={t('dp.f.type')} rules={[{ required: true }]}>
              <Select
                options={types.map((x) => ({ value: x.code, label: lang === 'en' ? x.nameEn : x.name }))}
                onChange={() => form.setFieldValue('attrs', {})}
                disabled={!!place}
                data-testid="place-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="name" label={t('dp.f.name')} rules={[{ required: true, whitespace: true, max: 80 }]}>
              <Input maxLength={80} data-testid="place-name-input" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('dp.f.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <fieldset className="lx-desk-fieldset">
          <legend>{t('dp.f.location')}</legend>
          <Typography.Paragraph type="secondary">{t('dp.f.pick')}</Typography.Paragraph>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="lat" label={t('dp.f.lat')} rules={[{ required: true, type: 'number', min: -90, max: 90 }]}>
                <InputNumber style={{ width: '100%' }} step={0.0001} precision={6} data-testid="place-lat" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="lng" label={t('dp.f.lng')} rules={[{ required: true, type: 'number', min: -180, max: 180 }]}>
                <InputNumber style={{ width: '100%' }} step={0.0001} precision={6} data-testid="place-lng" />
              </Form.Item>
            </Col>
          </Row>
          <LazyMap
            label={t('dp.f.location')}
            height={220}
            marker={typeof lat === 'number' && typeof lng === 'number' ? { lat, lng } : null}
            onPick={(p) => form.setFieldsValue({ lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) })}
          />
        </fieldset>
        <Row gutter={12} style={{ marginTop: 16 }}>
          <Col xs={24} md={12}>
            <Form.Item name="communityCode" label={t('dp.f.community')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('dp.f.communityAuto')}
                options={communityOptions}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="managingUnitId" label={t('dp.f.manager')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={managerOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactName" label={t('dp.f.contactName')} rules={[{ max: 40 }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="contactPhone"
              label={t('dp.f.contactPhone')}
              extra={t('dp.f.contactPhoneHint')}
              rules={[{ pattern: PHONE, message: t('dp.f.err.phone') }]}
            >
              <Input inputMode="tel" maxLength={14} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="hours"
          label={t('dp.f.hours')}
          rules={[
            {
              validator: (_, d: HoursDraft) =>
                badDays(d).length || (d.kind === 'off_work' && !(validTime(d.workStart) && validTime(d.workEnd)))
                  ? Promise.reject(new Error(t('dp.h.bad')))
                  : Promise.resolve(),
            },
          ]}
        >
          <HoursEditor />
        </Form.Item>
        {type && type.fields.length > 0 && (
          <>
            <Typography.Title level={2} style={{ fontSize: '1.05rem' }}>
              {t('dp.f.typeFields', { type: lang === 'en' ? type.nameEn : type.name })}
            </Typography.Title>
            <Row gutter={12}>
              {type.fields.map((f) => (
                <Col key={f.key} xs={24} md={f.type === 'tags' || f.type === 'text' ? 24 : 12}>
                  <TypeField field={f} />
                </Col>
              ))}
            </Row>
          </>
        )}
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="public" label={t('dp.f.public')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="status" label={t('dp.f.status')}>
              <Select options={STATUSES.map((s) => ({ value: s, label: t(`dp.status.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}

/** One field of the place's type, as the control its kind needs. */
function TypeField({ field: f }: { field: PlaceField }) {
  const { lang } = useI18n();
  const t = useBundle(placesText, placesDeskText);
  const label = `${fieldLabel(f, lang)}${f.unit ? `（${f.unit}）` : ''}`;
  const name = ['attrs', f.key];
  switch (f.type) {
    case 'tags':
      return (
        <Form.Item name={name} label={label}>
          <Select
            mode="tags"
            options={(f.options ?? []).map((o) => ({ value: o, label: tagText(o, lang) }))}
            data-testid={`attr-${f.key}`}
          />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item name={name} label={label} rules={[{ type: 'number', min: 0 }]}>
          <InputNumber min={0} style={{ width: '100%' }} data-testid={`attr-${f.key}`} />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item name={name} label={label} valuePropName="checked">
          <Switch data-testid={`attr-${f.key}`} />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item name={name} label={label}>
          <Select
            allowClear
            options={(f.options ?? []).map((o) => ({ value: o, label: optionText(o, t) }))}
            data-testid={`attr-${f.key}`}
          />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label} rules={[{ max: 500 }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} data-testid={`attr-${f.key}`} />
        </Form.Item>
      );
  }
}
