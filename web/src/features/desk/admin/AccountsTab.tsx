import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { admin } from '../../../api/endpoints';
import type { Account, Role } from '../../../api/types';
import { useAsync, useUnits } from '../../../app/data';
import { useI18n } from '../../../i18n';

export function AccountsTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const users = useAsync(admin.users, []);
  const roles = useAsync(admin.roles, []);
  const units = useUnits();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ username: string; displayName: string; password: string; role: Role; unitId?: string; phone?: string }>();
  const roleName = (r: string) => roles.data?.find((x) => x.code === r)?.name ?? r;

  async function add() {
    const v = await form.validateFields();
    try {
      await admin.addUser({ ...v, unitId: v.unitId ?? null, phone: v.phone?.trim() || null });
      users.reload();
      setAdding(false);
      message.success(t('detail.done'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('admin.acc.add')}
        </Button>
      </Space>
      <Table<Account>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.acc.username'), dataIndex: 'username' },
          { title: t('admin.acc.name'), dataIndex: 'displayName' },
          { title: t('admin.acc.role'), dataIndex: 'role', render: (r: string) => <Tag>{roleName(r)}</Tag> },
          { title: t('admin.acc.unit'), dataIndex: 'unitName', render: (n: string | null) => n ?? '—' },
          { title: t('admin.acc.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: t('admin.acc.status'),
            key: 's',
            render: (_, a) =>
              a.disabled ? (
                <span className="lx-badge is-muted">{t('admin.acc.disabled')}</span>
              ) : (
                <span className="lx-badge is-ok">{t('admin.acc.active')}</span>
              ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('admin.acc.add')}
        onCancel={() => setAdding(false)}
        onOk={() => void add().catch(() => undefined)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="username" label={t('admin.acc.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,40}$/ }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.acc.name')} rules={[{ required: true, max: 40 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('admin.acc.password')} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('admin.acc.role')} rules={[{ required: true }]}>
            <Select options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin.acc.unit')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${t(`unitKind.${u.kind}`)}）` }))}
            />
          </Form.Item>
          <Form.Item name="phone" label={t('admin.acc.phone')} rules={[{ pattern: /^1\d{10}$/ }]}>
            <Input inputMode="numeric" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
