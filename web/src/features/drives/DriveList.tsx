import { Button, Progress, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { type DriveSummary, drives } from './api';
import CreateDriveModal from './CreateDriveModal';
import { driveText } from './i18n';

// Solid colours with white text (the theme's own), which keep a 4.5:1 contrast.
type MonthRow = { driveId: string; title: string; month: string; delivered: number; confirmed: number };

export const STATUS_COLOR = { preparing: '#4e5969', distributing: '#1d4ed8', closed: '#1e7b34' } as const;

/** The drives in my scope with their progress: target against delivered, signed for and disputed, in the target's unit. */
export default function DriveList() {
  const { lang } = useI18n();
  const td = useBundle(driveText);
  const nav = useNavigate();
  const [rows, setRows] = useState<DriveSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const [stats, setStats] = useState<MonthRow[]>([]);
  const load = useCallback(() => {
    drives
      .list()
      .then((r) => setRows(r.items))
      .catch(setError);
    drives
      .stats()
      .then((r) => setStats(r.items))
      .catch(setError);
  }, []);
  useEffect(() => load(), [load]);

  return (
    <div>
      <div className="lx-page-head">
        <h1>{td('drives.title')}</h1>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="drive-new">
          {td('drives.new')}
        </Button>
      </div>
      <Typography.Paragraph>{td('drives.intro')}</Typography.Paragraph>
      {error && <Typography.Paragraph type="danger">{error.text(lang)}</Typography.Paragraph>}
      <Table<DriveSummary>
        rowKey="id"
        loading={!rows && !error}
        dataSource={rows ?? []}
        locale={{ emptyText: td('drives.empty') }}
        pagination={false}
        columns={[
          {
            title: td('drives.col.title'),
            dataIndex: 'title',
            render: (_, d) => (
              <>
                <Link to={`/desk/drives/${d.id}`}>{d.title}</Link> {d.demo && <Tag>{td('drives.demo')}</Tag>}
              </>
            ),
          },
          { title: td('drives.col.organiser'), dataIndex: 'organiserName' },
          {
            title: td('drives.col.status'),
            dataIndex: 'status',
            render: (_, d) => <Tag color={STATUS_COLOR[d.status]}>{lang === 'en' ? d.statusName.en : d.statusName.zh}</Tag>,
          },
          {
            title: td('drives.col.progress'),
            key: 'progress',
            render: (_, d) => {
              const p = d.progress;
              return (
                <div style={{ minWidth: 240 }}>
                  <Progress
                    percent={Math.min(100, Math.round((p.delivered / Math.max(1, p.target)) * 100))}
                    success={{ percent: Math.min(100, Math.round((p.confirmed / Math.max(1, p.target)) * 100)) }}
                    size="small"
                    aria-label={td('drives.col.progress')}
                  />
                  <Typography.Text>{td(`drives.progress.${p.targetUnit}`, { ...p })}</Typography.Text>
                </div>
              );
            },
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {td('drives.stats')}
      </Typography.Title>
      <Table<MonthRow>
        rowKey={(r) => `${r.driveId}-${r.month}`}
        dataSource={stats}
        pagination={false}
        size="small"
        locale={{ emptyText: td('drives.empty') }}
        columns={[
          { title: td('drives.col.title'), dataIndex: 'title' },
          { title: td('drives.stats.month'), dataIndex: 'month' },
          { title: td('drives.stat.delivered'), dataIndex: 'delivered' },
          { title: td('drives.stat.confirmed'), dataIndex: 'confirmed' },
        ]}
      />
      {creating && (
        <CreateDriveModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            nav(`/desk/drives/${id}`);
          }}
        />
      )}
    </div>
  );
}
