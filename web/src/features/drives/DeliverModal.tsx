import { Form, Input, Modal, Radio, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { newIdempotencyKey } from '../../app/data';
import { PhotoPicker } from '../../components/PhotoPicker';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { type Confirmation, type ConfirmMethod, type Drive, drives, type Recipient } from './api';
import { driveText } from './i18n';

/** Records a delivery at the desk with how the recipient signed for it. */
export default function DeliverModal({
  drive,
  recipient,
  onClose,
  onDone,
}: {
  drive: Drive;
  recipient: Recipient;
  onClose: () => void;
  onDone: () => void;
}) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const item = drive.items.find((i) => i.id === recipient.itemId);
  const [method, setMethod] = useState<ConfirmMethod>('callback');
  const [code, setCode] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  async function submit() {
    if (method === 'code' && !/^\d{6}$/.test(code)) return setError(td('drives.err.code'));
    if (method === 'photo' && !photos.length) return setError(td('drives.err.photo'));
    const confirmation: Confirmation = method === 'code' ? { method, code } : method === 'photo' ? { method, photos } : { method };
    setBusy(true);
    setError(null);
    try {
      await drives.deliver(drive.id, { recipientId: recipient.id, confirmation }, key.current);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={td('drives.deliver.title', { name: recipient.name })}
      onCancel={onClose}
      onOk={submit}
      okText={td('drives.submit')}
      confirmLoading={busy}
    >
      <Form layout="vertical">
        <Form.Item label={td('drives.deliver.item')}>
          <Typography.Text data-testid="deliver-entitlement">
            {item?.name} × {recipient.quantity} {item?.unitLabel}（{td('drives.phone.stock', { n: item?.stock ?? 0 })}）
          </Typography.Text>
        </Form.Item>
        <Form.Item label={td('drives.deliver.method')}>
          <Radio.Group
            value={method}
            onChange={(e) => setMethod(e.target.value)}
            options={(['callback', 'code', 'photo'] as const).map((m) => ({ value: m, label: td(`drives.method.${m}`) }))}
          />
        </Form.Item>
        {method === 'code' && (
          <Form.Item label={td('drives.deliver.code')}>
            <Input inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
          </Form.Item>
        )}
        {method === 'photo' && <PhotoPicker max={3} label={td('drives.deliver.photo')} onChange={(ids) => setPhotos(ids)} />}
        {method === 'callback' && <Typography.Paragraph>{td('drives.deliver.callbackHint')}</Typography.Paragraph>}
        {error && (
          <Typography.Paragraph type="danger" role="alert" data-testid="deliver-error">
            {error}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
