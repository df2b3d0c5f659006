import { Card, Table } from 'antd';
import { useAsync } from '../../../app/data';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { type Rates, rectification } from '../api';
import { rateText } from '../format';
import { inspText } from '../i18n';

type Row = Rates['units'][number];

/** Per unit: open, overdue and reworked orders; 结案率, 按期结案率, 返工率 (of a round, or of all). */
export function RatesTable({ roundId }: { roundId?: string }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const rates = useAsync(() => rectification.rates(roundId), [roundId]);
  const t = rates.data?.total;
  return (
    <Card title={<h2 className="lx-card-title">{ti('insp.desk.rates')}</h2>} size="small">
      {t && (
        <p data-testid="rates-total">
          {ti('insp.desk.ratesTotal', {
            total: t.total,
            open: t.open,
            overdue: t.overdue,
            close: rateText(t.closeRate, lang),
            onTime: rateText(t.onTimeRate, lang),
            rework: rateText(t.reworkRate, lang),
          })}
        </p>
      )}
      <Table<Row>
        rowKey="unitId"
        size="small"
        loading={rates.loading}
        dataSource={rates.data?.units ?? []}
        pagination={false}
        columns={[
          { title: ti('insp.desk.col.unit'), dataIndex: 'unitName' },
          { title: ti('insp.desk.col.total'), dataIndex: 'total' },
          { title: ti('insp.desk.col.open'), dataIndex: 'open' },
          { title: ti('insp.desk.col.overdue'), dataIndex: 'overdue' },
          { title: ti('insp.desk.col.reworked'), dataIndex: 'reworked' },
          { title: ti('insp.desk.col.closeRate'), dataIndex: 'closeRate', render: (v: number | null) => rateText(v, lang) },
          { title: ti('insp.desk.col.onTimeRate'), dataIndex: 'onTimeRate', render: (v: number | null) => rateText(v, lang) },
          { title: ti('insp.desk.col.reworkRate'), dataIndex: 'reworkRate', render: (v: number | null) => rateText(v, lang) },
        ]}
      />
    </Card>
  );
}
