import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { ErrorNotice } from '../../../components/Feedback';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { inspections, type SimilarCheck } from '../api';
import { inspText } from '../i18n';

/** 举一反三: checks of the same item at my points; each answered with a photo, pass or fail (a fail opens an order). */
export function SimilarChecks({ checks, onAnswered }: { checks: SimilarCheck[]; onAnswered: () => void }) {
  const ti = useBundle(inspText);
  return (
    <section aria-labelledby="similar-h">
      <h2 id="similar-h" className="lx-h2">
        {ti('insp.similar.title')}
      </h2>
      <p className="lx-muted">{ti('insp.similar.intro')}</p>
      <ul className="lx-list">
        {checks.map((c) => (
          <li key={c.id} className="lx-item">
            <SimilarAnswer check={c} onAnswered={onAnswered} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SimilarAnswer({ check, onAnswered }: { check: SimilarCheck; onAnswered: () => void }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function answer(result: 'pass' | 'fail') {
    setBusy(true);
    setError(null);
    try {
      await inspections.answerSimilar(check.id, { result, photos, note: null, version: check.version });
      onAnswered();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="lx-item-title">{check.itemTitle}</div>
      <div className="lx-item-meta">
        <span>{check.pointName}</span>
        <span>{check.unitName}</span>
      </div>
      <PhotoPicker
        capture
        max={3}
        label={ti('insp.photo.take')}
        onChange={(ids, b) => {
          setPhotos(ids);
          setUploading(b);
        }}
      />
      {error && <ErrorNotice error={error} />}
      <div className="lx-row">
        <button type="button" className="lx-btn is-ok" disabled={busy || uploading || !photos.length} onClick={() => void answer('pass')}>
          {ti('insp.result.pass')}
        </button>
        <button
          type="button"
          className="lx-btn is-primary"
          disabled={busy || uploading || !photos.length}
          onClick={() => void answer('fail')}
        >
          {ti('insp.result.fail')}
        </button>
      </div>
    </>
  );
}
