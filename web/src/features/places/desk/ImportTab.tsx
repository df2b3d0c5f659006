import { Alert, App, Button, Card, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { places } from '../../../api/endpoints';
import type { ImportIssue, ImportReport } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { placesDeskText } from './i18n';

/**
 * Import places from Excel or GeoJSON: every upload is first a dry run (nothing written) whose
 * report lists every bad row with its row number, field and message; "导入" is enabled only when
 * the dry run is clean. Export: the places I manage as Excel or GeoJSON.
 */
export default function ImportTab({ onImported }: { onImported?: () => void }) {
  const { lang } = useI18n();
  const t = useBundle(placesDeskText);
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);

  async function check(f: File) {
    setFile(f);
    setReport(null);
    setError(null);
    setDone(null);
    setChecking(true);
    try {
      setReport(await places.import(f, true));
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setChecking(false);
    }
  }

  async function doImport() {
    if (!file) return;
    setImporting(true);
    setError(null);
    try {
      const r = await places.import(file, false);
      if (r.errors.length || !r.imported) {
        setReport(r); // the data changed since the check: show the new problems
        return;
      }
      setDone(r.imported);
      setReport(null);
      setFile(null);
      message.success(t('dp.im.done', { n: r.imported }));
      onImported?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setImporting(false);
    }
  }

  const clean = !!report && report.rows > 0 && report.errors.length === 0;
  const issues = [...(report?.errors ?? [])].sort((a, b) => a.row - b.row);
  const importLabel = clean ? t('dp.im.importN', { n: report?.valid ?? 0 }) : t('dp.im.import');

  return (
    <div className="lx-import">
      <Card title={<h2 className="lx-card-title">{t('dp.im.title')}</h2>} size="small" style={{ marginBottom: 16 }}>
        <Typography.Paragraph>{t('dp.im.hint')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: '0.9em' }}>
          {t('dp.im.columns')}
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,.geojson,.json,application/geo+json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          beforeUpload={(f) => {
            void check(f);
            return Upload.LIST_IGNORE;
          }}
          disabled={checking || importing}
          data-testid="import-upload"
        >
          <p className="lx-upload-title">{t('dp.im.choose')}</p>
          <p className="lx-muted">{t('dp.im.drop')}（.xlsx / .geojson）</p>
        </Upload.Dragger>

        <div aria-live="polite" className="lx-import-status" data-testid="import-status">
          {file && (
            <Typography.Paragraph strong style={{ marginTop: 12 }}>
              {t('dp.im.file', { name: file.name })}
            </Typography.Paragraph>
          )}
          {checking && <Typography.Paragraph>{t('dp.im.checking')}</Typography.Paragraph>}
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
          {done !== null && (
            <Alert type="success" showIcon title={t('dp.im.done', { n: done })} style={{ marginTop: 12 }} data-testid="import-done" />
          )}
          {report && (
            <Alert
              style={{ marginTop: 12 }}
              showIcon
              type={clean ? 'success' : report.rows === 0 ? 'warning' : 'error'}
              title={t('dp.im.summary', { rows: report.rows, valid: report.valid, bad: report.errors.length })}
              description={
                clean
                  ? t('dp.im.clean', { rows: report.rows })
                  : report.rows === 0
                    ? t('dp.im.emptyFile')
                    : t('dp.im.dirty', { n: report.errors.length })
              }
              data-testid="import-summary"
            />
          )}
        </div>

        {report && issues.length > 0 && (
          <Table<ImportIssue>
            style={{ marginTop: 12 }}
            size="small"
            rowKey={(r) => `${r.row}-${r.field}-${r.message}`}
            dataSource={issues}
            pagination={issues.length > 50 ? { pageSize: 50 } : false}
            caption={<span className="sr-only">{t('dp.im.problems')}</span>}
            data-testid="import-errors"
            onRow={(r) => ({ 'data-row': r.row }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('dp.im.row'),
                dataIndex: 'row',
                width: 80,
                render: (n: number) => <strong data-testid="import-error-row">{n}</strong>,
              },
              { title: t('dp.im.field'), dataIndex: 'field', width: 140 },
              { title: t('dp.im.message'), key: 'message', render: (_, r) => (lang === 'en' ? r.messageEn : r.message) },
            ]}
          />
        )}

        <Space style={{ marginTop: 16 }} wrap>
          <Tooltip title={clean ? undefined : t('dp.im.disabledHint')}>
            <span>
              <Button
                type="primary"
                disabled={!clean || importing}
                loading={importing}
                onClick={() => void doImport()}
                data-testid="import-submit"
              >
                {importLabel}
              </Button>
            </span>
          </Tooltip>
          {!clean && <Typography.Text type="secondary">{t('dp.im.disabledHint')}</Typography.Text>}
        </Space>
      </Card>

      <Card title={<h2 className="lx-card-title">{t('dp.im.export')}</h2>} size="small">
        <Typography.Paragraph>{t('dp.im.exportHint')}</Typography.Paragraph>
        <Space wrap>
          <Button href={places.exportUrl('xlsx')} download data-testid="export-places-xlsx">
            {t('dp.exportXlsx')}
          </Button>
          <Button href={places.exportUrl('geojson')} download data-testid="export-places-geojson">
            {t('dp.exportGeojson')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
