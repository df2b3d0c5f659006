import { Alert, App, Button, Form, Input, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { type ImportResult, inspections, POINT_TYPES, type PointType } from '../api';
import { inspText } from '../i18n';

/** A checklist from Excel: every file is first a dry run listing each bad cell; 导入 only when it is clean (a new version). */
export function ChecklistImport({ onImported }: { onImported: () => void }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [pointType, setType] = useState<PointType>('back_street');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(f: File, dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const r = await inspections.importChecklist(f, pointType, name.trim() || ti(`insp.type.${pointType}`), dryRun);
      setReport(r);
      if (!dryRun && r.ok && r.checklist) {
        message.success(ti('insp.desk.imported', { v: r.checklist.version }));
        setFile(null);
        setReport(null);
        onImported();
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form layout="inline">
        <Form.Item label={ti('insp.desk.col.type')}>
          <Select
            style={{ width: 180 }}
            value={pointType}
            onChange={setType}
            options={POINT_TYPES.map((t) => ({ value: t, label: ti(`insp.type.${t}`) }))}
            aria-label={ti('insp.desk.col.type')}
          />
        </Form.Item>
        <Form.Item label={ti('insp.desk.col.name')}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} aria-label={ti('insp.desk.col.name')} />
        </Form.Item>
        <Button href={inspections.templateUrl} download>
          {ti('insp.desk.template')}
        </Button>
      </Form>
      <Upload.Dragger
        accept=".xlsx"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(f) => {
          setFile(f);
          void run(f, true);
          return Upload.LIST_IGNORE;
        }}
        data-testid="checklist-upload"
      >
        <p>{file ? file.name : ti('insp.desk.dropXlsx')}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <>
          <Alert
            type={report.ok ? 'success' : 'warning'}
            showIcon
            title={report.ok ? ti('insp.desk.dryOk', { n: report.rows }) : ti('insp.desk.dryBad', { n: report.issues.length })}
            data-testid="checklist-dry"
          />
          {report.issues.length > 0 && (
            <Table
              rowKey={(i) => `${i.row}-${i.column}`}
              size="small"
              dataSource={report.issues}
              pagination={false}
              columns={[
                { title: ti('insp.desk.col.row'), dataIndex: 'row' },
                { title: ti('insp.desk.col.column'), dataIndex: 'column' },
                { title: ti('insp.desk.col.problem'), render: (_: unknown, i) => (lang === 'en' ? i.messageEn : i.message) },
              ]}
            />
          )}
          <Button type="primary" disabled={!report.ok || !file} loading={busy} onClick={() => file && void run(file, false)}>
            {ti('insp.desk.importNow')}
          </Button>
        </>
      )}
    </Space>
  );
}
