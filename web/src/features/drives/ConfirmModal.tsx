import { Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { type Drive, drives, type Recipient } from './api';
import { driveText } from './i18n';

/**
 * The call-back (回音卡): another staff member phones the recipient and confirms, or records a
 * dispute; an organiser may void the delivery (the note is the reason; the stock goes back).
 */
export default function ConfirmModal({
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
  const d = recipient.delivery!;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(action: 'confirm' | 'dispute' | 'void') {
    setBusy(true);
    setError(null);
    try {
      const body =
        action === 'confirm'
          ? { action, version: d.version, confirmation: { method: 'callback', note: note.trim() } }
          : action === 'void'
            ? { action, version: d.version, reason: note.trim() }
            : { action, version: d.version, note: note.trim() };
      await drives.deliveryAction(drive.id, d.id, body);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={td('drives.confirm.title', { name: recipient.name })} onCancel={onClose} footer={null}>
      <Form layout="vertical">
        <Form.Item label={td('drives.confirm.note')}>
          <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        {error && (
          <Typography.Paragraph type="danger" role="alert">
            {error}
          </Typography.Paragraph>
        )}
        {d.actions.includes('void') && <Typography.Paragraph type="secondary">{td('drives.void.hint')}</Typography.Paragraph>}
        <Space>
          {d.actions.includes('confirm') && (
            <Button type="primary" loading={busy} onClick={() => send('confirm')}>
              {td('drives.confirm')}
            </Button>
          )}
          {d.actions.includes('dispute') && (
            <Button danger loading={busy} onClick={() => send('dispute')}>
              {td('drives.dispute')}
            </Button>
          )}
          {d.actions.includes('void') && (
            <Button danger loading={busy} onClick={() => send('void')} data-testid="delivery-void">
              {td('drives.void')}
            </Button>
          )}
        </Space>
      </Form>
    </Modal>
  );
}
