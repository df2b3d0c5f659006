import { Card, Col, Row, Segmented, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useAsync } from '../../../app/data';
import { Chart } from '../../../components/Chart';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { inspections, type ScoreRow } from '../api';
import { rateText } from '../format';
import { inspText } from '../i18n';

const LEVELS = ['streets', 'communities', 'units', 'points'] as const;
type Level = (typeof LEVELS)[number];
/** A rate (0..1) as a percentage with one decimal, for the charts. */
const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** 得分率 per street, community, unit and point, ranked (a bar chart and the same numbers in a table), and the trend between rounds. */
export default function ScoresPanel({ roundId }: { roundId: string }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const scores = useAsync(() => inspections.scores(roundId), [roundId]);
  const trend = useAsync(() => inspections.trend(), []);
  const [level, setLevel] = useState<Level>('communities');
  const rows = scores.data?.[level] ?? [];

  const rankOption = useMemo(
    () => ({
      grid: { left: 140, right: 24, top: 16, bottom: 24 },
      tooltip: {},
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', inverse: true, data: rows.slice(0, 15).map((r) => r.name) },
      series: [{ type: 'bar', data: rows.slice(0, 15).map((r) => pct(r.rate)), itemStyle: { color: '#c8102e' } }],
    }),
    [rows],
  );
  const trendRows = trend.data?.rounds ?? [];
  const trendOption = useMemo(
    () => ({
      grid: { left: 48, right: 24, top: 16, bottom: 48 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: trendRows.map((r) => r.plannedFor) },
      yAxis: { type: 'value', max: 100 },
      series: [{ type: 'line', data: trendRows.map((r) => pct(r.rate)), itemStyle: { color: '#1d4ed8' } }],
    }),
    [trendRows],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card
          title={<h2 className="lx-card-title">{ti('insp.desk.ranking')}</h2>}
          size="small"
          extra={
            <Segmented
              value={level}
              onChange={(v) => setLevel(v as Level)}
              options={LEVELS.map((l) => ({ value: l, label: ti(`insp.desk.level.${l}`) }))}
            />
          }
        >
          {rows.length > 0 && (
            <Chart
              option={rankOption}
              label={rows.map((r) => `${r.rank}. ${r.name} ${rateText(r.rate, lang)}`).join('；')}
              height={Math.max(160, Math.min(15, rows.length) * 28 + 40)}
            />
          )}
          <Table<ScoreRow>
            rowKey="key"
            size="small"
            loading={scores.loading}
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            data-testid="score-table"
            columns={[
              { title: ti('insp.desk.col.rank'), dataIndex: 'rank', width: 64 },
              { title: ti('insp.desk.col.name'), dataIndex: 'name' },
              { title: ti('insp.desk.col.earned'), render: (_: unknown, r) => `${r.earned}/${r.possible}` },
              { title: ti('insp.rate'), dataIndex: 'rate', render: (v: number | null) => rateText(v, lang) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={<h2 className="lx-card-title">{ti('insp.desk.trend')}</h2>} size="small">
          {trendRows.length > 0 && (
            <Chart option={trendOption} label={trendRows.map((r) => `${r.title} ${rateText(r.rate, lang)}`).join('；')} height={260} />
          )}
          <Table
            rowKey="roundId"
            size="small"
            dataSource={trendRows}
            pagination={false}
            columns={[
              { title: ti('insp.desk.col.title'), dataIndex: 'title' },
              { title: ti('insp.rate'), dataIndex: 'rate', render: (v: number | null) => rateText(v, lang) },
              {
                title: ti('insp.desk.col.change'),
                dataIndex: 'change',
                render: (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)}`),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
