import { Card, DatePicker, Empty, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { places } from '../../../api/endpoints';
import type { CheckinStats } from '../../../api/types';
import { useAsync } from '../../../app/data';
import { Chart } from '../../../components/Chart';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { currentMonth, formatNumber } from '../../../i18n/format';
import { placesText } from '../i18n';
import { groupName, WORKER_GROUPS } from '../placeText';
import { placesDeskText } from './i18n';

type Row = CheckinStats['stations'][number];

const COLOURS = ['#c8102e', '#1d4ed8', '#1e7b34', '#a15c00', '#6b21a8', '#0e7490', '#5c6370'];

/** How outdoor workers use the stations in a month: per worker group, per station (ECharts, with the numbers in a table). */
export default function StatsTab() {
  const { lang } = useI18n();
  const t = useBundle(placesText, placesDeskText);
  const [month, setMonth] = useState(currentMonth());
  const stats = useAsync(() => places.stats(month), [month]);
  const data = stats.data;
  // the server's groups in its order, then any others the data holds
  const allGroups = useMemo(() => {
    const known: string[] = WORKER_GROUPS.map(([g]) => g);
    return [...known, ...Object.keys(data?.groups ?? {}).filter((g) => !known.includes(g))];
  }, [data]);
  const top = allGroups.reduce<string | null>(
    (best, g) => ((data?.groups[g] ?? 0) > (best ? (data?.groups[best] ?? 0) : 0) ? g : best),
    null,
  );

  const byGroup = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: lang === 'en' ? 150 : 100, right: 40, top: 10, bottom: 30 },
      yAxis: { type: 'category', inverse: true, data: allGroups.map((g) => groupName(g, t)), axisLabel: { interval: 0 } },
      xAxis: { type: 'value', name: t('dp.st.people'), minInterval: 1 },
      series: [
        {
          name: t('dp.st.people'),
          type: 'bar',
          data: allGroups.map((g, i) => ({ value: data?.groups[g] ?? 0, itemStyle: { color: COLOURS[i % COLOURS.length] } })),
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [allGroups, data, t, lang],
  );

  const byStation = useMemo(() => {
    const rows = (data?.stations ?? []).slice(0, 15);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 150, right: 20, top: 40, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 140, overflow: 'truncate' } },
      series: allGroups.map((g, i) => ({
        name: groupName(g, t),
        type: 'bar',
        stack: 'all',
        data: rows.map((r) => r.groups[g] ?? 0),
        itemStyle: { color: COLOURS[i % COLOURS.length] },
      })),
    };
  }, [allGroups, data, t]);

  const columns: ColumnsType<Row> = [
    {
      title: t('dp.st.station'),
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      render: (n: string, r) => <Link to={`/places/${r.placeId}`}>{n}</Link>,
    },
    ...allGroups.map((g) => ({
      title: groupName(g, t),
      key: g,
      width: 96,
      align: 'right' as const,
      render: (_: unknown, r: Row) => formatNumber(r.groups[g] ?? 0, lang),
      sorter: (a: Row, b: Row) => (a.groups[g] ?? 0) - (b.groups[g] ?? 0),
    })),
    {
      title: t('dp.st.sum'),
      dataIndex: 'total',
      width: 90,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.total - b.total,
      render: (n: number) => <strong>{formatNumber(n, lang)}</strong>,
    },
  ];

  const kpis = [
    { key: 'total', label: t('dp.st.total'), value: formatNumber(data?.total, lang) },
    { key: 'stations', label: t('dp.st.stations'), value: formatNumber(data?.stations.length, lang) },
    { key: 'top', label: t('dp.st.topGroup'), value: top ? groupName(top, t) : '—' },
  ];

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <label htmlFor="stats-month">{t('dp.st.month')}</label>
        <DatePicker
          id="stats-month"
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(v) => v && setMonth(v.format('YYYY-MM'))}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        />
      </Space>
      {stats.error && <Typography.Paragraph type="danger">{stats.error.text(lang)}</Typography.Paragraph>}
      <section className="lx-kpis" aria-label={t('dp.stats')} data-testid="stats-kpis">
        {kpis.map((k) => (
          <div key={k.key} className="lx-kpi" data-testid={`stats-${k.key}`}>
            <div className="lx-kpi-label">{k.label}</div>
            <div className="lx-kpi-value">{k.value}</div>
          </div>
        ))}
      </section>
      {data && data.total === 0 ? (
        <Empty description={t('dp.st.none')} />
      ) : (
        <>
          <div className="lx-grid-2" style={{ marginBottom: 16 }}>
            <Card title={<h2 className="lx-card-title">{t('dp.st.byStation')}</h2>} size="small">
              <Chart option={byStation} label={`${t('dp.st.byStation')}（${t('dp.st.table')}）`} height={420} />
            </Card>
            <Card title={<h2 className="lx-card-title">{t('dp.st.byGroup')}</h2>} size="small">
              <Chart option={byGroup} label={allGroups.map((g) => `${groupName(g, t)} ${data?.groups[g] ?? 0}`).join('，')} height={420} />
            </Card>
          </div>
          <Card title={<h2 className="lx-card-title">{t('dp.st.table')}</h2>} size="small">
            <Table<Row>
              rowKey="placeId"
              size="small"
              loading={stats.loading}
              dataSource={data?.stations ?? []}
              columns={columns}
              scroll={{ x: 200 + allGroups.length * 96 + 90 }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              data-testid="stats-table"
            />
          </Card>
        </>
      )}
    </div>
  );
}
