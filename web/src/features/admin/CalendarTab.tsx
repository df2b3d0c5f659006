import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { admin } from '../../api/endpoints';
import type { CalendarDay, CalendarYear } from '../../api/types';
import { useAsync } from '../../app/data';
import { useI18n } from '../../i18n';
import { useBundle } from '../../i18n/bundle';
import { formatDate } from '../../i18n/format';
import { adminText } from './i18n';

/** The working-day calendar: public holidays and make-up working weekends (调休), year by year. */
export function CalendarTab() {
  const { lang } = useI18n();
  const t = useBundle(adminText);
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const days = useAsync(() => admin.calendar(year), [year]);
  const [source, setSource] = useState('');
  const [form] = Form.useForm<{ date: Dayjs; kind: 'holiday' | 'workday'; name: string }>();

  async function add() {
    const v = await form.validateFields();
    try {
      await admin.setDay(v.date.format('YYYY-MM-DD'), v.kind, v.name.trim());
      form.resetFields(['date', 'name']);
      days.reload();
      message.success(t('detail.done'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  /** The year on screen (not the one being typed while it loads) is the one confirmed. */
  async function confirm(shown: number) {
    try {
      await admin.confirmYear(shown, source.trim());
      setSource('');
      days.reload();
      message.success(t('detail.done'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <label htmlFor="cal-year">{t('admin.cal.year')}</label>
        <InputNumber id="cal-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      {days.data && (
        <YearStatus
          year={days.data}
          loading={days.loading}
          source={source}
          onSource={setSource}
          onConfirm={() => void confirm(days.data?.year ?? year)}
        />
      )}
      <Form form={form} layout="inline" initialValues={{ kind: 'holiday' }} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="date" label={t('admin.cal.date')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind" label={t('admin.cal.kind')}>
          <Select
            style={{ width: 130 }}
            options={[
              { value: 'holiday', label: t('admin.cal.holiday') },
              { value: 'workday', label: t('admin.cal.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('admin.cal.name')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input placeholder="国庆节" />
        </Form.Item>
        <Button type="primary" onClick={() => void add().catch(() => undefined)}>
          {t('admin.cal.add')}
        </Button>
      </Form>
      <Table<CalendarDay>
        rowKey="date"
        size="small"
        loading={days.loading}
        dataSource={days.data?.days ?? []}
        pagination={{ pageSize: 40, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.cal.date'), dataIndex: 'date', render: (d: string) => `${d}（${formatDate(`${d}T04:00:00Z`, lang)}）` },
          {
            title: t('admin.cal.kind'),
            dataIndex: 'kind',
            render: (k: CalendarDay['kind']) => (
              <span className={k === 'holiday' ? 'lx-badge' : 'lx-badge is-info'}>
                {k === 'holiday' ? t('admin.cal.holiday') : t('admin.cal.workday')}
              </span>
            ),
          },
          { title: t('admin.cal.name'), dataIndex: 'name' },
          {
            title: t('common.actions'),
            key: 'op',
            render: (_, d) => (
              <Popconfirm
                title={`${t('common.delete')} ${d.date}?`}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={async () => {
                  try {
                    await admin.removeDay(d.date);
                    days.reload();
                  } catch (e) {
                    message.error(e instanceof ApiError ? e.text(lang) : String(e));
                  }
                }}
              >
                <Button size="small" danger aria-label={`${t('common.delete')} ${d.date}`}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}

/** Where the year's days come from; a provisional or missing year asks the command centre to enter the notice and confirm. */
function YearStatus(props: { year: CalendarYear; loading: boolean; source: string; onSource(v: string): void; onConfirm(): void }) {
  const { lang } = useI18n();
  const t = useBundle(adminText);
  const { year } = props;
  if (year.status === 'official' || year.status === 'confirmed')
    return (
      <Alert
        style={{ marginBottom: 16 }}
        type="success"
        showIcon
        message={
          year.status === 'official'
            ? t('admin.cal.official', { source: year.source ?? '' })
            : t('admin.cal.confirmed', { at: year.confirmedAt ? formatDate(year.confirmedAt, lang) : '', source: year.source ?? '' })
        }
      />
    );
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type="warning"
      showIcon
      message={year.status === 'provisional' ? t('admin.cal.provisional') : t('admin.cal.missing')}
      description={
        <Space wrap>
          <Input
            aria-label={t('admin.cal.source')}
            placeholder={t('admin.cal.source')}
            value={props.source}
            maxLength={200}
            style={{ width: 320 }}
            onChange={(e) => props.onSource(e.target.value)}
          />
          <Button disabled={props.source.trim().length < 4 || props.loading} onClick={props.onConfirm}>
            {t('admin.cal.confirm')}
          </Button>
        </Space>
      }
    />
  );
}
