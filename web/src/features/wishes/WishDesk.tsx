import { App, Button, Card, Input, Modal, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { unitName, useAsync, useCategories, useUnits } from '../../app/data';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { groupName, type Wish, type WishStatus, wishes } from './api';
import { wishText } from './i18n';
import { WishHistory } from './WishHistory';

/** The green of a fulfilled wish, dark enough to read (Ant Design's own green tag is too pale). */
const DONE_TAG = { color: '#14532d', background: '#eefaf1', borderColor: '#9bd3aa' };

type Step = 'publish' | 'decline' | 'confirm' | 'verify' | 'convert';
/** The filter's order (every status of the machine's words; the names file types it). */
const STATUSES: WishStatus[] = ['submitted', 'published', 'claimed', 'fulfilled', 'confirmed', 'declined', 'converted', 'cancelled'];

/** The community desk for wishes: check (publish or decline), confirm a delivery, turn one into a request, counts, the ledger. */
export default function WishDesk() {
  const tw = useBundle(wishText);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string>('');
  const list = useAsync(() => wishes.list({ status: status || undefined }), [status]);
  const stats = useAsync(() => wishes.stats(), []);
  const config = useAsync(() => wishes.config(), []);
  const units = useUnits();
  const categories = useCategories();
  const [open, setOpen] = useState<{ wish: Wish; step: Step } | null>(null);
  const [fields, setFields] = useState<Record<string, string | boolean>>({});
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!open) return;
    const f = fields;
    const body: Record<string, unknown> = { action: open.step, version: open.wish.version };
    if (open.step === 'publish')
      Object.assign(body, {
        boardText: f.boardText || undefined,
        contactName: f.contactName || undefined,
        contactPhone: f.contactPhone || undefined,
      });
    if (open.step === 'decline') body.reason = f.reason;
    if (open.step === 'confirm') body.byPhone = true;
    if (open.step === 'convert') body.categoryCode = f.categoryCode;
    setBusy(true);
    try {
      await wishes.act(open.wish.id, body);
      setOpen(null);
      void message.success(tw('wish.desk.done'));
      list.reload();
      stats.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  const button = (w: Wish, step: Step, label: string, primary = false) => (
    <Button
      size="small"
      type={primary ? 'primary' : 'default'}
      data-testid={`wish-${step}-${w.number}`}
      onClick={() => {
        setFields(step === 'publish' ? { boardText: w.boardText, contactName: '', contactPhone: '' } : {});
        setOpen({ wish: w, step });
      }}
    >
      {label}
    </Button>
  );

  return (
    <div>
      <div className="lx-page-head">
        <h1>{tw('wish.desk.title')}</h1>
        <Space wrap>
          <Link to="/wishes/new" className="ant-btn ant-btn-primary" data-testid="wish-desk-new">
            {tw('wish.desk.new')}
          </Link>
          <a href="/api/wishes/ledger.xlsx" download data-testid="wish-ledger">
            {tw('wish.desk.ledger')}
          </a>
        </Space>
      </div>
      <Space wrap size="large" style={{ marginBottom: 16 }}>
        <Card size="small">
          <Statistic title={tw('wish.desk.fulfilled')} value={stats.data?.fulfilled ?? 0} />
        </Card>
        <Card size="small" title={tw('wish.desk.byUnit')}>
          {(stats.data?.byUnit ?? []).map((u) => (
            <div key={u.key}>
              {u.name}：{u.count}
            </div>
          ))}
        </Card>
        <Card size="small" title={tw('wish.desk.byDrive')} data-testid="wish-by-drive">
          {(stats.data?.byDrive ?? []).map((d) => (
            <div key={d.key}>
              {d.name}：{d.count}
            </div>
          ))}
        </Card>
      </Space>
      <div style={{ marginBottom: 12 }}>
        <Select
          aria-label={tw('wish.desk.status')}
          style={{ minWidth: 160 }}
          value={status}
          onChange={setStatus}
          options={[{ value: '', label: tw('wish.desk.allStatus') }, ...STATUSES.map((s) => ({ value: s, label: tw(`wish.status.${s}`) }))]}
        />
      </div>
      {list.error && <Typography.Paragraph type="danger">{list.error.text(lang)}</Typography.Paragraph>}
      <Table<Wish>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: tw('wish.desk.number'), dataIndex: 'number' },
          { title: tw('wish.desk.community'), render: (_, w) => unitName(units.data, w.communityCode) },
          {
            title: tw('wish.desk.wish'),
            render: (_, w) => (
              <span>
                <Tag>{groupName(config.data?.groups, w.groupCode, lang)}</Tag>
                {w.title}（{w.valueYuan}元）
              </span>
            ),
          },
          {
            title: tw('wish.desk.recipient'),
            render: (_, w) => `${w.recipientName}${w.recipientAge !== null ? `，${w.recipientAge}` : ''}`,
          },
          {
            title: tw('wish.desk.status'),
            render: (_, w) => <Tag style={w.status === 'confirmed' ? DONE_TAG : undefined}>{tw(`wish.status.${w.status}`)}</Tag>,
          },
          {
            title: tw('wish.desk.claimer'),
            render: (_, w) =>
              w.claimerName ? `${w.claimerName}${w.claimerUnitId ? ` · ${unitName(units.data, w.claimerUnitId)}` : ''}` : '—',
          },
          {
            title: tw('wish.desk.actions'),
            render: (_, w) => (
              <Space wrap>
                {w.status === 'submitted' && button(w, 'publish', tw('wish.desk.publish'), true)}
                {w.status === 'submitted' && button(w, 'decline', tw('wish.desk.decline'))}
                {w.status === 'fulfilled' && button(w, 'confirm', tw('wish.desk.confirm'), true)}
                {w.timePending && button(w, 'verify', tw('wish.desk.verify'), true)}
                {(w.status === 'submitted' || w.status === 'published') && button(w, 'convert', tw('wish.desk.convert'))}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!open}
        title={open ? `${open.wish.number} · ${open.wish.title}` : ''}
        onCancel={() => setOpen(null)}
        onOk={() => void submit()}
        okButtonProps={{ loading: busy, 'data-testid': 'wish-step-ok' } as never}
      >
        {open?.wish.story && (
          <Typography.Paragraph>
            {tw('wish.desk.story')}：{open.wish.story}
          </Typography.Paragraph>
        )}
        {open && <WishHistory id={open.wish.id} />}
        {open?.step === 'publish' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <label htmlFor="wd-board">{tw('wish.desk.boardText')}</label>
            <Input
              id="wd-board"
              value={String(fields.boardText ?? '')}
              maxLength={80}
              onChange={(e) => setFields({ ...fields, boardText: e.target.value })}
            />
            <label htmlFor="wd-cname">{tw('wish.desk.contactName')}</label>
            <Input
              id="wd-cname"
              value={String(fields.contactName ?? '')}
              maxLength={20}
              onChange={(e) => setFields({ ...fields, contactName: e.target.value })}
            />
            <label htmlFor="wd-cphone">{tw('wish.desk.contactPhone')}</label>
            <Input
              id="wd-cphone"
              value={String(fields.contactPhone ?? '')}
              data-testid="wish-contact-phone"
              onChange={(e) => setFields({ ...fields, contactPhone: e.target.value })}
            />
          </Space>
        )}
        {open?.step === 'decline' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <label htmlFor="wd-reason">{tw('wish.desk.reason')}</label>
            <Input.TextArea
              id="wd-reason"
              maxLength={500}
              value={String(fields.reason ?? '')}
              onChange={(e) => setFields({ ...fields, reason: e.target.value })}
            />
          </Space>
        )}
        {open?.step === 'confirm' && (
          <Space>
            <Switch checked disabled aria-label={tw('wish.desk.confirm')} />
            {tw('wish.desk.confirm')}
          </Space>
        )}
        {open?.step === 'convert' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <label htmlFor="wd-cat">{tw('wish.desk.category')}</label>
            <Select
              id="wd-cat"
              style={{ width: '100%' }}
              value={fields.categoryCode as string | undefined}
              onChange={(v) => setFields({ ...fields, categoryCode: v })}
              options={(categories.data ?? [])
                .filter((c) => c.kinds.includes('problem'))
                .map((c) => ({ value: c.code, label: lang === 'en' ? c.nameEn : c.name }))}
            />
          </Space>
        )}
      </Modal>
    </div>
  );
}
