import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CreatedRequest, Kind } from '../../../api/types';
import { useCategories, useUnits } from '../../../app/data';
import { rememberReport } from '../../../app/recent';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import { requestsText } from '../i18n';
import { ReportDone } from './ReportDone';
import { RequestForm } from './RequestForm';

export default function ReportPage() {
  const t = useBundle(requestsText);
  const [params] = useSearchParams();
  const k = params.get('kind');
  const kind: Kind = k === 'help' || k === 'suggestion' ? k : 'problem';
  const cats = useCategories();
  const units = useUnits();
  const [done, setDone] = useState<{ created: CreatedRequest; phone: string | null } | null>(null);
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    if (done) {
      window.scrollTo(0, 0);
      document.getElementById('done-title')?.focus();
    }
  }, [done]);

  return (
    <MobileShell title={t('report.title')}>
      {done ? (
        <ReportDone
          created={done.created}
          phone={done.phone}
          onAgain={() => {
            setDone(null);
            setFormKey((n) => n + 1);
          }}
        />
      ) : (
        <>
          <h1>{t('report.title')}</h1>
          {(cats.loading || units.loading) && !(cats.data && units.data) ? (
            <Loading />
          ) : cats.error || units.error ? (
            <ErrorNotice
              error={(cats.error ?? units.error)!}
              onRetry={() => {
                cats.reload();
                units.reload();
              }}
            />
          ) : (
            <RequestForm
              key={formKey}
              categories={cats.data ?? []}
              units={units.data ?? []}
              initialKind={kind}
              onDone={(created, phone) => {
                rememberReport({ number: created.number, at: created.createdAt });
                setDone({ created, phone });
              }}
            />
          )}
        </>
      )}
    </MobileShell>
  );
}
