import { Button, Card, Drawer, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { useAsync } from '../../../app/data';
import { useSession } from '../../../app/session';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { type Checklist, type ChecklistItem, inspections } from '../api';
import { inspText } from '../i18n';
import { ChecklistEditor } from './ChecklistEditor';
import { ChecklistImport } from './ChecklistImport';

/** Checklists per point type with every version (a round keeps the version it used); items; edit as a new version or import from Excel with a dry run (admin). */
export function ChecklistsTab() {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { user } = useSession();
  const list = useAsync(() => inspections.checklists(true), []);
  const [open, setOpen] = useState<string | null>(null);
  const isAdmin = user?.role === 'district_admin';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Table<Checklist>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: ti('insp.desk.col.type'), render: (_: unknown, c) => c.pointTypeName[lang] },
          {
            title: ti('insp.desk.col.name'),
            dataIndex: 'name',
            render: (v: string, c) => (
              <Button type="link" onClick={() => setOpen(c.id)}>
                {v}
              </Button>
            ),
          },
          {
            title: ti('insp.desk.col.version'),
            render: (_: unknown, c) => (
              <Space size={4}>
                v{c.version}
                {c.current && <Tag color="blue">{ti('insp.desk.current')}</Tag>}
              </Space>
            ),
          },
          { title: ti('insp.desk.col.items'), dataIndex: 'itemCount' },
          { title: ti('insp.desk.col.weight'), dataIndex: 'totalWeight' },
          { title: ti('insp.desk.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, lang) },
        ]}
      />
      {isAdmin && (
        <Card title={<h2 className="lx-card-title">{ti('insp.desk.import')}</h2>} size="small">
          <ChecklistImport onImported={list.reload} />
        </Card>
      )}
      {open && (
        <ChecklistDrawer
          id={open}
          editable={isAdmin}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

function ChecklistDrawer({ id, editable, onClose, onSaved }: { id: string; editable: boolean; onClose: () => void; onSaved: () => void }) {
  const ti = useBundle(inspText);
  const c = useAsync(() => inspections.checklist(id), [id]);
  const [editing, setEditing] = useState(false);
  return (
    <Drawer
      open
      size="large"
      title={c.data ? `${c.data.name} v${c.data.version}` : ''}
      onClose={onClose}
      destroyOnHidden
      extra={
        editable &&
        c.data &&
        !editing && (
          <Button type="primary" onClick={() => setEditing(true)} data-testid="checklist-edit">
            {ti('insp.edit.open')}
          </Button>
        )
      }
    >
      {!c.data ? (
        <Spin />
      ) : editing ? (
        <ChecklistEditor from={c.data} onSaved={onSaved} onCancel={() => setEditing(false)} />
      ) : (
        <Table<ChecklistItem>
          rowKey="id"
          size="small"
          dataSource={c.data.items}
          pagination={false}
          columns={[
            { title: ti('insp.desk.col.group'), dataIndex: 'group' },
            { title: ti('insp.desk.col.item'), dataIndex: 'title' },
            { title: ti('insp.item.failure'), dataIndex: 'failure' },
            {
              title: ti('insp.desk.col.weight'),
              render: (_: unknown, i) =>
                i.deductPerFinding === null ? i.weight : ti('insp.desk.deduct', { w: i.weight, d: i.deductPerFinding }),
            },
            { title: ti('insp.desk.col.responsible'), render: (_: unknown, i) => ti(`insp.resp.${i.responsible}`) },
            { title: ti('insp.desk.col.limit'), render: (_: unknown, i) => `${i.limitValue} ${ti(`insp.limit.${i.limitUnit}`)}` },
          ]}
        />
      )}
    </Drawer>
  );
}
