import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAsync } from '../../../app/data';
import { useSession } from '../../../app/session';
import { useBundle } from '../../../i18n/bundle';
import { inspections, type Round } from '../api';
import { inspText } from '../i18n';
import { NewRoundDrawer } from './NewRoundDrawer';

/** The rounds in my scope (an unannounced one reaches the inspected only once it has started). */
export function RoundsTab() {
  const ti = useBundle(inspText);
  const { user } = useSession();
  const list = useAsync(() => inspections.rounds(), []);
  const [adding, setAdding] = useState(false);
  const plans = user?.role === 'inspector' || user?.role === 'district_admin';
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {plans && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="round-new">
            {ti('insp.desk.newRound')}
          </Button>
        )}
      </Space>
      {list.error && <Typography.Paragraph type="danger">{list.error.message}</Typography.Paragraph>}
      <Table<Round>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          {
            title: ti('insp.desk.col.title'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/desk/inspections/rounds/${r.id}`}>{v}</Link>,
          },
          { title: ti('insp.desk.col.date'), dataIndex: 'plannedFor' },
          {
            title: ti('insp.desk.col.mode'),
            dataIndex: 'mode',
            render: (m: Round['mode']) => <Tag color={m === 'unannounced' ? 'red' : undefined}>{ti(`insp.mode.${m}`)}</Tag>,
          },
          { title: ti('insp.desk.col.status'), dataIndex: 'status', render: (s: Round['status']) => ti(`insp.status.${s}`) },
          { title: ti('insp.desk.col.points'), dataIndex: 'pointCount' },
          { title: ti('insp.desk.col.fails'), dataIndex: 'failCount' },
        ]}
      />
      {adding && (
        <NewRoundDrawer
          onClose={(made) => {
            setAdding(false);
            if (made) list.reload();
          }}
        />
      )}
    </>
  );
}
