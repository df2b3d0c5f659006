import { Button, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import AddRecipientModal from './AddRecipientModal';
import { type ConfirmMethod, type Drive, drives, type Recipient } from './api';
import ConfirmModal from './ConfirmModal';
import DeliverModal from './DeliverModal';
import { driveText } from './i18n';

const DELIVERY_COLOR = { delivered: '#a15c00', confirmed: '#1e7b34', disputed: '#b3261e', voided: '#595959' } as const;

/** Recipients (masked; the whole number on request, audited), their delivery, and deliver / confirm. */
export default function RecipientsTab({ drive, onChanged }: { drive: Drive; onChanged: () => void }) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const [rows, setRows] = useState<Recipient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Record<string, { phone: string | null; idNumber: string | null }>>({});
  const [adding, setAdding] = useState(false);
  const [delivering, setDelivering] = useState<Recipient | null>(null);
  const [confirming, setConfirming] = useState<Recipient | null>(null);
  const load = useCallback(() => {
    drives
      .recipients(drive.id)
      .then((r) => setRows(r.items))
      .catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));
  }, [drive.id, lang]);
  useEffect(() => load(), [load]);
  const changed = () => {
    load();
    onChanged();
  };
  const reveal = async (r: Recipient) => {
    try {
      const c = await drives.contact(drive.id, r.id);
      setShown((s) => ({ ...s, [r.id]: { phone: c.phone, idNumber: c.idNumber } }));
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  const method = (m: ConfirmMethod | null) => (m ? td(`drives.method.${m}`) : '');

  return (
    <>
      {drive.status !== 'closed' && (
        <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 12 }} data-testid="recipient-add">
          {td('drives.recipient.add')}
        </Button>
      )}
      {error && (
        <Typography.Paragraph type="danger" role="alert">
          {error}
        </Typography.Paragraph>
      )}
      <Table<Recipient>
        rowKey="id"
        loading={!rows && !error}
        dataSource={rows ?? []}
        pagination={false}
        columns={[
          { title: td('drives.recipient.name'), dataIndex: 'name' },
          {
            title: `${td('drives.recipient.phone')} / ${td('drives.recipient.id')}`,
            key: 'contact',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{shown[r.id]?.phone ?? r.phone ?? '—'}</span>
                <span>{shown[r.id]?.idNumber ?? r.idNumber ?? '—'}</span>
                {shown[r.id] ? (
                  <Typography.Text type="secondary">{td('drives.recipient.shown')}</Typography.Text>
                ) : (
                  <Button size="small" type="link" onClick={() => reveal(r)} style={{ padding: 0 }}>
                    {td('drives.recipient.show')}
                  </Button>
                )}
              </Space>
            ),
          },
          { title: td('drives.recipient.community'), dataIndex: 'communityName' },
          { title: td('drives.recipient.reason'), dataIndex: 'reason' },
          {
            title: td('drives.tab.recipients'),
            key: 'delivery',
            render: (_, r) => {
              const d = r.delivery;
              if (!d) return <Tag>{td('drives.recipient.none')}</Tag>;
              return (
                <Space direction="vertical" size={0} data-testid={`delivery-${r.id}`}>
                  <span>
                    <Tag color={DELIVERY_COLOR[d.status]}>{lang === 'en' ? d.statusName.en : d.statusName.zh}</Tag>
                    {d.itemName} × {d.quantity}
                  </span>
                  <Typography.Text>
                    {td('drives.delivered.by', { who: d.deliveredByName, at: formatDateTime(d.deliveredAt, lang) })}
                  </Typography.Text>
                  {d.photos.map((p, i) => (
                    <a key={p} href={`/api/uploads/${encodeURIComponent(p)}`} target="_blank" rel="noreferrer">
                      {td('drives.photo', { n: i + 1 })}
                    </a>
                  ))}
                  {d.confirmedAt && (
                    <Typography.Text>
                      {td('drives.confirmed.by', {
                        who: d.confirmedByName ?? '',
                        at: formatDateTime(d.confirmedAt, lang),
                        method: method(d.confirmMethod),
                      })}
                    </Typography.Text>
                  )}
                </Space>
              );
            },
          },
          {
            title: '',
            key: 'act',
            render: (_, r) =>
              !r.delivery || r.delivery.status === 'voided' ? (
                drive.status === 'distributing' && (
                  <Button onClick={() => setDelivering(r)} data-testid={`deliver-${r.id}`}>
                    {td('drives.deliver')}
                  </Button>
                )
              ) : r.delivery.actions.length ? (
                <Button onClick={() => setConfirming(r)}>{td('drives.confirm')}</Button>
              ) : null,
          },
        ]}
      />
      {adding && (
        <AddRecipientModal
          drive={drive}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            changed();
          }}
        />
      )}
      {delivering && (
        <DeliverModal
          drive={drive}
          recipient={delivering}
          onClose={() => setDelivering(null)}
          onDone={() => {
            setDelivering(null);
            changed();
          }}
        />
      )}
      {confirming?.delivery && (
        <ConfirmModal
          drive={drive}
          recipient={confirming}
          onClose={() => setConfirming(null)}
          onDone={() => {
            setConfirming(null);
            changed();
          }}
        />
      )}
    </>
  );
}
