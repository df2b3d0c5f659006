import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { catalog } from '../../api/endpoints';
import type { AttributeDatatype, AttributeDef, Category, Kind, Limit, Sla, Urgency } from '../../api/types';
import { invalidateCategories, useAsync, useUnits } from '../../app/data';
import { useI18n } from '../../i18n';
import { type BundleT, useBundle } from '../../i18n/bundle';
import { adminText } from './i18n';
import type adminStrings from './i18n/zh';

const URGENCIES: Urgency[] = ['urgent', 'normal', 'complex'];
const STEPS: (keyof Sla)[] = ['sign', 'contact', 'resolve'];
const KINDS: Kind[] = ['problem', 'help', 'suggestion', 'wish', 'finding'];
const DATATYPES: AttributeDatatype[] = ['singlevaluelist', 'multivaluelist', 'string', 'text', 'number', 'datetime'];
const isList = (d: AttributeDatatype | undefined) => d === 'singlevaluelist' || d === 'multivaluelist';

/** An attribute as edited: its options as lines "key=名称=English". */
type AttributeForm = Omit<AttributeDef, 'values'> & { valuesText?: string };

const toForm = (a: AttributeDef): AttributeForm => ({
  ...a,
  valuesText: (a.values ?? []).map((v) => [v.key, v.name, v.nameEn].filter(Boolean).join('=')).join('\n'),
});

function fromForm(a: AttributeForm): AttributeDef {
  const { valuesText, ...rest } = a;
  const values = (valuesText ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = '', name = '', nameEn] = line.split('=').map((x) => x.trim());
      return { key, name: name || key, ...(nameEn ? { nameEn } : {}) };
    });
  return {
    ...rest,
    required: !!rest.required,
    ...(rest.descriptionEn?.trim() ? { descriptionEn: rest.descriptionEn.trim() } : { descriptionEn: undefined }),
    ...(isList(rest.datatype) ? { values } : {}),
  };
}

function limitText(l: Limit, t: BundleT<typeof adminStrings>): string {
  return 'hours' in l ? t('time.hours', { n: l.hours }) : t('time.workdays', { n: l.workdays });
}

type FormValues = Omit<Category, 'sla' | 'sort' | 'attributes'> & {
  sort: number;
  attributes: AttributeForm[];
  sla: Record<Urgency, Record<keyof Sla, { n: number; unit: 'hours' | 'workdays' }>>;
};

