import { Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import type { ActionInput } from '../../../api/endpoints';
import type { Action } from '../../../api/types';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useBundle } from '../../../i18n/bundle';
import { ACTION_FIELDS, type ActionField } from '../actionSpec';
import { requestsText } from '../i18n';
import { requestsDeskText } from './i18n';
import type { UnitGroup } from './units';

/** One form for every action; which fields it asks for comes from ACTION_FIELDS. */
export function ActionModal({
  action,
  targets,
  onCancel,
  onSubmit,
}: {
  action: Action;
  targets: UnitGroup[];
  onCancel: () => void;
  onSubmit: (input: ActionInput) => Promise<void>;
}) {
  const t = useBundle(requestsText, requestsDeskText);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [photos, setPhotos] = useState<string[]>([]);
  const [photosBusy, setPhotosBusy] = useState(false);
  const spec: { fields: readonly ActionField[]; required: readonly ActionField[] } = ACTION_FIELDS[action];
  const req = (f: ActionField) => spec.required.includes(f);
  // the free text of a step: a rating's comment, any other step's note
  const textField = spec.fields.includes('comment') ? 'comment' : 'note';
  const textLabel = action === 'supervise' ? t('field.superviseNote') : t('field.note');

  async function ok() {
    const v = (await form.validateFields()) as Record<string, unknown>;
    setBusy(true);
    try {
      // only the fields this action's body has (ACTION_FIELDS is typed against the server's schema)
      const body: Record<string, unknown> = { action };
      for (const k of spec.fields) {
        const val = k === 'photos' ? (photos.length ? photos : undefined) : v[k];
        if (typeof val === 'string') {
          if (val.trim()) body[k] = val.trim();
        } else if (val !== undefined && val !== null) body[k] = val;
      }
      if (action === 'rate') body.resolved = v.resolved !== false;
      await onSubmit(body as ActionInput);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t(`action.${action}`)}
      onCancel={onCancel}
      onOk={() => void ok().catch(() => undefined)}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, disabled: photosBusy }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark initialValues={{ days: 3, resolved: true }}>
        {spec.fields.includes('handlerUnitId') && (
          <Form.Item name="handlerUnitId" label={t('field.unit')} rules={[{ required: true, message: t('field.unit') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={targets} data-testid="dispatch-target" />
          </Form.Item>
        )}
        {spec.fields.includes('targetId') && (
          <Form.Item
            name="targetId"
            label={t('field.target')}
            extra={t('field.targetHint')}
            rules={[{ required: true, message: t('field.target') }]}
          >
            <Input placeholder="LX…" />
          </Form.Item>
        )}
        {spec.fields.includes('rating') && (
          <>
            <Form.Item name="resolved" label={t('track.rate.resolved')}>
              <Radio.Group
                options={[
                  { value: true, label: t('track.rate.resolvedYes') },
                  { value: false, label: t('track.rate.resolvedNo') },
                ]}
              />
            </Form.Item>
            <Form.Item name="rating" label={t('track.rate.rating')} rules={[{ required: true, message: t('track.rate.err') }]}>
              <Radio.Group
                options={(['satisfied', 'basic', 'unsatisfied'] as const).map((r) => ({ value: r, label: t(`rating.${r}`) }))}
                optionType="button"
              />
            </Form.Item>
          </>
        )}
        {spec.fields.includes('days') && (
          <Form.Item name="days" label={t('grid.extendDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} />
          </Form.Item>
        )}
        {spec.fields.includes('reply') && (
          <Form.Item name="reply" label={t('field.reply')} rules={[{ required: true, whitespace: true, message: t('field.reply') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        )}
        {spec.fields.includes('reason') && (
          <Form.Item name="reason" label={t('field.reason')} rules={[{ required: true, whitespace: true, message: t('field.reason') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        {(spec.fields.includes('note') || spec.fields.includes('comment')) && (
          <Form.Item
            name={textField}
            label={textLabel}
            rules={req(textField) ? [{ required: true, whitespace: true, message: textLabel }] : []}
          >
            <Input.TextArea rows={3} maxLength={action === 'rate' ? 500 : 1000} showCount />
          </Form.Item>
        )}
        {spec.fields.includes('photos') && (
          <Form.Item label={t('detail.photos')}>
            <PhotoPicker
              onChange={(ids, b) => {
                setPhotos(ids);
                setPhotosBusy(b);
              }}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
