import { App, Button, Form, InputNumber, Typography } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../../api/client';
import { measures } from '../../api/endpoints';
import type { Weights } from '../../api/types';
import { useAsync } from '../../app/data';
import { useI18n } from '../../i18n';

/** composite = response × w1 + resolution × w2 + satisfaction × w3 (default 0.1 / 0.5 / 0.4). */
export function WeightsTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const w = useAsync(measures.weights, []);
  const [form] = Form.useForm<Weights>();
  useEffect(() => {
    if (w.data) form.setFieldsValue(w.data);
  }, [w.data, form]);
  async function save() {
    const v = await form.validateFields();
    try {
      await measures.setWeights(v);
      message.success(t('detail.done'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }
  return (
    <Form form={form} layout="inline" style={{ rowGap: 8 }}>
      <Typography.Paragraph style={{ width: '100%' }} type="secondary">
        {t('dash.composite')} = {t('dash.response')} × w1 + {t('dash.resolution')} × w2 + {t('dash.satisfaction')} × w3
      </Typography.Paragraph>
      <Form.Item name="response" label={`${t('dash.response')} w1`}>
        <InputNumber min={0} max={1} step={0.05} />
      </Form.Item>
      <Form.Item name="resolution" label={`${t('dash.resolution')} w2`}>
        <InputNumber min={0} max={1} step={0.05} />
      </Form.Item>
      <Form.Item name="satisfaction" label={`${t('dash.satisfaction')} w3`}>
        <InputNumber min={0} max={1} step={0.05} />
      </Form.Item>
      <Button type="primary" onClick={() => void save().catch(() => undefined)}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
