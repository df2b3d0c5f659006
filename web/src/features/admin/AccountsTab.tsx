import { App, Button, Dropdown, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { type AccountAction, accounts, admin } from '../../api/endpoints';
import type { Account, AccountFilter, Role } from '../../api/types';
import { useAsync, useUnits } from '../../app/data';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { adminText } from './i18n';

/** Which unit kinds each role may belong to (the server's ROLE_UNIT_KINDS), for the move dialog. */
const ROLE_UNIT_KINDS: Partial<Record<Role, string[]>> = {
  grid_worker: ['grid'],
  community_staff: ['community'],
  street_staff: ['street'],
  department_staff: ['department'],
  district_admin: ['district'],
  inspector: ['district', 'street', 'department'],
  volunteer: ['cobuild', 'community', 'district'],
};

/**
 * Accounts in my scope and their lifecycle: the command centre (系统管理 → 账号) sees all and
 * creates accounts; street and community staff (账号管理) manage their own subtree.
 */
export function AccountsTab({ canCreate = true }: { canCreate?: boolean }) {
  const { lang, locale } = useI18n();
  const t = useBundle(adminText);
  const { message, modal } = App.useApp();
  const { user: me } = useSession();
  const [filter, setFilter] = useState<AccountFilter>({});
  const users = useAsync(() => accounts.list(filter), [filter]);
  const roles = useAsync(admin.roles, []);
  const units = useUnits();
  const [adding, setAdding] = useState(false);
  const [temp, setTemp] = useState<{ name: string; password: string } | null>(null);
  const [moving, setMoving] = useState<Account | null>(null);
  const [moveTo, setMoveTo] = useState<string | undefined>();
  const [form] = Form.useForm<{ username: string; displayName: string; password: string; role: Role; unitId?: string; phone?: string }>();
  const roleName = (r: string) => roles.data?.find((x) => x.code === r)?.name ?? r;
  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.text(lang) : String(e));

  async function add() {
    const v = await form.validateFields();
    try {
      await admin.addUser({ ...v, unitId: v.unitId ?? null, phone: v.phone?.trim() || null });
      users.reload();
      setAdding(false);
      message.success(t('detail.done'));
    } catch (e) {
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field as 'password', errors: [e.text(lang)] }]);
      else fail(e);
    }
  }

  async function act(a: Account, action: AccountAction) {
    try {
      await accounts.act(a.id, action);
      users.reload();
      message.success(t('detail.done'));
    } catch (e) {
      fail(e);
    }
  }

  function confirmThen(text: string, run: () => Promise<void>) {
    modal.confirm({ content: text, okText: t('common.confirm'), cancelText: t('common.cancel'), onOk: run });
  }

  async function reset(a: Account) {
    try {
      const r = await accounts.resetPassword(a.id);
      setTemp({ name: a.displayName, password: r.temporaryPassword });
      users.reload();
    } catch (e) {
      fail(e);
    }
  }

  async function move() {
    if (!moving || !moveTo) return;
    try {
      await accounts.move(moving.id, moveTo);
      setMoving(null);
      users.reload();
      message.success(t('detail.done'));
    } catch (e) {
      fail(e);
    }
  }

  const moveKinds = moving ? (ROLE_UNIT_KINDS[moving.role] ?? []) : [];
  const unitOptions = (kinds?: string[]) =>
    (units.data ?? [])
      .filter((u) => !kinds || kinds.includes(u.kind))
      .map((u) => ({ value: u.id, label: `${u.name}（${t(`unitKind.${u.kind}`)}）` }));

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          allowClear
          aria-label={t('admin.acc.search')}
          placeholder={t('admin.acc.search')}
          style={{ width: 220 }}
          onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() || undefined }))}
        />
        <Select
          allowClear
          aria-label={t('admin.acc.role')}
          placeholder={t('admin.acc.allRoles')}
          style={{ width: 180 }}
          value={filter.role}
          onChange={(role?: Role) => setFilter((f) => ({ ...f, role }))}
          options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('admin.acc.unit')}
          placeholder={t('admin.acc.allUnits')}
          style={{ width: 220 }}
          value={filter.unitId}
          onChange={(unitId?: string) => setFilter((f) => ({ ...f, unitId }))}
          options={unitOptions()}
        />
        <Select
          allowClear
          aria-label={t('admin.acc.status')}
          placeholder={t('admin.acc.allStatus')}
          style={{ width: 150 }}
          value={filter.status}
          onChange={(status?: AccountFilter['status']) => setFilter((f) => ({ ...f, status }))}
          options={[
            { value: 'active', label: t('admin.acc.active') },
            { value: 'disabled', label: t('admin.acc.disabled') },
            { value: 'locked', label: t('admin.acc.locked') },
            { value: 'must_change', label: t('admin.acc.mustChange') },
          ]}
        />
        {canCreate && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('admin.acc.add')}
          </Button>
        )}
      </Space>
      <Table<Account>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('admin.acc.username'), dataIndex: 'username' },
          { title: t('admin.acc.name'), dataIndex: 'displayName' },
          { title: t('admin.acc.role'), dataIndex: 'role', render: (r: string) => <Tag>{roleName(r)}</Tag> },
          { title: t('admin.acc.unit'), dataIndex: 'unitName', render: (n: string | null) => n ?? '—' },
          { title: t('admin.acc.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: t('admin.acc.status'),
            key: 's',
            render: (_, a) => (
              <Space size={4} wrap>
                {a.disabled ? (
                  <span className="lx-badge is-muted">{t('admin.acc.disabled')}</span>
                ) : (
                  <span className="lx-badge is-ok">{t('admin.acc.active')}</span>
                )}
                {a.lockedUntil && (
                  <span
                    className="lx-badge is-warn"
                    title={t('admin.acc.lockedUntil', { time: new Date(a.lockedUntil).toLocaleString(locale) })}
                  >
                    {t('admin.acc.locked')}
                  </span>
                )}
                {a.mustChangePassword && <span className="lx-badge is-muted">{t('admin.acc.mustChange')}</span>}
              </Space>
            ),
          },
          {
            title: t('admin.acc.actions'),
            key: 'a',
            render: (_, a) =>
              a.id === me?.id ? null : (
                <Space size={4}>
                  <Button size="small" onClick={() => confirmThen(t('admin.acc.confirmReset', { name: a.displayName }), () => reset(a))}>
                    {t('admin.acc.reset')}
                  </Button>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        a.disabled
                          ? { key: 'enable', label: t('admin.acc.enable') }
                          : { key: 'disable', label: t('admin.acc.disable'), danger: true },
                        ...(ROLE_UNIT_KINDS[a.role] ? [{ key: 'move', label: t('admin.acc.move') }] : []),
                        ...(a.lockedUntil ? [{ key: 'unlock', label: t('admin.acc.unlock') }] : []),
                        { key: 'end-sessions', label: t('admin.acc.endSessions') },
                      ],
                      onClick: ({ key }) => {
                        if (key === 'move') {
                          setMoveTo(undefined);
                          setMoving(a);
                        } else if (key === 'disable')
                          confirmThen(t('admin.acc.confirmDisable', { name: a.displayName }), () => act(a, 'disable'));
                        else if (key === 'end-sessions')
                          confirmThen(t('admin.acc.confirmEnd', { name: a.displayName }), () => act(a, 'end-sessions'));
                        else void act(a, key as AccountAction);
                      },
                    }}
                  >
                    <Button size="small" aria-label={t('admin.acc.more', { name: a.displayName })}>
                      ⋯
                    </Button>
                  </Dropdown>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={temp !== null}
        title={t('admin.acc.tempTitle')}
        onCancel={() => setTemp(null)}
        onOk={() => setTemp(null)}
        okText={t('common.confirm')}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
      >
        <p>{t('admin.acc.tempShown', { name: temp?.name ?? '' })}</p>
        <Typography.Paragraph copyable={{ text: temp?.password ?? '' }} className="lx-temp-password" code>
          {temp?.password}
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={moving !== null}
        title={`${t('admin.acc.move')} · ${moving?.displayName ?? ''}`}
        onCancel={() => setMoving(null)}
        onOk={() => void move()}
        okButtonProps={{ disabled: !moveTo }}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <p className="lx-muted">{t('admin.acc.moveHint')}</p>
        <Form layout="vertical">
          <Form.Item label={t('admin.acc.moveTo')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('admin.acc.moveTo')}
              value={moveTo}
              onChange={setMoveTo}
              options={unitOptions(moveKinds).filter((o) => o.value !== moving?.unitId)}
            />
          </Form.Item>
        </Form>
      </Modal>
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
          <Form.Item
            name="password"
            label={t('admin.acc.password')}
            extra={t('admin.acc.passwordHint')}
            rules={[{ required: true, min: 10 }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('admin.acc.role')} rules={[{ required: true }]}>
            <Select options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('admin.acc.unit')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions()} />
          </Form.Item>
          <Form.Item name="phone" label={t('admin.acc.phone')} rules={[{ pattern: /^1\d{10}$/ }]}>
            <Input inputMode="numeric" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
