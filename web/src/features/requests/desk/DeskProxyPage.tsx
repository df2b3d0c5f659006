import { Button, Card, Result } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CreatedRequest } from '../../../api/types';
import { useCategories, useUnits } from '../../../app/data';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { useBundle } from '../../../i18n/bundle';
import { requestsText } from '../i18n';
import { RequestForm } from '../report/RequestForm';

/** 代录 from the desk: a caller on the phone, a visitor at the window. */
export default function DeskProxyPage() {
  const t = useBundle(requestsText);
  const cats = useCategories();
  const units = useUnits();
  const [done, setDone] = useState<CreatedRequest | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <div style={{ maxWidth: 760 }}>
      <div className="lx-page-head">
        <h1>{t('grid.proxy.title')}</h1>
      </div>
      <p className="lx-muted">{t('grid.proxy.intro')}</p>
      {done ? (
        <Card>
          <Result
            status="success"
            title={`${t('report.done.number')}：${done.number}`}
            extra={[
              <Link key="d" to={`/desk/r/${done.id}`}>
                <Button type="primary">{t('detail.title')}</Button>
              </Link>,
              <Button
                key="a"
                onClick={() => {
                  setDone(null);
                  setFormKey((n) => n + 1);
                }}
              >
                {t('report.done.again')}
              </Button>,
            ]}
          />
        </Card>
      ) : cats.loading || units.loading ? (
        <Loading />
      ) : cats.error || units.error ? (
        <ErrorNotice error={(cats.error ?? units.error)!} />
      ) : (
        <RequestForm
          key={formKey}
          categories={cats.data ?? []}
          units={units.data ?? []}
          initialKind="problem"
          channel="proxy"
          onDone={setDone}
        />
      )}
    </div>
  );
}