export function CategoriesTab() {
  const { lang } = useI18n();
  const t = useBundle(adminText);
  const { message } = App.useApp();
  const list = useAsync(() => catalog.categories(true), []);
  const units = useUnits();
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const departments = (units.data ?? []).filter((u) => u.kind === 'department');

  function open(c: Category | 'new') {
    setEditing(c);
    const base: Category =
      c === 'new'
        ? {
            code: '',
            name: '',
            nameEn: '',
            kinds: ['problem'],
            icon: 'question',
            handler: 'grid',
            departmentId: null,
            sort: 100,
            active: true,
            attributes: [],
            sla: {
              urgent: { sign: { hours: 1 }, contact: { hours: 2 }, resolve: { hours: 24 } },
              normal: { sign: { hours: 24 }, contact: { hours: 24 }, resolve: { workdays: 7 } },
              complex: { sign: { hours: 24 }, contact: { hours: 24 }, resolve: { workdays: 15 } },
            },
          }
        : c;
    const sla = Object.fromEntries(
      URGENCIES.map((u) => [
        u,
        Object.fromEntries(
          STEPS.map((s) => [
            s,
            'hours' in base.sla[u][s]
              ? { n: (base.sla[u][s] as { hours: number }).hours, unit: 'hours' }
              : { n: (base.sla[u][s] as { workdays: number }).workdays, unit: 'workdays' },
          ]),
        ),
      ]),
    );
    form.setFieldsValue({ ...base, sla, attributes: (base.attributes ?? []).map(toForm) } as unknown as FormValues);
  }

  async function save() {
    const v = await form.validateFields();
    const sla = Object.fromEntries(
      URGENCIES.map((u) => [u, Object.fromEntries(STEPS.map((s) => [s, { [v.sla[u][s].unit]: v.sla[u][s].n }]))]),
    ) as unknown as Category['sla'];
    const code = editing === 'new' ? v.code : (editing as Category).code;
    try {
      await catalog.saveCategory(code, {
        name: v.name,
        nameEn: v.nameEn,
        kinds: v.kinds,
        icon: v.icon || 'question',
        handler: v.handler,
        departmentId: v.handler === 'department' ? v.departmentId : null,
        sla,
        sort: v.sort,
        active: v.active,
        attributes: (v.attributes ?? []).map(fromForm),
      });
      message.success(t('detail.done'));
      invalidateCategories();
      setEditing(null);
      list.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  }

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => open('new')}>
          {t('common.add')}
        </Button>
      </Space>
      <Table<Category>
        rowKey="code"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          { title: t('admin.cat.code'), dataIndex: 'code', width: 150 },
          { title: t('admin.cat.name'), key: 'name', width: 140, render: (_, c) => (lang === 'en' ? c.nameEn : c.name) },
          { title: t('admin.cat.kinds'), dataIndex: 'kinds', render: (ks: Kind[]) => ks.map((k) => <Tag key={k}>{t(`kind.${k}`)}</Tag>) },
          {
            title: t('admin.cat.handler'),
            key: 'h',
            width: 160,
            render: (_, c) =>
              c.handler === 'grid'
                ? t('admin.cat.handler.grid')
                : (departments.find((d) => d.id === c.departmentId)?.name ?? c.departmentId),
          },
          {
            title: `${t('urgency.normal')} · ${t('admin.cat.sla')}`,
            key: 'sla',
            render: (_, c) => STEPS.map((s) => `${t(`admin.cat.${s}`)} ${limitText(c.sla.normal[s], t)}`).join(' / '),
          },
          {
            title: t('admin.cat.attributes'),
            key: 'attrs',
            width: 160,
            render: (_, c) => (c.attributes ?? []).map((a) => <Tag key={a.code}>{a.required ? `${a.description} *` : a.description}</Tag>),
          },
          { title: t('admin.cat.active'), dataIndex: 'active', width: 70, render: (a: boolean) => (a ? t('common.yes') : t('common.no')) },
          {
            title: t('common.actions'),
            key: 'op',
            width: 80,
            render: (_, c) => (
              <Button size="small" onClick={() => open(c)} aria-label={`${t('common.edit')} ${c.name}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('common.add') : `${t('common.edit')} · ${(editing as Category | null)?.name ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={() => void save().catch(() => undefined)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        width={720}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item name="code" label={t('admin.cat.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}>
              <Input disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item name="name" label={t('admin.cat.name')} rules={[{ required: true, max: 20 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="nameEn" label={t('admin.cat.nameEn')} rules={[{ required: true, max: 60 }]}>
              <Input />
            </Form.Item>
          </Space>
          <Form.Item name="kinds" label={t('admin.cat.kinds')} rules={[{ required: true }]}>
            <Select mode="multiple" options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="handler" label={t('admin.cat.handler')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'grid', label: t('admin.cat.handler.grid') },
                  { value: 'department', label: t('admin.cat.handler.department') },
                ]}
              />
            </Form.Item>
            <Form.Item name="departmentId" label={t('admin.cat.department')}>
              <Select style={{ width: 200 }} allowClear options={departments.map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Form.Item name="sort" label="#">
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item name="active" label={t('admin.cat.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          {URGENCIES.map((u) => (
            <fieldset key={u} style={{ marginBottom: 8 }}>
              <legend>
                {t(`urgency.${u}`)} · {t('admin.cat.sla')}
              </legend>
              <Space wrap>
                {STEPS.map((s) => (
                  <Space.Compact key={s}>
                    <Form.Item name={['sla', u, s, 'n']} label={t(`admin.cat.${s}`)} rules={[{ required: true }]}>
                      <InputNumber min={1} max={720} style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={['sla', u, s, 'unit']} label=" ">
                      <Select
                        style={{ width: 100 }}
                        aria-label={`${t(`admin.cat.${s}`)} ${t('admin.cat.unitHours')}/${t('admin.cat.unitWorkdays')}`}
                        options={[
                          { value: 'hours', label: t('admin.cat.unitHours') },
                          { value: 'workdays', label: t('admin.cat.unitWorkdays') },
                        ]}
                      />
                    </Form.Item>
                  </Space.Compact>
                ))}
              </Space>
            </fieldset>
          ))}
          <fieldset data-testid="attribute-editor">
            <legend>{t('admin.cat.attributes')}</legend>
            <Form.List name="attributes">
              {(fields, { add, remove }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.map((field) => (
                    <Card
                      key={field.key}
                      size="small"
                      extra={
                        <Button size="small" danger onClick={() => remove(field.name)}>
                          {t('admin.cat.attr.remove')}
                        </Button>
                      }
                    >
                      <Space wrap align="start">
                        <Form.Item
                          name={[field.name, 'code']}
                          label={t('admin.cat.attr.code')}
                          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/ }]}
                        >
                          <Input style={{ width: 130 }} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'datatype']} label={t('admin.cat.attr.datatype')} rules={[{ required: true }]}>
                          <Select
                            style={{ width: 110 }}
                            options={DATATYPES.map((d) => ({ value: d, label: t(`admin.cat.attr.type.${d}`) }))}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'required']} label={t('admin.cat.attr.required')} valuePropName="checked">
                          <Switch />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'description']}
                          label={t('admin.cat.attr.description')}
                          rules={[{ required: true, max: 100 }]}
                        >
                          <Input style={{ width: 160 }} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'descriptionEn']} label={t('admin.cat.attr.descriptionEn')} rules={[{ max: 200 }]}>
                          <Input style={{ width: 160 }} />
                        </Form.Item>
                      </Space>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          isList(form.getFieldValue(['attributes', field.name, 'datatype'])) && (
                            <Form.Item name={[field.name, 'valuesText']} label={t('admin.cat.attr.values')} rules={[{ required: true }]}>
                              <Input.TextArea rows={3} placeholder={'pothole=坑槽=Pothole\ncrack=裂缝=Crack'} />
                            </Form.Item>
                          )
                        }
                      </Form.Item>
                    </Card>
                  ))}
                  <Button onClick={() => add({ datatype: 'singlevaluelist', required: false })} data-testid="attribute-add">
                    {t('admin.cat.attr.add')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </fieldset>
        </Form>
      </Modal>
    </>
  );
}
