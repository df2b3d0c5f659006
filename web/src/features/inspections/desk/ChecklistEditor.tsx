import { Alert, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { type ChecklistDetail, type ChecklistInput, inspections } from '../api';
import { inspText } from '../i18n';

type ItemInput = ChecklistInput['items'][number];
const RESPONSIBLE = ['point_unit', 'community', 'street', 'department'] as const;
const LIMIT_UNITS = ['hours', 'working_days', 'working_hours'] as const;

/**
 * 编辑为新版本 (admin): the items of a version in a form; saving makes a new current version of
 * the point type's checklist (rounds keep the version they used). The server validates every
 * field and names the one it refuses.
 */
export function ChecklistEditor({ from, onSaved, onCancel }: { from: ChecklistDetail; onSaved: () => void; onCancel: () => void }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const [form] = Form.useForm<{ name: string; items: ItemInput[] }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const initial = {
    name: from.name,
    items: from.items.map(({ id: _id, ...item }) => item),
  };
  const save = async (values: { name: string; items: ItemInput[] }) => {
    setSaving(true);
    setError(null);
    try {
      // codes stay stable across versions (trends and recurring flags follow them); a new item gets the next free one
      const used = new Set(values.items.map((i) => i.code).filter(Boolean));
      let n = values.items.length;
      const items = values.items.map((i) => {
        if (i.code) return i;
        while (used.has(`item-${++n}`));
        used.add(`item-${n}`);
        return { ...i, code: `item-${n}` };
      });
      await inspections.saveChecklist({ pointType: from.pointType, name: values.name, items });
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} data-testid="checklist-editor">
      <Form.Item name="name" label={ti('insp.desk.col.name')} rules={[{ required: true }]}>
        <Input maxLength={80} />
      </Form.Item>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((f, n) => (
              <Card
                key={f.key}
                size="small"
                title={`${n + 1}`}
                extra={
                  <Button size="small" danger onClick={() => remove(f.name)} aria-label={ti('insp.edit.remove', { n: n + 1 })}>
                    {ti('insp.edit.removeShort')}
                  </Button>
                }
              >
                <Form.Item name={[f.name, 'code']} hidden>
                  <Input />
                </Form.Item>
                <Space wrap align="start">
                  <Form.Item name={[f.name, 'group']} label={ti('insp.desk.col.group')} rules={[{ required: true }]}>
                    <Input maxLength={20} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} label={ti('insp.desk.col.item')} rules={[{ required: true }]}>
                    <Input maxLength={120} style={{ width: 320 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} label={ti('insp.desk.col.weight')} rules={[{ required: true }]}>
                    <InputNumber min={0} max={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deductPerFinding']} label={ti('insp.edit.deduct')}>
                    <InputNumber min={0} max={100} />
                  </Form.Item>
                </Space>
                <Form.Item name={[f.name, 'failure']} label={ti('insp.item.failure')} rules={[{ required: true }]}>
                  <Input.TextArea maxLength={300} autoSize />
                </Form.Item>
                <Space wrap align="start">
                  <Form.Item name={[f.name, 'responsible']} label={ti('insp.desk.col.responsible')}>
                    <Select style={{ width: 160 }} options={RESPONSIBLE.map((r) => ({ value: r, label: ti(`insp.resp.${r}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'departmentId']} label={ti('insp.edit.department')}>
                    <Input maxLength={40} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'limitValue']} label={ti('insp.desk.col.limit')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={720} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'limitUnit']} label={ti('insp.edit.limitUnit')}>
                    <Select style={{ width: 140 }} options={LIMIT_UNITS.map((u) => ({ value: u, label: ti(`insp.limit.${u}`) }))} />
                  </Form.Item>
                </Space>
              </Card>
            ))}
            <Button
              onClick={() =>
                add({
                  group: '',
                  title: '',
                  failure: '',
                  weight: 5,
                  deductPerFinding: null,
                  responsible: 'point_unit',
                  departmentId: null,
                  limitValue: 3,
                  limitUnit: 'working_days',
                })
              }
            >
              {ti('insp.edit.add')}
            </Button>
          </Space>
        )}
      </Form.List>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} role="alert" />}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="checklist-save">
          {ti('insp.edit.save')}
        </Button>
        <Button onClick={onCancel}>{ti('insp.cancel')}</Button>
      </Space>
    </Form>
  );
}
