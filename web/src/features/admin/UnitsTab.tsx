import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { catalog } from '../../api/endpoints';
import type { Unit, UnitKind } from '../../api/types';
import { invalidateUnits, loadUnits, unitName, useAsync } from '../../app/data';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { adminText } from './i18n';

/** The organisation tree as a filterable table; the centre adds grids, departments and co-building units. */
export function UnitsTab() {
  const { lang } = useI18n();
  const t = useBundle(adminText);
  const { message } = App.useApp();
  const units = useAsync(loadUnits, []);
  const [kind, setKind] = useState<UnitKind | undefined>('street');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{
    id: string;
    parentId: string;
    kind: 'grid' | 'department' | 'cobuild';
    name: string;
    lat?: number;
    lng?: number;
  }>();
  const rows = useMemo(
    () => (units.data ?? []).filter((u) => (!kind || u.kind === kind) && (!q || u.name.includes(q) || u.id.includes(q))),
    [units.data, kind, q],
  );
  const kinds: UnitKind[] = ['district', 'street', 'community', 'grid', 'department', 'cobuild'];

  async function add() {
    const v = await form.validateFields();
    try {
      await catalog.addUnit({
        id: v.id,
        parentId: v.parentId,
        kind: v.kind,
        name: v.name,
        ...(v.lat !== undefined && v.lng !== undefined ? { location: { lat: v.lat, lng: v.lng } } : {}),
      });
      invalidateUnits();
      units.reload();
      setAdding(false);
      message.success(t('detail.done'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('admin.units.kind')}
          allowClear
          style={{ width: 160 }}
          value={kind}
          onChange={setKind}
          placeholder={t('admin.units.kind')}
          options={kinds.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
        />
        <Input.Search
          aria-label={t('common.search')}
          placeholder={t('admin.units.name')}
          allowClear
          onSearch={setQ}
          style={{ width: 220 }}
        />
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('admin.units.add')}
        </Button>
      </Space>
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={units.loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('admin.units.id'), dataIndex: 'id', width: 180 },
          { title: t('admin.units.name'), dataIndex: 'name' },
          { title: t('admin.units.kind'), dataIndex: 'kind', width: 120, render: (k: UnitKind) => <Tag>{t(`unitKind.${k}`)}</Tag> },
          { title: t('admin.units.parent'), dataIndex: 'parentId', render: (p: string | null) => unitName(units.data, p) },
          {
            title: t('admin.units.location'),
            dataIndex: 'location',
            render: (l: Unit['location']) => (l ? `${l.lat.toFixed(4)}, ${l.lng.toFixed(4)}` : '—'),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('admin.units.add')}
        onCancel={() => setAdding(false)}
        onOk={() => void add().catch(() => undefined)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'grid' }}>
          <Form.Item name="kind" label={t('admin.units.kind')}>
            <Select options={(['grid', 'department', 'cobuild'] as const).map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="parentId" label={t('admin.units.parent')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(units.data ?? [])
                .filter((u) => u.kind === 'community' || u.kind === 'district')
                .map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="id" label={t('admin.units.id')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{2,40}$/ }]}>
            <Input placeholder="141102001002-04" />
          </Form.Item>
          <Form.Item name="name" label={t('admin.units.name')} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="lat" label="lat">
              <InputNumber min={-90} max={90} step={0.0001} />
            </Form.Item>
            <Form.Item name="lng" label="lng">
              <InputNumber min={-180} max={180} step={0.0001} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
