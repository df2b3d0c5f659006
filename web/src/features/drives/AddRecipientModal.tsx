import { Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useUnits } from '../../app/data';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { type Drive, drives } from './api';
import { driveText } from './i18n';

interface Values {
  name: string;
  phone?: string;
  idNumber?: string;
  communityCode: string;
  reason: string;
  itemId?: string;
  quantity: number;
}

/**
 * A recipient: a person in difficulty of a community in the drive's area, one per household (no ID
 * number or phone already in the drive), with the entitlement one delivery takes (item and quantity).
 */
export default function AddRecipientModal({ drive, onClose, onAdded }: { drive: Drive; onClose: () => void; onAdded: () => void }) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const units = useUnits();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const organiser = units.data?.find((u) => u.id === drive.organiserUnitId);
  const communities = (units.data ?? []).filter(
    (u) => u.kind === 'community' && (!organiser || organiser.kind === 'department' || u.path.startsWith(organiser.path)),
  );

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await drives.addRecipient(drive.id, {
        ...v,
        phone: v.phone?.trim() || undefined,
        idNumber: v.idNumber?.trim() || undefined,
        itemId: v.itemId || undefined,
      });
      onAdded();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={td('drives.recipient.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={td('drives.submit')}
      confirmLoading={busy}
    >
      {units.data && (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            communityCode: communities.length === 1 ? communities[0]?.id : undefined,
            itemId: drive.items.length === 1 ? drive.items[0]?.id : undefined,
            quantity: 1,
          }}
        >
          <Form.Item name="name" label={td('drives.recipient.name')} rules={[{ required: true, max: 40 }]}>
            <Input data-testid="recipient-name" />
          </Form.Item>
          <Typography.Paragraph>{td('drives.recipient.keyHint')}</Typography.Paragraph>
          <Form.Item name="phone" label={td('drives.recipient.phone')}>
            <Input inputMode="tel" maxLength={11} data-testid="recipient-phone" />
          </Form.Item>
          <Form.Item name="idNumber" label={td('drives.recipient.id')}>
            <Input maxLength={18} data-testid="recipient-id" />
          </Form.Item>
          <Form.Item name="communityCode" label={td('drives.recipient.community')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={communities.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="reason" label={td('drives.recipient.reason')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="recipient-reason" />
          </Form.Item>
          <Form.Item name="itemId" label={td('drives.recipient.item')} rules={[{ required: true }]}>
            <Select options={drive.items.map((i) => ({ value: i.id, label: i.name }))} data-testid="recipient-item" />
          </Form.Item>
          <Form.Item name="quantity" label={td('drives.recipient.quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10} precision={0} data-testid="recipient-quantity" />
          </Form.Item>
          {error && (
            <Typography.Paragraph type="danger" role="alert">
              {error}
            </Typography.Paragraph>
          )}
        </Form>
      )}
    </Modal>
  );
}
