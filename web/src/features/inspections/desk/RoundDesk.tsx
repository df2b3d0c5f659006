import { App, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useAsync } from '../../../app/data';
import { useSession } from '../../../app/session';
import { Photos } from '../../../components/Photos';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { type Entry, inspections, rectification } from '../api';
import { rateText } from '../format';
import { inspText } from '../i18n';
import { RatesTable } from './RatesTable';

// ECharts loads with the scores only (like the dashboard).
const ScoresPanel = lazy(() => import('./ScoresPanel'));

/** One round on the desk: its state and actions, the 督查通报 and the ledger, scores and ranking, the failures. */
export function RoundDesk() {
  const { id = '' } = useParams();
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const round = useAsync(() => inspections.round(id), [id]);
  const [busy, setBusy] = useState(false);
  const inspects = user?.role === 'inspector' || user?.role === 'district_admin';
  const r = round.data;

  async function act(action: 'start' | 'finish') {
    if (!r) return;
    setBusy(true);
    try {
      await inspections.roundAction(r.id, action, r.version);
      round.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function similar(e: Entry) {
    try {
      const res = await inspections.similar(id, e.id);
      message.success(ti('insp.desk.similarMade', { n: res.created }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.text(lang) : String(err));
    }
  }

  if (round.loading && !r) return <Spin style={{ display: 'block', margin: '60px auto' }} />;
  if (round.error || !r) return <Typography.Paragraph type="danger">{round.error?.text(lang)}</Typography.Paragraph>;
  const fails = r.points.flatMap((p) => p.entries.filter((e) => e.result === 'fail').map((e) => ({ e, p })));
  const itemTitle = (itemId: string) => r.checklists.flatMap((c) => c.items).find((i) => i.id === itemId)?.title ?? itemId;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/desk/inspections">← {ti('insp.desk.tab.rounds')}</Link>
      <Card title={<h2 className="lx-card-title">{r.title}</h2>} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={ti('insp.desk.col.mode')}>{ti(`insp.mode.${r.mode}`)}</Descriptions.Item>
          <Descriptions.Item label={ti('insp.desk.col.status')}>
            <span data-testid="round-status">{ti(`insp.status.${r.status}`)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={ti('insp.desk.col.date')}>{r.plannedFor}</Descriptions.Item>
          <Descriptions.Item label={ti('insp.rate')}>
            <strong data-testid="round-rate">{rateText(r.score.rate, lang)}</strong> ({r.score.earned}/{r.score.possible})
          </Descriptions.Item>
          <Descriptions.Item label={ti('insp.desk.col.points')}>{r.pointCount}</Descriptions.Item>
          <Descriptions.Item label={ti('insp.desk.recheck')}>{ti(`insp.desk.recheck.${r.recheck}`)}</Descriptions.Item>
          {r.sampleSeed !== null && <Descriptions.Item label={ti('insp.desk.seed')}>{r.sampleSeed}</Descriptions.Item>}
        </Descriptions>
        <Space wrap>
          {inspects && r.actions.includes('start') && (
            <Button type="primary" loading={busy} onClick={() => void act('start')}>
              {ti('insp.round.start')}
            </Button>
          )}
          {inspects && r.actions.includes('finish') && (
            <Button loading={busy} onClick={() => void act('finish')} data-testid="desk-round-finish">
              {ti('insp.round.finish')}
            </Button>
          )}
          <Button href={inspections.reportUrl(r.id)} download data-testid="report-docx">
            {ti('insp.desk.report')}
          </Button>
          <Button href={rectification.ledgerUrl({ roundId: r.id })} download data-testid="ledger-xlsx">
            {ti('insp.desk.ledger')}
          </Button>
          {inspects && <Link to={`/inspect/${r.id}`}>{ti('insp.desk.onPhone')}</Link>}
        </Space>
      </Card>
      <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>
        <ScoresPanel roundId={r.id} />
      </Suspense>
      <Card title={<h2 className="lx-card-title">{ti('insp.desk.findings', { n: fails.length })}</h2>} size="small">
        <Table
          rowKey={(x) => x.e.id}
          size="small"
          dataSource={fails}
          pagination={false}
          columns={[
            { title: ti('insp.desk.col.point'), render: (_: unknown, x) => x.p.name },
            { title: ti('insp.desk.col.item'), render: (_: unknown, x) => itemTitle(x.e.itemId) },
            { title: ti('insp.fail.note'), render: (_: unknown, x) => x.e.note ?? '—' },
            { title: ti('insp.desk.col.when'), render: (_: unknown, x) => formatDateTime(x.e.takenAt, lang) },
            { title: ti('insp.order.before'), render: (_: unknown, x) => <Photos ids={x.e.photos} /> },
            {
              title: ti('insp.desk.col.order'),
              render: (_: unknown, x) =>
                x.e.orderId ? <Link to={`/desk/inspections/orders?open=${x.e.orderId}`}>{ti('insp.desk.openOrder')}</Link> : <Tag>—</Tag>,
            },
            ...(inspects
              ? [
                  {
                    title: ti('insp.similar.title'),
                    render: (_: unknown, x: { e: Entry }) => (
                      <Button size="small" onClick={() => void similar(x.e)}>
                        {ti('insp.desk.similar')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <RatesTable roundId={r.id} />
    </Space>
  );
}
