import { App, Button, Drawer, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { useAsync, useUnits } from '../../../app/data';
import { useSession } from '../../../app/session';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { inspections, POINT_TYPES, type Point, type PointType } from '../api';
import { inspText } from '../i18n';

/** The places inspected (背街小巷, 小区, 农贸市场 …) with their responsible unit; admins and streets add them. */
export function PointsTab() {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { user } = useSession();
  const [type, setType] = useState<PointType | undefined>();
  const list = useAsync(() => inspections.points(type ? { type } : {}), [type]);
  const [adding, setAdding] = useState(false);
  const adds = user?.role === 'district_admin' || user?.role === 'street_staff';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={ti('insp.desk.col.type')}
          aria-label={ti('insp.desk.col.type')}
          value={type}
          onChange={setType}
          options={POINT_TYPES.map((t) => ({ value: t, label: ti(`insp.type.${t}`) }))}
        />
        {adds && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {ti('insp.desk.addPoint')}
          </Button>
        )}
      </Space>
      <Table<Point>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: ti('insp.desk.col.point'), dataIndex: 'name' },
          { title: ti('insp.desk.col.type'), render: (_: unknown, p) => p.typeName[lang] },
          { title: ti('insp.desk.street'), dataIndex: 'streetName' },
          { title: ti('insp.desk.col.community'), dataIndex: 'communityName' },
          { title: ti('insp.desk.col.unit'), dataIndex: 'unitName' },
          { title: ti('insp.desk.col.address'), dataIndex: 'address' },
        ]}
      />
      {adding && (
        <AddPoint
          onClose={(made) => {
            setAdding(false);
            if (made) list.reload();
          }}
        />
      )}
    </Space>
  );
}

function AddPoint({ onClose }: { onClose: (made: boolean) => void }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const units = useUnits();
  const communities = (units.data ?? []).filter((u) => u.kind === 'community');
  const [busy, setBusy] = useState(false);
  async function save(v: { name: string; type: PointType; communityCode: string; unitId: string; address?: string }) {
    setBusy(true);
    try {
      await inspections.addPoint({ ...v, address: v.address?.trim() || null });
      onClose(true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Drawer open title={ti('insp.desk.addPoint')} onClose={() => onClose(false)} destroyOnHidden>
      <Form layout="vertical" onFinish={save}>
        <Form.Item name="name" label={ti('insp.desk.col.point')} rules={[{ required: true, max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label={ti('insp.desk.col.type')} rules={[{ required: true }]}>
          <Select options={POINT_TYPES.map((t) => ({ value: t, label: ti(`insp.type.${t}`) }))} />
        </Form.Item>
        <Form.Item name="communityCode" label={ti('insp.desk.col.community')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={communities.map((c) => ({ value: c.communityCode ?? c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="unitId" label={ti('insp.desk.col.unit')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="address" label={ti('insp.desk.col.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {ti('insp.desk.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
