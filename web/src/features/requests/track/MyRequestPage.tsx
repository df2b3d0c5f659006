import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { requests } from '../../../api/endpoints';
import type { RequestDetail } from '../../../api/types';
import { useAsync } from '../../../app/data';
import { ErrorNotice, Loading } from '../../../components/Feedback';
import { useBundle } from '../../../i18n/bundle';
import { MobileShell } from '../../../shell/MobileShell';
import { requestsText } from '../i18n';
import { RequestStatusView } from '../RequestStatusView';

export default function MyRequestPage() {
  const t = useBundle(requestsText);
  const { id = '' } = useParams();
  const res = useAsync(() => requests.get(id), [id]);
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const d = detail ?? res.data;
  return (
    <MobileShell title={t('mine.title')}>
      <p>
        <Link to="/mine">← {t('mine.title')}</Link>
      </p>
      <h1 className="sr-only">{d?.request.title ?? t('mine.title')}</h1>
      {notice && (
        <div className="lx-alert is-ok" role="status">
          <p>{notice}</p>
        </div>
      )}
      {res.loading && !d ? (
        <Loading />
      ) : res.error ? (
        <ErrorNotice error={res.error} onRetry={res.reload} />
      ) : d ? (
        <RequestStatusView
          detail={d}
          onRate={async (r) => {
            setDetail((await requests.act(id, { action: 'rate', ...r, version: d.request.version })) as RequestDetail);
            setNotice(t('track.rate.thanks'));
          }}
          onReopen={async (reason) => {
            setDetail((await requests.act(id, { action: 'reopen', reason, version: d.request.version })) as RequestDetail);
            setNotice(t('track.reopen.done'));
          }}
        />
      ) : null}
    </MobileShell>
  );
}
