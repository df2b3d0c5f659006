import { Alert, App, Button, Card, Descriptions, Empty, List, Result, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { type ActionInput, requests } from '../../../api/endpoints';
import type { Action, PhoneView, RequestDetail } from '../../../api/types';
import { unitName, useAsync, useCategories, useUnits } from '../../../app/data';
import { useSession } from '../../../app/session';
import { AttributeAnswers } from '../../../components/AttributeAnswers';
import { Photos } from '../../../components/Photos';
import { StatusTag } from '../../../components/StatusTag';
import { Timeline } from '../../../components/Timeline';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime, timeLeft } from '../../../i18n/format';
import { LazyMap } from '../../../map/LazyMap';
import { currentDeadline } from '../actionSpec';
import { requestsText } from '../i18n';
import { ActionModal } from './ActionModal';
import { requestsDeskText } from './i18n';
import { dispatchTargets } from './units';

/** Everything about one request, and exactly the actions the server allows this user now. */
export default function RequestDetailPage() {
  const { lang } = useI18n();
  const t = useBundle(requestsText, requestsDeskText);
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { user } = useSession();
  const res = useAsync(() => requests.get(id), [id]);
  const views = useAsync(() => requests.phoneViews(id).catch(() => [] as PhoneView[]), [id]);
  const cats = useCategories();
  const units = useUnits();
  const [override, setOverride] = useState<RequestDetail | null>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const d = override?.request.id === id ? override : res.data;

  if (res.loading && !d) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  if (res.error || !d) {
    const denied = res.error && [403, 404].includes(res.error.status);
    return (
      <Result
        status={denied ? '403' : 'error'}
        title={<h1 style={{ fontSize: '1.3rem' }}>{denied ? t('common.forbidden') : t('detail.title')}</h1>}
        subTitle={denied ? t('common.forbiddenHint') : res.error?.text(lang)}
        extra={
          <Link to="/desk">
            <Button type="primary">{t('desk.board')}</Button>
          </Link>
        }
        data-testid="detail-denied"
      />
    );
  }

  const r = d.request;
  const cat = cats.data?.find((c) => c.code === r.categoryCode);
  const left = timeLeft(currentDeadline(r), t);
  const kindName = (k: string) => t(`unitKind.${k}` as 'unitKind.grid');

  async function act(input: ActionInput) {
    try {
      const next = (await requests.act(id, { ...input, version: r.version })) as RequestDetail;
      setOverride(next);
      setOpen(null);
      message.success(`${t(`action.${input.action}`)} · ${t('detail.done')}`);
      views.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
      if (e instanceof ApiError && e.status === 409) {
        setOverride(null);
        res.reload();
      }
      throw e;
    }
  }

  async function reveal() {
    try {
      const c = await requests.contact(id);
      setPhone(c.phone);
      message.info(t('detail.revealed'));
      views.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  const createPhotos = d.timeline.find((e) => e.action === 'create')?.photos ?? [];

  return (
    <div>
      <div className="lx-page-head">
        <Space direction="vertical" size={0}>
          <Link to="/desk">← {t('desk.board')}</Link>
          <h1>
            {r.number} · {r.title}
          </h1>
        </Space>
        <Space wrap>
          <StatusTag status={r.status} />
          {r.urgency === 'urgent' && <span className="lx-badge">{t('urgency.urgent')}</span>}
          {(r.overdue || left?.overdue) && <span className="lx-badge">{t('detail.overdue')}</span>}
          {r.supervised && <span className="lx-badge is-warn">{t('detail.supervised')}</span>}
          {r.extensionPending && <span className="lx-badge is-warn">{t('detail.extensionPending')}</span>}
          {r.reopenCount > 0 && <Tag>{t('detail.reopened', { n: r.reopenCount })}</Tag>}
          <Button size="small" href={requests.cardUrl(r.id, 'pdf')} download data-testid="card-pdf">
            {t('detail.cardPdf')}
          </Button>
          <Button size="small" href={requests.cardUrl(r.id, 'docx')} download>
            {t('detail.cardDocx')}
          </Button>
        </Space>
      </div>

      <div className="lx-grid-2">
        <div>
          <Card
            title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.actions')}</h2>}
            style={{ marginBottom: 16 }}
            data-testid="detail-actions"
          >
            {d.actions.length ? (
              <Space wrap>
                {d.actions.map((a) =>
                  a === 'sign' || a === 'approve_extension' || a === 'close' ? (
                    <Button
                      key={a}
                      type={a === 'sign' ? 'primary' : 'default'}
                      onClick={() => void act({ action: a }).catch(() => undefined)}
                      data-testid={`action-${a}`}
                    >
                      {t(`action.${a}`)}
                    </Button>
                  ) : (
                    <Button
                      key={a}
                      type={a === 'dispatch' || a === 'resolve' ? 'primary' : 'default'}
                      onClick={() => setOpen(a)}
                      data-testid={`action-${a}`}
                    >
                      {t(`action.${a}`)}
                    </Button>
                  ),
                )}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>
            )}
          </Card>

          <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.info')}</h2>} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Typography.Paragraph>
            <AttributeAnswers answers={r.attributes} category={cat} />
            <Photos ids={createPhotos} />
            <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('detail.category')}>
                {cat ? (lang === 'en' ? cat.nameEn : cat.name) : r.categoryCode}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.urgency')}>{t(`urgency.${r.urgency}`)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.channel')}>{t(`channel.${r.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.createdAt')}>{formatDateTime(r.createdAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.community')}>{unitName(units.data, r.communityCode)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.grid')}>{unitName(units.data, r.gridCode)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.handler')}>{unitName(units.data, r.handlerUnitId)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.address')}>{r.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.publicLocation')}>
                {r.publicLocation ? t('common.yes') : t('common.no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.reporter')}>
                {r.anonymous ? t('grid.anonymous') : (r.reporter.name ?? '—')}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.phone')}>
                {phone ? (
                  <a href={`tel:${phone}`} data-testid="unmasked-phone">
                    {phone}
                  </a>
                ) : (
                  <Space>
                    <span>{r.reporter.phone ?? '—'}</span>
                    {r.reporter.phone && !r.anonymous && (
                      <Button size="small" onClick={() => void reveal()} data-testid="reveal">
                        {t('detail.reveal')}
                      </Button>
                    )}
                  </Space>
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>

          <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.deadlines')}</h2>} style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 3 }} size="small">
              <Descriptions.Item label={t('admin.cat.sign')}>{formatDateTime(r.deadlines.sign, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('admin.cat.contact')}>{formatDateTime(r.deadlines.contact, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('admin.cat.resolve')}>{formatDateTime(r.deadlines.resolve, lang)}</Descriptions.Item>
            </Descriptions>
            {left && <Alert type={left.overdue ? 'error' : 'info'} showIcon title={left.text} style={{ marginTop: 8 }} />}
          </Card>

          {(r.reply || r.rating) && (
            <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.reply')}</h2>} style={{ marginBottom: 16 }}>
              {r.reply && <Typography.Paragraph>{r.reply}</Typography.Paragraph>}
              {r.rating && (
                <Typography.Paragraph>
                  {t('detail.rating')}：
                  <span className={r.rating.rating === 'unsatisfied' ? 'lx-badge' : 'lx-badge is-ok'}>
                    {t(`rating.${r.rating.rating}`)}
                  </span>
                  {r.rating.resolved ? t('track.rate.resolvedYes') : t('track.rate.resolvedNo')}
                  {r.rating.comment ? ` · ${r.rating.comment}` : ''}
                </Typography.Paragraph>
              )}
            </Card>
          )}
        </div>

        <div>
          <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.timeline')}</h2>} style={{ marginBottom: 16 }}>
            <Timeline events={d.timeline} />
          </Card>
          <Card
            title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.phoneViews')}</h2>}
            style={{ marginBottom: 16 }}
            data-testid="phone-views"
          >
            {views.data?.length ? (
              <List
                size="small"
                dataSource={views.data}
                renderItem={(v) => (
                  <List.Item>
                    <span>{v.name ?? v.userId ?? ''}</span>
                    <Typography.Text type="secondary">{formatDateTime(v.at, lang)}</Typography.Text>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noPhoneViews')} />
            )}
          </Card>
          {r.location && (
            <Card title={<h2 style={{ margin: 0, fontSize: '1.05rem' }}>{t('detail.map')}</h2>}>
              <LazyMap label={t('detail.map')} height={260} marker={r.location} />
            </Card>
          )}
        </div>
      </div>

      {open && (
        <ActionModal action={open} targets={dispatchTargets(user, units.data, kindName)} onCancel={() => setOpen(null)} onSubmit={act} />
      )}
    </div>
  );
}
