import { useState } from 'react';
import { Link } from 'react-router';
import type { CreatedRequest } from '../../../api/types';
import { handOffProof } from '../../../app/recent';
import { Icon } from '../../../components/CategoryIcon';
import { useBundle } from '../../../i18n/bundle';
import { requestsText } from '../i18n';

export function ReportDone({ created, phone, onAgain }: { created: CreatedRequest; phone: string | null; onAgain: () => void }) {
  const t = useBundle(requestsText);
  const [copied, setCopied] = useState(false);
  // The address carries the number only; the phone or code goes to the track page in memory.
  const trackHref = `/track?number=${encodeURIComponent(created.number)}`;
  const handOff = () =>
    handOffProof({ number: created.number, ...(phone ? { phone } : created.trackCode ? { code: created.trackCode } : {}) });
  return (
    <section className="lx-card" aria-labelledby="done-title" data-testid="report-done">
      <div className="lx-row" style={{ color: 'var(--lx-ok)' }}>
        <Icon name="check" size={36} />
        <h1 id="done-title" tabIndex={-1} style={{ margin: 0 }}>
          {t('report.done.title')}
        </h1>
      </div>
      <p className="lx-muted" style={{ marginTop: 12 }}>
        {t('report.done.number')}
      </p>
      <p className="lx-bignum" data-testid="request-number">
        {created.number}
      </p>
      {created.trackCode ? (
        <>
          <p className="lx-muted">{t('report.done.code')}</p>
          <p className="lx-bignum" data-testid="track-code">
            {created.trackCode}
          </p>
          <p>{t('report.done.codeHint')}</p>
        </>
      ) : (
        <p>{t('report.done.phoneHint')}</p>
      )}
      <p className="lx-muted">{t('report.done.next')}</p>
      <div className="lx-stack">
        <button
          type="button"
          className="lx-btn is-block"
          onClick={() => {
            void navigator.clipboard?.writeText(created.number).then(() => setCopied(true));
          }}
        >
          {copied ? t('report.done.copied') : t('report.done.copy')}
        </button>
        <Link className="lx-btn is-primary is-block" to={trackHref} onClick={handOff}>
          {t('report.done.track')}
        </Link>
        <button type="button" className="lx-btn is-block is-ghost" onClick={onAgain}>
          {t('report.done.again')}
        </button>
      </div>
    </section>
  );
}
