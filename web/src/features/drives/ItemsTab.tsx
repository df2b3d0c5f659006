import { Button, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { type Drive, type DriveItem, drives } from './api';
import { driveText } from './i18n';

/** Packs and items with pledged, received, delivered and stock; stock received (against a pledge or not). */
export default function ItemsTab({ drive, onChanged }: { drive: Drive; onChanged: (d: Drive) => void }) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const [form] = Form.useForm<{ itemId: string; pledgeId?: string; quantity: number; note?: string }>();
  const itemId = Form.useWatch('itemId', form);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = drive.status !== 'closed';

  async function receive(v: { itemId: string; pledgeId?: string; quantity: number; note?: string }) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await drives.receive(drive.id, { ...v, pledgeId: v.pledgeId || undefined, note: v.note?.trim() || undefined }));
      form.resetFields(['quantity', 'note', 'pledgeId']);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Table<DriveItem>
        rowKey="id"
        pagination={false}
        dataSource={drive.items}
        columns={[
          { title: td('drives.f.itemName'), dataIndex: 'name' },
          { title: td('drives.f.contents'), dataIndex: 'contents' },
          { title: td('drives.f.value'), dataIndex: 'valueYuan' },
          { title: td('drives.item.pledged'), dataIndex: 'pledged' },
          { title: td('drives.item.received'), dataIndex: 'received' },
          { title: td('drives.item.delivered'), dataIndex: 'delivered' },
          { title: td('drives.item.stock'), dataIndex: 'stock', render: (n: number, i) => `${n} ${i.unitLabel}` },
        ]}
      />
      {open && (
        <>
          <Typography.Title level={4} style={{ marginTop: 24 }}>
            {td('drives.receive')}
          </Typography.Title>
          <Form form={form} layout="inline" onFinish={receive} initialValues={{ itemId: drive.items[0]?.id, quantity: 1 }}>
            <Form.Item name="itemId" label={td('drives.pledge.item')} rules={[{ required: true }]}>
              <Select style={{ width: 180 }} options={drive.items.map((i) => ({ value: i.id, label: i.name }))} />
            </Form.Item>
            <Form.Item name="pledgeId" label={td('drives.receive.pledge')}>
              <Select
                style={{ width: 220 }}
                allowClear
                placeholder={td('drives.receive.none')}
                options={drive.pledges
                  .filter((p) => p.itemId === itemId)
                  .map((p) => ({ value: p.id, label: `${p.donorName}（${p.received}/${p.quantity}）` }))}
              />
            </Form.Item>
            <Form.Item name="quantity" label={td('drives.quantity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} data-testid="receive-qty" />
            </Form.Item>
            <Form.Item name="note" label={td('drives.note')}>
              <Input maxLength={500} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="receive-submit">
                {td('drives.receive')}
              </Button>
            </Space>
          </Form>
          {error && (
            <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 8 }}>
              {error}
            </Typography.Paragraph>
          )}
        </>
      )}
    </>
  );
}
