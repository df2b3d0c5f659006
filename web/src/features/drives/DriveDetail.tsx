import { Button, Card, Col, Row, Space, Statistic, Tabs, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Loading } from '../../components/Feedback';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { type Drive, drives } from './api';
import { STATUS_COLOR } from './DriveList';
import ItemsTab from './ItemsTab';
import { driveText } from './i18n';
import PledgesTab from './PledgesTab';
import RecipientsTab from './RecipientsTab';

/** One drive: progress, its actions, packs and stock, donors and pledges, recipients and deliveries, history. */
export default function DriveDetail() {
  const { id = '' } = useParams();
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const [drive, setDrive] = useState<Drive | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    drives
      .get(id)
      .then(setDrive)
      .catch((e) => setError(e instanceof ApiError ? e.text(lang) : String(e)));
  }, [id, lang]);
  useEffect(() => reload(), [reload]);

  const actionName = (a: string) => (a === 'create' || a === 'start' || a === 'close' || a === 'reopen' ? td(`drives.action.${a}`) : a);

  if (!drive) return error ? <Typography.Paragraph type="danger">{error}</Typography.Paragraph> : <Loading />;
  const p = drive.progress;
  const act = async (action: string) => {
    setBusy(true);
    setError(null);
    try {
      setDrive(await drives.act(drive.id, action, drive.version));
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Link to="/desk/drives">← {td('drives.back')}</Link>
      <div className="lx-page-head">
        <h1>
          {drive.title}{' '}
          <Tag color={STATUS_COLOR[drive.status]} data-testid="drive-status">
            {lang === 'en' ? drive.statusName.en : drive.statusName.zh}
          </Tag>
        </h1>
        <Space wrap>
          {drive.actions.map((a) => (
            <Button key={a} type={a === 'start' ? 'primary' : 'default'} loading={busy} onClick={() => act(a)} data-testid={`drive-${a}`}>
              {td(`drives.action.${a}`)}
            </Button>
          ))}
          <Button href={drives.ledgerUrl(drive.id)} data-testid="drive-ledger">
            {td('drives.ledger')}
          </Button>
          <Link to={`/grid/drives/${drive.id}`}>{td('drives.deliverPhone')}</Link>
        </Space>
      </div>
      <Typography.Paragraph>
        {drive.organiserName}
        {drive.description ? ` · ${drive.description}` : ''}
      </Typography.Paragraph>
      {error && (
        <Typography.Paragraph type="danger" role="alert">
          {error}
        </Typography.Paragraph>
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['target', p.target],
            ['recipients', p.recipients],
            ['delivered', p.delivered],
            ['confirmed', p.confirmed],
            ['disputed', p.disputed],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} xs={12} md={4}>
            <Card size="small">
              <Statistic title={td(`drives.stat.${k}`)} value={v} data-testid={`drive-stat-${k}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Tabs
        defaultActiveKey="recipients"
        items={[
          { key: 'recipients', label: td('drives.tab.recipients'), children: <RecipientsTab drive={drive} onChanged={reload} /> },
          { key: 'items', label: td('drives.tab.items'), children: <ItemsTab drive={drive} onChanged={setDrive} /> },
          { key: 'pledges', label: td('drives.tab.pledges'), children: <PledgesTab drive={drive} onChanged={setDrive} /> },
          {
            key: 'timeline',
            label: td('drives.tab.timeline'),
            children: (
              <Timeline
                items={drive.timeline.map((e) => ({
                  children: (
                    <>
                      <strong>{e.actorName}</strong> · {actionName(e.action)} · {formatDateTime(e.at, lang)}
                      {e.note ? ` · ${e.note}` : ''}
                    </>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
