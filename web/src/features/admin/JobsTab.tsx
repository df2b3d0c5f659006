import { App, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { admin } from '../../api/endpoints';
import type { Job } from '../../api/types';
import { useAsync } from '../../app/data';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { adminText } from './i18n';

const FILTERS = ['open', 'failed'] as const;
const TAG: Record<Job['status'], string> = { pending: 'blue', running: 'gold', done: 'green', failed: 'red' };

/** The command centre's view of background jobs: what waits, what runs, what failed and why; a retry. */
export function JobsTab() {
  const { lang } = useI18n();
  const t = useBundle(adminText);
  const { message } = App.useApp();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('open');
  const jobs = useAsync(() => admin.jobs(filter === 'failed' ? 'failed' : undefined), [filter]);

  async function retry(id: string) {
    try {
      await admin.retryJob(id);
      message.success(t('admin.jobs.retried'));
      jobs.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  const counts = jobs.data?.counts ?? {};
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          aria-label={t('admin.jobs.filter')}
          value={filter}
          onChange={(v) => setFilter(v as (typeof FILTERS)[number])}
          options={FILTERS.map((f) => ({ value: f, label: t(`admin.jobs.filter.${f}`) }))}
        />
        <Typography.Text type="secondary">
          {(['pending', 'running', 'failed'] as const).map((s) => `${t(`admin.jobs.status.${s}`)} ${counts[s] ?? 0}`).join(' · ')}
        </Typography.Text>
        <Button onClick={() => jobs.reload()}>{t('admin.jobs.refresh')}</Button>
      </Space>
      <Table<Job>
        rowKey="id"
        size="small"
        loading={jobs.loading}
        dataSource={jobs.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <span className="lx-muted">{t('common.empty')}</span> }}
        columns={[
          { title: t('admin.jobs.kind'), dataIndex: 'kind', render: (k: string) => <code>{k}</code> },
          {
            title: t('admin.acc.status'),
            dataIndex: 'status',
            render: (s: Job['status']) => <Tag color={TAG[s]}>{t(`admin.jobs.status.${s}`)}</Tag>,
          },
          { title: t('admin.jobs.runAt'), dataIndex: 'runAt', render: (at: string) => formatDateTime(at, lang) },
          { title: t('admin.jobs.attempts'), key: 'a', render: (_, j) => `${j.attempts} / ${j.maxAttempts}` },
          {
            title: t('admin.jobs.lastError'),
            dataIndex: 'lastError',
            render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : <span className="lx-muted">—</span>),
          },
          {
            title: t('common.actions'),
            key: 'op',
            render: (_, j) =>
              j.status === 'failed' ? (
                <Button size="small" onClick={() => void retry(j.id)}>
                  {t('admin.jobs.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
