import { Button, Drawer, Select, Space, Spin, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAsync } from '../../../app/data';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { type Order, type OrderFilter, rectification } from '../api';
import { inspText } from '../i18n';
import { OrderActions } from '../orders/OrderActions';
import { OrderHistory, OrderSummary } from '../orders/OrderPage';
import { RatesTable } from './RatesTable';

const STATUSES = ['open', 'answered', 'closed', 'withdrawn'] as const;

/** Rectification orders in my scope (the unit's inbox on the desk): filter, the 台账 download, one order in a drawer. */
export function OrdersTab() {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<OrderFilter>({});
  const list = useAsync(() => rectification.orders({ ...filter, pageSize: 200 }), [filter.status, filter.overdue]);
  const openId = params.get('open');
  const close = () => {
    params.delete('open');
    setParams(params, { replace: true });
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={ti('insp.desk.col.status')}
          aria-label={ti('insp.desk.col.status')}
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
          options={STATUSES.map((s) => ({ value: s, label: ti(`insp.orderStatus.${s}`) }))}
        />
        <Button
          type={filter.overdue === '1' ? 'primary' : 'default'}
          onClick={() => setFilter((f) => ({ ...f, overdue: f.overdue === '1' ? undefined : '1' }))}
        >
          {ti('insp.order.overdue')}
        </Button>
        <Button href={rectification.ledgerUrl(filter)} download data-testid="orders-ledger">
          {ti('insp.desk.ledger')}
        </Button>
      </Space>
      <Table<Order>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        onRow={(o) => ({ onClick: () => setParams({ open: o.id }) })}
        columns={[
          {
            title: ti('insp.desk.col.item'),
            dataIndex: 'title',
            render: (v: string, o) => (
              <Button type="link" onClick={() => setParams({ open: o.id })} data-testid="desk-order">
                {v}
              </Button>
            ),
          },
          { title: ti('insp.desk.col.point'), dataIndex: 'pointName' },
          { title: ti('insp.desk.col.unit'), dataIndex: 'unitName' },
          {
            title: ti('insp.desk.col.status'),
            render: (_: unknown, o) => (
              <Space size={4} wrap>
                <Tag>{o.statusName[lang]}</Tag>
                {o.overdue && <Tag color="red">{ti('insp.order.overdue')}</Tag>}
                {o.recurring && <Tag color="red">{ti('insp.order.recurring')}</Tag>}
                {o.reworkCount > 0 && <Tag>{ti('insp.order.rework', { n: o.reworkCount })}</Tag>}
              </Space>
            ),
          },
          { title: ti('insp.order.deadlineLabel'), dataIndex: 'deadlineAt', render: (v: string) => formatDateTime(v, lang) },
        ]}
      />
      <RatesTable />
      {openId && <OrderDrawer id={openId} onClose={close} onChanged={list.reload} />}
    </Space>
  );
}

function OrderDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const ti = useBundle(inspText);
  const order = useAsync(() => rectification.order(id), [id]);
  const o = order.data;
  return (
    <Drawer open size="large" title={ti('insp.orders.title')} onClose={onClose} destroyOnHidden>
      {!o ? (
        <Spin style={{ display: 'block', margin: '40px auto' }} />
      ) : (
        <div className="lx-desk-order">
          <OrderSummary order={o} />
          <OrderActions
            key={`${o.id}-${o.version}`}
            order={o}
            onDone={() => {
              order.reload();
              onChanged();
            }}
          />
          <OrderHistory order={o} />
        </div>
      )}
    </Drawer>
  );
}
