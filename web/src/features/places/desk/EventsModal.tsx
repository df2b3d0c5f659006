import { App, DatePicker, Empty, Form, Input, List, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { places } from '../../../api/endpoints';
import type { Place } from '../../../api/types';
import { useAsync } from '../../../app/data';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { placesDeskText } from './i18n';

interface Values {
  title: string;
  when: [Dayjs, Dayjs | null];
  organiser?: string;
  description?: string;
}

/** A station's upcoming events, and a form to post one (e.g. a safety talk for delivery riders). */
export function EventsModal({ place, onClose }: { place: Place; onClose: () => void }) {
  const { lang } = useI18n();
  const t = useBundle(placesDeskText);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const detail = useAsync(() => places.get(place.id), [place.id]);

  async function post() {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await places.addEvent(place.id, {
        title: v.title.trim(),
        startsAt: v.when[0].toISOString(),
        ...(v.when[1] ? { endsAt: v.when[1].toISOString() } : {}),
        ...(v.organiser?.trim() ? { organiser: v.organiser.trim() } : {}),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
      });
      message.success(t('dp.ev.posted'));
      form.resetFields();
      detail.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('dp.ev.of', { name: place.name })}
      onCancel={onClose}
      onOk={() => void post()}
      okText={t('dp.ev.add')}
      cancelText={t('common.close')}
      okButtonProps={{ loading: busy }}
      width={640}
    >
      <Typography.Title level={2} style={{ fontSize: '1rem' }}>
        {t('dp.ev.upcoming')}
      </Typography.Title>
      <List
        loading={detail.loading}
        dataSource={detail.data?.events ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dp.ev.none')} /> }}
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta
              title={e.title}
              description={`${formatDateTime(e.startsAt, lang)}${e.endsAt ? ` – ${formatDateTime(e.endsAt, lang)}` : ''}${e.organiser ? ` · ${e.organiser}` : ''}`}
            />
          </List.Item>
        )}
        style={{ marginBottom: 16 }}
      />
      <Typography.Title level={2} style={{ fontSize: '1rem' }}>
        {t('dp.ev.add')}
      </Typography.Title>
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('dp.ev.title')} rules={[{ required: true, whitespace: true, max: 80 }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="when" label={t('dp.ev.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[false, true]}
            disabledDate={(d) => d.isBefore(dayjs(), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="organiser" label={t('dp.ev.organiser')} rules={[{ max: 80 }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="description" label={t('dp.ev.description')} rules={[{ max: 1000 }]}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
