import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError } from '../../../api/client';
import { useAsync, useUnits } from '../../../app/data';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { inspections, POINT_TYPES, type Point, type PointType } from '../api';
import { inspText } from '../i18n';

/**
 * A new round: title, planned or 四不两直, the day, the street, who re-checks, and its points —
 * picked by hand or drawn N per type at random by the sampling helper (the seed is kept, so the
 * draw can be repeated).
 */
export function NewRoundDrawer({ onClose }: { onClose: (made: boolean) => void }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const units = useUnits();
  const streets = (units.data ?? []).filter((u) => u.kind === 'street');
  const [form] = Form.useForm();
  const [streetCode, setStreet] = useState<string | undefined>();
  const points = useAsync(() => inspections.points(streetCode ? { streetCode } : {}), [streetCode]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [perType, setPerType] = useState<Partial<Record<PointType, number>>>({});
  const [seed, setSeed] = useState<number>(() => Math.floor(Math.random() * 1_000_000));
  const [sampleSeed, setSampleSeed] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const typesHere = useMemo(() => POINT_TYPES.filter((t) => (points.data?.items ?? []).some((p) => p.type === t)), [points.data]);

  async function draw() {
    try {
      const r = await inspections.sample(seed, perType, streetCode);
      setChosen(r.points.map((p) => p.id));
      setSampleSeed(r.seed);
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  async function save(v: { title: string; mode: 'planned' | 'unannounced'; plannedFor: dayjs.Dayjs; recheck: 'any' | 'same' | 'other' }) {
    setBusy(true);
    try {
      await inspections.createRound({
        title: v.title,
        mode: v.mode,
        plannedFor: v.plannedFor.format('YYYY-MM-DD'),
        streetCode: streetCode ?? null,
        recheck: v.recheck,
        pointIds: chosen,
        sampleSeed,
      });
      message.success(ti('insp.desk.roundMade'));
      onClose(true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open size="large" title={ti('insp.desk.newRound')} onClose={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ mode: 'unannounced', plannedFor: dayjs(), recheck: 'any' }}>
        <Form.Item name="title" label={ti('insp.desk.col.title')} rules={[{ required: true, max: 80 }]}>
          <Input data-testid="round-title" />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="mode" label={ti('insp.desk.col.mode')}>
            <Radio.Group
              options={(['unannounced', 'planned'] as const).map((m) => ({ value: m, label: ti(`insp.mode.${m}`) }))}
              optionType="button"
            />
          </Form.Item>
          <Form.Item name="plannedFor" label={ti('insp.desk.col.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="recheck" label={ti('insp.desk.recheck')}>
            <Select
              style={{ width: 200 }}
              options={(['any', 'same', 'other'] as const).map((r) => ({ value: r, label: ti(`insp.desk.recheck.${r}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={ti('insp.desk.street')}>
          <Select
            allowClear
            value={streetCode}
            onChange={(v) => {
              setStreet(v);
              setChosen([]);
            }}
            placeholder={ti('insp.desk.wholeDistrict')}
            options={streets.map((s) => ({ value: s.streetCode ?? s.id, label: s.name }))}
            aria-label={ti('insp.desk.street')}
          />
        </Form.Item>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {ti('insp.desk.sample')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{ti('insp.desk.sampleHint')}</Typography.Paragraph>
        <Space wrap>
          {typesHere.map((t) => (
            <span key={t}>
              {ti(`insp.type.${t}`)}{' '}
              <InputNumber
                min={0}
                max={100}
                size="small"
                value={perType[t] ?? 0}
                onChange={(n) => setPerType((p) => ({ ...p, [t]: n || undefined }))}
                aria-label={ti(`insp.type.${t}`)}
              />
            </span>
          ))}
          <span>
            {ti('insp.desk.seed')} <InputNumber min={0} value={seed} onChange={(n) => setSeed(n ?? 0)} aria-label={ti('insp.desk.seed')} />
          </span>
          <Button onClick={() => void draw()} disabled={!Object.values(perType).some(Boolean)} data-testid="round-draw">
            {ti('insp.desk.draw')}
          </Button>
        </Space>
        <Table<Point>
          style={{ marginTop: 12 }}
          rowKey="id"
          size="small"
          loading={points.loading}
          dataSource={points.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setChosen(keys.map(String)) }}
          columns={[
            { title: ti('insp.desk.col.point'), dataIndex: 'name' },
            { title: ti('insp.desk.col.type'), dataIndex: 'type', render: (_: unknown, p) => p.typeName[lang] },
            { title: ti('insp.desk.col.community'), dataIndex: 'communityName' },
            { title: ti('insp.desk.col.unit'), dataIndex: 'unitName' },
          ]}
        />
        <Button type="primary" htmlType="submit" loading={busy} disabled={!chosen.length} data-testid="round-save">
          {ti('insp.desk.makeRound', { n: chosen.length })}
        </Button>
      </Form>
    </Drawer>
  );
}
