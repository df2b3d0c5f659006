import { useState } from 'react';
import { Link } from 'react-router';
import type { CreatedRequest } from '../../../api/types';
import { useCategories, useUnits } from '../../../app/data';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import { requestsText } from '../i18n';
import { RequestForm } from '../report/RequestForm';

/** 代录: a grid worker records the request of a caller or visitor without a smartphone. */
export default function ProxyEntryPage() {
  const t = useBundle(requestsText);
  const cats = useCategories();
  const units = useUnits();
  const [done, setDone] = useState<CreatedRequest | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <MobileShell title={t('grid.proxy.title')}>
      <h1>{t('grid.proxy.title')}</h1>
      <p className="lx-muted">{t('grid.proxy.intro')}</p>
      {done ? (
        <div className="lx-card" role="status">
          <p>{t('report.done.number')}</p>
          <p className="lx-bignum">{done.number}</p>
          <div className="lx-row">
            <Link className="lx-btn is-primary" to={`/grid/r/${done.id}`}>
              {t('detail.title')}
            </Link>
            <button
              type="button"
              className="lx-btn"
              onClick={() => {
                setDone(null);
                setFormKey((n) => n + 1);
              }}
            >
              {t('report.done.again')}
            </button>
          </div>
        </div>
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
          onDone={(r) => setDone(r)}
        />
      )}
    </MobileShell>
  );
}
