import { Alert, App, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { admin } from '../../api/endpoints';
import type { ApiKey } from '../../api/types';
import { useAsync } from '../../app/data';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDateTime } from '../../i18n/format';
import { adminText } from './i18n';

export function ApiKeysTab() {
  const { lang } = useI18n();
  const t = useBundle(adminText);
  const { message } = App.useApp();
  const keys = useAsync(admin.apiKeys, []);
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);

  async function create() {
    if (!name.trim()) return;
    try {
      const k = await admin.addApiKey(name.trim());
      setShown(String(k.key ?? ''));
      setName('');
      keys.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input
          aria-label={t('admin.key.name')}
          placeholder={t('admin.key.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
        />
        <Button type="primary" onClick={() => void create()} disabled={!name.trim()}>
          {t('admin.key.add')}
        </Button>
      </Space>
      {shown && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setShown(null) }}
          style={{ marginBottom: 12 }}
          title={t('admin.key.shown')}
          description={
            <Typography.Text copyable code>
              {shown}
            </Typography.Text>
          }
        />
      )}
      <Table<ApiKey>
        rowKey="id"
        size="small"
        loading={keys.loading}
        dataSource={keys.data ?? []}
        pagination={false}
        locale={{ emptyText: <span className="lx-muted">{t('common.empty')}</span> }}
        columns={[
          { title: t('admin.key.name'), dataIndex: 'name' },
          { title: t('admin.key.prefix'), dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
          { title: t('admin.key.created'), key: 'c', render: (_, k) => formatDateTime(k.createdAt, lang) },
          {
            title: t('admin.acc.status'),
            key: 's',
            render: (_, k) =>
              k.revokedAt ? <Tag>{t('admin.key.revoked')}</Tag> : <span className="lx-badge is-ok">{t('admin.acc.active')}</span>,
          },
          {
            title: t('common.actions'),
            key: 'op',
            render: (_, k) =>
              k.revokedAt ? null : (
                <Popconfirm
                  title={t('admin.key.revokeConfirm')}
                  okText={t('admin.key.revoke')}
                  cancelText={t('common.cancel')}
                  onConfirm={async () => {
                    try {
                      await admin.revokeApiKey(k.id);
                      keys.reload();
                    } catch (e) {
                      message.error(e instanceof ApiError ? e.text(lang) : String(e));
                    }
                  }}
                >
                  <Button size="small" danger>
                    {t('admin.key.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  );
}
