import { App, Badge, Button, DatePicker, Input, Modal, Select, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { requests } from '../../../api/endpoints';
import type { Channel, Queue, RequestFilters, ServiceRequest, Status } from '../../../api/types';
import { unitName, useAsync, useCategories, useUnits } from '../../../app/data';
import { useSession } from '../../../app/session';
import { StatusTag } from '../../../components/StatusTag';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatShort, timeLeft } from '../../../i18n/format';
import { currentDeadline } from '../actionSpec';
import { requestsText } from '../i18n';
import { requestsDeskText } from './i18n';
import { dispatchTargets, filterUnits } from './units';

const QUEUES: (Queue | 'all')[] = ['all', 'new', 'unassigned', 'overdue', 'supervised', 'extension'];
const STATUSES: Status[] = ['accepted', 'dispatched', 'signed', 'in_progress', 'resolved', 'rated', 'closed', 'rejected', 'merged'];
const CHANNELS: Channel[] = ['web', 'proxy', 'patrol', 'liaison', 'open311'];

/** Read the board's filters from the URL, so a view can be bookmarked and shared. */
function filtersOf(p: URLSearchParams): RequestFilters {
  const get = (k: string) => p.get(k) || undefined;
  const q = get('queue');
  return {
    queue: q && q !== 'all' ? (q as Queue) : undefined,
    status: get('status') as Status | undefined,
    categoryCode: get('categoryCode'),
    channel: get('channel') as Channel | undefined,
    unitId: get('unitId'),
    from: get('from'),
    to: get('to'),
    q: get('q'),
    page: Number(get('page') ?? 1),
    pageSize: Number(get('pageSize') ?? 20),
  };
}

