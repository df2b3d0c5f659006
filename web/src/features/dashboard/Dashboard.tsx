import { Button, Card, DatePicker, Empty, Input, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { measures, requests } from '../../api/endpoints';
import type { RankingRow, RequestPoint, ServiceRequest } from '../../api/types';
import { unitName, useAsync, useUnits } from '../../app/data';
import { Chart } from '../../components/Chart';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { currentMonth, formatNumber, formatPercent, timeLeft } from '../../i18n/format';
import { LazyMap } from '../../map/LazyMap';
import { dashboardText } from './i18n';

/** 三率 and the composite per street or community for a month, the trend, the overdue list and the heat map. */
export default function Dashboard() {
  const { lang } = useI18n();
  const t = useBundle(dashboardText);
  const [month, setMonth] = useState(currentMonth());
  const [level, setLevel] = useState<'street' | 'community'>('street');
  const [unitFilter, setUnitFilter] = useState('');
  const ranking = useAsync(() => measures.ranking(month, level), [month, level]);
  const trend = useAsync(() => measures.trend(undefined, 12), []);
  const overdue = useAsync(() => requests.list({ queue: 'overdue', pageSize: 10 }), []);
  const points = useAsync(() => requests.points({}).catch(() => [] as RequestPoint[]), []);
  const units = useUnits();

  const cur = trend.data?.find((p) => p.month === month);
  const kpis = [
    { key: 'response', label: t('dash.response'), value: formatPercent(cur?.rates.responseRate, lang) },
    { key: 'resolution', label: t('dash.resolution'), value: formatPercent(cur?.rates.resolutionRate, lang) },
    { key: 'satisfaction', label: t('dash.satisfaction'), value: formatPercent(cur?.rates.satisfactionRate, lang) },
    { key: 'composite', label: t('dash.composite'), value: formatNumber(cur?.rates.composite, lang, 2) },
    { key: 'valid', label: t('dash.valid'), value: formatNumber(cur?.counts.valid, lang) },
    { key: 'created', label: t('dash.created'), value: formatNumber(cur?.counts.created, lang) },
  ];

  const trendOption = useMemo(() => {
    const items = trend.data ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: items.map((i) => i.month) },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: '%' },
        { type: 'value', name: t('dash.created'), splitLine: { show: false } },
      ],
      series: [
        { name: t('dash.created'), type: 'bar', yAxisIndex: 1, data: items.map((i) => i.counts.created), itemStyle: { color: '#d0d7e2' } },
        { name: t('dash.response'), type: 'line', data: items.map((i) => i.rates.responseRate), itemStyle: { color: '#1d4ed8' } },
        { name: t('dash.resolution'), type: 'line', data: items.map((i) => i.rates.resolutionRate), itemStyle: { color: '#1e7b34' } },
        { name: t('dash.satisfaction'), type: 'line', data: items.map((i) => i.rates.satisfactionRate), itemStyle: { color: '#c8102e' } },
        {
          name: t('dash.composite'),
          type: 'line',
          data: items.map((i) => i.rates.composite),
          itemStyle: { color: '#a15c00' },
          lineStyle: { type: 'dashed' },
        },
      ],
    };
  }, [trend.data, t]);

  const rankOption = useMemo(() => {
    const rows = (ranking.data?.rows ?? []).slice(0, 15);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 20, top: 10, bottom: 20 },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.unitName), axisLabel: { width: 100, overflow: 'truncate' } },
      series: [{ name: t('dash.composite'), type: 'bar', data: rows.map((r) => r.composite), itemStyle: { color: '#c8102e' } }],
    };
  }, [ranking.data, t]);

  const columns: ColumnsType<RankingRow> = [
    { title: t('dash.rank'), dataIndex: 'rank', width: 64 },
    {
      title: t('dash.unit'),
      dataIndex: 'unitName',
      render: (n: string, r) => (level === 'community' && r.streetName ? `${n}（${r.streetName}）` : n),
    },
    {
      title: t('dash.valid'),
      key: 'valid',
      width: 90,
      render: (_, r) => <span data-testid="rank-valid">{formatNumber(r.counts.valid, lang)}</span>,
    },
    { title: t('dash.response'), dataIndex: 'responseRate', width: 90, render: (v: number | null) => formatPercent(v, lang) },
    { title: t('dash.resolution'), dataIndex: 'resolutionRate', width: 90, render: (v: number | null) => formatPercent(v, lang) },
    { title: t('dash.satisfaction'), dataIndex: 'satisfactionRate', width: 90, render: (v: number | null) => formatPercent(v, lang) },
    {
      title: t('dash.composite'),
      dataIndex: 'composite',
      width: 90,
      render: (v: number | null) => <strong>{formatNumber(v, lang, 2)}</strong>,
    },
    { title: t('dash.onTime'), dataIndex: 'onTimeRate', width: 100, render: (v: number | null) => formatPercent(v, lang) },
    { title: t('dash.overdue'), key: 'overdue', width: 70, render: (_, r) => formatNumber(r.counts.overdue, lang) },
  ];

  const overdueCols: ColumnsType<ServiceRequest> = [
    { title: t('board.number'), dataIndex: 'number', width: 150, render: (n: string, r) => <Link to={`/desk/r/${r.id}`}>{n}</Link> },
    { title: t('board.titleCol'), dataIndex: 'title', ellipsis: true },
    { title: t('board.handler'), dataIndex: 'handlerUnitId', ellipsis: true, render: (id: string | null) => unitName(units.data, id) },
    {
      title: t('board.deadline'),
      key: 'd',
      width: 130,
      render: (_, r) => <span className="lx-overdue-text">{timeLeft(r.deadlines.resolve, t)?.text ?? '—'}</span>,
    },
  ];

  return (
    <div>
      <div className="lx-page-head">
        <h1>{t('dash.title')}</h1>
        <Space wrap>
          <DatePicker
            picker="month"
            aria-label={t('dash.month')}
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(v) => v && setMonth(v.format('YYYY-MM'))}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          />
          <Segmented
            aria-label={t('dash.level')}
            value={level}
            onChange={(v) => setLevel(v as 'street' | 'community')}
            options={[
              { value: 'street', label: t('dash.street') },
              { value: 'community', label: t('dash.community') },
            ]}
          />
          <Button href={measures.exportUrl(month, level, 'xlsx')} download data-testid="export-ranking">
            {t('dash.exportRanking')}
          </Button>
        </Space>
      </div>

      <Typography.Paragraph type="secondary">{t('dash.kpiScope')}</Typography.Paragraph>
      <section className="lx-kpis" aria-label={t('dash.kpiScope')} data-testid="kpis">
        {kpis.map((k) => (
          <div key={k.key} className="lx-kpi" data-testid={`kpi-${k.key}`}>
            <div className="lx-kpi-label">{k.label}</div>
            <div className="lx-kpi-value">{k.value}</div>
          </div>
        ))}
      </section>

      <div className="lx-grid-2" style={{ marginBottom: 16 }}>
        <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('dash.trend')}</h2>}>
          <Chart option={trendOption} label={t('dash.trend')} />
        </Card>
        <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{`${t('dash.ranking')} · ${t('dash.composite')}`}</h2>}>
          {ranking.data?.rows.length ? <Chart option={rankOption} label={t('dash.ranking')} /> : <Empty description={t('dash.noData')} />}
        </Card>
      </div>

      <Card
        title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{`${t('dash.ranking')} · ${month}`}</h2>}
        extra={
          <Input.Search
            allowClear
            aria-label={t('dash.findUnit')}
            placeholder={t('dash.findUnit')}
            onChange={(e) => setUnitFilter(e.target.value.trim())}
            style={{ width: 220 }}
            data-testid="ranking-filter"
          />
        }
        style={{ marginBottom: 16 }}
      >
        <Table<RankingRow>
          rowKey="unitId"
          size="small"
          loading={ranking.loading}
          dataSource={(ranking.data?.rows ?? []).filter(
            (r) => !unitFilter || r.unitName.includes(unitFilter) || (r.streetName ?? '').includes(unitFilter),
          )}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <span className="lx-muted">{t('dash.noData')}</span> }}
          onRow={(r) => ({ 'data-unit': r.unitId }) as React.HTMLAttributes<HTMLElement>}
          scroll={{ x: 900 }}
          data-testid="ranking"
        />
      </Card>

      <div className="lx-grid-2">
        <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('dash.heat')}</h2>}>
          <LazyMap label={t('dash.heat')} height={380} heat={points.data ?? []} />
        </Card>
        <Card
          title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('dash.overdueList')}</h2>}
          extra={<Link to="/desk?queue=overdue">{t('common.more')}</Link>}
        >
          <Table<ServiceRequest>
            rowKey="id"
            size="small"
            loading={overdue.loading}
            dataSource={overdue.data?.items ?? []}
            columns={overdueCols}
            pagination={false}
            locale={{ emptyText: <span className="lx-muted">{t('board.empty')}</span> }}
          />
        </Card>
      </div>
    </div>
  );
}
