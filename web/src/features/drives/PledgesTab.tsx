import { Button, Form, Input, InputNumber, Radio, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { type Drive, drives, type Pledge } from './api';
import { driveText } from './i18n';

interface Values {
  itemId: string;
  donorKind: 'unit' | 'person';
  donorName: string;
  donorPhone?: string;
  quantity: number;
  note?: string;
}

/** Donors (a unit or a person) and what they pledged; what has arrived against each pledge. */
export default function PledgesTab({ drive, onChanged }: { drive: Drive; onChanged: (d: Drive) => void }) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const itemName = (id: string) => drive.items.find((i) => i.id === id)?.name ?? '';

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await drives.pledge(drive.id, { ...v, donorPhone: v.donorPhone?.trim() || undefined, note: v.note?.trim() || undefined }));
      form.resetFields(['donorName', 'donorPhone', 'quantity', 'note']);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Table<Pledge>
        rowKey="id"
        pagination={false}
        dataSource={drive.pledges}
        columns={[
          { title: td('drives.pledge.donor'), dataIndex: 'donorName' },
          {
            title: td('drives.pledge.kind'),
            dataIndex: 'donorKind',
            render: (k: string) => td(k === 'unit' ? 'drives.pledge.unit' : 'drives.pledge.person'),
          },
          { title: td('drives.pledge.phone'), dataIndex: 'donorPhone' },
          { title: td('drives.pledge.item'), dataIndex: 'itemId', render: itemName },
          { title: td('drives.quantity'), dataIndex: 'quantity' },
          { title: td('drives.pledge.received'), dataIndex: 'received' },
          { title: td('drives.note'), dataIndex: 'note' },
        ]}
      />
      {drive.status !== 'closed' && (
        <>
          <Typography.Title level={4} style={{ marginTop: 24 }}>
            {td('drives.pledge.add')}
          </Typography.Title>
          <Form<Values>
            form={form}
            layout="inline"
            onFinish={submit}
            initialValues={{ itemId: drive.items[0]?.id, donorKind: 'unit', quantity: 1 }}
          >
            <Form.Item name="donorKind" label={td('drives.pledge.kind')}>
              <Radio.Group
                options={[
                  { value: 'unit', label: td('drives.pledge.unit') },
                  { value: 'person', label: td('drives.pledge.person') },
                ]}
              />
            </Form.Item>
            <Form.Item name="donorName" label={td('drives.pledge.donor')} rules={[{ required: true, max: 60 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="donorPhone" label={td('drives.pledge.phone')}>
              <Input inputMode="tel" maxLength={13} />
            </Form.Item>
            <Form.Item name="itemId" label={td('drives.pledge.item')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={drive.items.map((i) => ({ value: i.id, label: i.name }))} />
            </Form.Item>
            <Form.Item name="quantity" label={td('drives.quantity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} />
            </Form.Item>
            <Form.Item name="note" label={td('drives.note')}>
              <Input maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {td('drives.pledge.add')}
            </Button>
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