export default function Board() {
  const { lang } = useI18n();
  const t = useBundle(requestsText, requestsDeskText);
  const { message } = App.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const f = useMemo(() => filtersOf(params), [params]);
  const list = useAsync(() => requests.list(f), [JSON.stringify(f)]);
  const cats = useCategories();
  const units = useUnits();
  const [selected, setSelected] = useState<string[]>([]);
  const [dispatchOpen, setDispatchOpen] = useState(false);
  const [target, setTarget] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [search, setSearch] = useState(f.q ?? '');
  const kindName = (k: string) => t(`unitKind.${k}` as 'unitKind.grid');
  const canDispatch = user && ['district_admin', 'street_staff', 'community_staff'].includes(user.role);

  function set(patch: Record<string, string | number | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || v === 'all') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
    setSelected([]);
  }

  async function bulkDispatch() {
    if (!target) return;
    setBusy(true);
    let ok = 0;
    const rows = list.data?.items ?? [];
    for (const id of selected) {
      const r = rows.find((x) => x.id === id);
      try {
        await requests.act(id, { action: 'dispatch', handlerUnitId: target, version: r?.version });
        ok++;
      } catch (e) {
        if (e instanceof ApiError && selected.length === 1) message.error(e.text(lang));
      }
    }
    setBusy(false);
    setDispatchOpen(false);
    setSelected([]);
    const fail = selected.length - ok;
    (fail ? message.warning : message.success)(t('board.dispatched', { ok, fail: fail ? t('board.failedN', { n: fail }) : '' }));
    list.reload();
  }

  const columns: ColumnsType<ServiceRequest> = [
    {
      title: t('board.number'),
      dataIndex: 'number',
      width: 160,
      render: (n: string, r) => (
        <Link to={`/desk/r/${r.id}`} data-testid="board-number">
          {n}
        </Link>
      ),
    },
    {
      title: t('board.titleCol'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, r) => (
        <Space size={4} wrap>
          {r.urgency === 'urgent' && <span className="lx-badge">{t('urgency.urgent')}</span>}
          {r.supervised && <span className="lx-badge is-warn">{t('detail.supervised')}</span>}
          {r.extensionPending && <span className="lx-badge is-warn">{t('detail.extensionPending')}</span>}
          <span>{title}</span>
        </Space>
      ),
    },
    {
      title: t('board.category'),
      dataIndex: 'categoryCode',
      width: 110,
      render: (c: string) => {
        const cat = cats.data?.find((x) => x.code === c);
        return cat ? (lang === 'en' ? cat.nameEn : cat.name) : c;
      },
    },
    {
      title: t('board.place'),
      key: 'place',
      width: 150,
      ellipsis: true,
      render: (_, r) => unitName(units.data, r.communityCode ?? r.streetCode),
    },
    {
      title: t('board.handler'),
      dataIndex: 'handlerUnitId',
      width: 150,
      ellipsis: true,
      render: (id: string | null) => unitName(units.data, id),
    },
    { title: t('board.status'), dataIndex: 'status', width: 96, render: (s: Status) => <StatusTag status={s} /> },
    {
      title: t('board.deadline'),
      key: 'deadline',
      width: 120,
      render: (_, r) => {
        const left = timeLeft(currentDeadline(r), t);
        if (!left) return '—';
        return <span className={left.overdue || r.overdue ? 'lx-overdue-text' : 'lx-ok-text'}>{left.text}</span>;
      },
    },
    { title: t('board.channel'), dataIndex: 'channel', width: 90, render: (c: Channel) => t(`channel.${c}`) },
    { title: t('board.created'), dataIndex: 'createdAt', width: 130, render: (d: string) => formatShort(d, lang) },
  ];

  const exportHref = (fmt: 'xlsx' | 'csv') => requests.exportUrl(f, fmt);

  return (
    <div>
      <div className="lx-page-head">
        <h1>{t('desk.board')}</h1>
        <Space wrap>
          <Button href={exportHref('xlsx')} download data-testid="export-xlsx">
            {t('board.export')}
          </Button>
          <Button href={exportHref('csv')} download>
            {t('board.exportCsv')}
          </Button>
        </Space>
      </div>
      <Tabs
        activeKey={f.queue ?? 'all'}
        onChange={(k) => set({ queue: k })}
        items={QUEUES.map((q) => ({ key: q, label: t(`queue.${q}`) }))}
      />
      <search className="lx-filters" aria-label={t('common.search')}>
        <Input.Search
          aria-label={t('board.search')}
          placeholder={t('board.search')}
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set({ q: v.trim() })}
          style={{ width: 260 }}
          data-testid="board-search"
        />
        <Select
          aria-label={t('board.category')}
          placeholder={t('board.category')}
          allowClear
          style={{ width: 150 }}
          value={f.categoryCode}
          onChange={(v) => set({ categoryCode: v })}
          options={(cats.data ?? []).map((c) => ({ value: c.code, label: lang === 'en' ? c.nameEn : c.name }))}
        />
        <Select
          aria-label={t('board.unit')}
          placeholder={t('board.unit')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 190 }}
          value={f.unitId}
          onChange={(v) => set({ unitId: v })}
          options={filterUnits(user, units.data, kindName)}
        />
        <Select
          aria-label={t('board.status')}
          placeholder={t('board.status')}
          allowClear
          style={{ width: 120 }}
          value={f.status}
          onChange={(v) => set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Select
          aria-label={t('board.channel')}
          placeholder={t('board.channel')}
          allowClear
          style={{ width: 120 }}
          value={f.channel}
          onChange={(v) => set({ channel: v })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <DatePicker.RangePicker
          aria-label={t('board.time')}
          value={f.from && f.to ? [dayjs(f.from), dayjs(f.to).subtract(1, 'day')] : null}
          onChange={(v) =>
            set({
              from: v?.[0] ? v[0].startOf('day').toISOString() : undefined,
              to: v?.[1] ? v[1].add(1, 'day').startOf('day').toISOString() : undefined,
            })
          }
        />
        <Button
          onClick={() => {
            setSearch('');
            setParams(new URLSearchParams(f.queue ? { queue: f.queue } : {}));
          }}
        >
          {t('common.reset')}
        </Button>
      </search>
      {canDispatch && (
        <Space style={{ marginBottom: 12 }}>
          <Typography.Text>{t('board.selected', { n: selected.length })}</Typography.Text>
          <Button type="primary" disabled={!selected.length} onClick={() => setDispatchOpen(true)} data-testid="bulk-dispatch">
            {t('board.bulkDispatch')}
          </Button>
        </Space>
      )}
      {list.error && <Typography.Paragraph type="danger">{list.error.text(lang)}</Typography.Paragraph>}
      <Table<ServiceRequest>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        rowSelection={
          canDispatch
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (r) => ({ disabled: r.status !== 'accepted', 'aria-label': r.number }),
              }
            : undefined
        }
        rowClassName={(r) => (r.overdue ? 'lx-row-overdue' : '')}
        locale={{ emptyText: <span className="lx-muted">{t('board.empty')}</span> }}
        scroll={{ x: 1100 }}
        pagination={{
          current: f.page,
          pageSize: f.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => <Badge color="#c8102e" text={t('grid.total', { n })} />,
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
      />
      <Modal
        title={t('board.bulkDispatch')}
        open={dispatchOpen}
        onCancel={() => setDispatchOpen(false)}
        onOk={() => void bulkDispatch()}
        okButtonProps={{ disabled: !target, loading: busy }}
        okText={t('action.dispatch')}
        cancelText={t('common.cancel')}
      >
        <p>{t('board.selected', { n: selected.length })}</p>
        <label htmlFor="bulk-target">{t('board.dispatchTo')}</label>
        <Select
          id="bulk-target"
          style={{ width: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
          value={target}
          onChange={setTarget}
          options={dispatchTargets(user, units.data, kindName)}
        />
      </Modal>
    </div>
  );
}
