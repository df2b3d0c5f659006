import { Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useUnits } from '../../app/data';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { drives } from './api';
import { driveText } from './i18n';

interface Values {
  title: string;
  description?: string;
  organiserUnitId: string;
  organiserName?: string;
  targetCount: number;
  targetUnit: 'recipients' | 'packs';
  items: { name: string; contents?: string; valueYuan?: number }[];
}

/** A new drive: its organising unit (mine or one below), a target, and its packs or items. */
export default function CreateDriveModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const { user } = useSession();
  const units = useUnits();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = user?.unit;
  // My unit and, below it, the streets and communities (the server checks the scope again).
  const options = (units.data ?? [])
    .filter((u) => u.kind !== 'grid' && u.kind !== 'cobuild' && (!mine || u.id === mine.id || u.path.startsWith(mine.path)))
    .filter((u) => mine?.kind === 'department' || u.kind !== 'department' || u.id === mine?.id)
    .map((u) => ({ value: u.id, label: u.name }));

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const d = await drives.create({
        ...v,
        description: v.description?.trim() || undefined,
        organiserName: v.organiserName?.trim() || undefined,
        items: v.items.map((i) => ({ name: i.name, contents: i.contents?.trim() || undefined, valueYuan: i.valueYuan ?? undefined })),
      });
      onCreated(d.id);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={td('drives.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={td('drives.submit')}
      confirmLoading={busy}
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ organiserUnitId: mine?.id, targetUnit: 'recipients', targetCount: 8, items: [{ name: '' }] }}
      >
        <Form.Item name="title" label={td('drives.f.title')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="drive-title" />
        </Form.Item>
        <Form.Item name="description" label={td('drives.f.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="organiserUnitId" label={td('drives.f.organiser')} rules={[{ required: true }]}>
          <Select options={options} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="organiserName" label={td('drives.f.organiserName')}>
          <Input maxLength={40} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="targetCount" label={td('drives.f.target')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item name="targetUnit" label={td('drives.f.targetUnit')}>
            <Radio.Group
              options={[
                { value: 'recipients', label: td('drives.unit.recipients') },
                { value: 'packs', label: td('drives.unit.packs') },
              ]}
            />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{td('drives.f.items')}</Typography.Title>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'name']} label={td('drives.f.itemName')} rules={[{ required: true, max: 40 }]}>
                    <Input data-testid={`drive-item-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'contents']} label={td('drives.f.contents')}>
                    <Input maxLength={400} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'valueYuan']} label={td('drives.f.value')}>
                    <InputNumber min={1} max={100000} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                      {td('drives.delete')}
                    </Button>
                  )}
                </Space>
              ))}
              <Button onClick={() => add({ name: '' })}>{td('drives.f.addItem')}</Button>
            </>
          )}
        </Form.List>
        {error && (
          <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 12 }}>
            {error}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
