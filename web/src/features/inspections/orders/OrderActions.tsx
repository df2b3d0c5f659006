import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { ErrorNotice } from '../../../components/Feedback';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { type OrderAction, type OrderDetail, rectification } from '../api';
import { inspText } from '../i18n';

type Action = OrderAction['action'];

/** The body each action asks for: words (required or not) and photos (required for an answer). */
const NEEDS: Record<Action, { words: 'note' | 'reason'; wordsRequired: boolean; photos: 'required' | 'optional' | 'none' }> = {
  answer: { words: 'note', wordsRequired: true, photos: 'required' },
  pass: { words: 'note', wordsRequired: false, photos: 'optional' },
  send_back: { words: 'reason', wordsRequired: true, photos: 'optional' },
  escalate: { words: 'note', wordsRequired: true, photos: 'none' },
  withdraw: { words: 'reason', wordsRequired: true, photos: 'none' },
};

function bodyOf(action: Action, words: string, photos: string[], version: number): OrderAction {
  switch (action) {
    case 'answer':
      return { action, note: words, photos, version };
    case 'pass':
      return { action, ...(words ? { note: words } : {}), ...(photos.length ? { photos } : {}), version };
    case 'send_back':
      return { action, reason: words, ...(photos.length ? { photos } : {}), version };
    case 'escalate':
      return { action, note: words, version };
    case 'withdraw':
      return { action, reason: words, version };
  }
}

/** Exactly the actions the server allows on this order, each with its form (phone styles; the desk wraps it). */
export function OrderActions({ order, onDone }: { order: OrderDetail; onDone: () => void }) {
  const ti = useBundle(inspText);
  const { lang } = useI18n();
  const [action, setAction] = useState<Action | null>(order.actions.length === 1 ? (order.actions[0] ?? null) : null);
  const [words, setWords] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!order.actions.length) return null;
  const need = action ? NEEDS[action] : null;
  const ready =
    !!action && !!need && (!need.wordsRequired || words.trim()) && (need.photos !== 'required' || photos.length > 0) && !uploading;

  async function submit() {
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      await rectification.act(order.id, bodyOf(action, words.trim(), photos, order.version));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="lx-card" aria-labelledby="order-act-h">
      <h2 id="order-act-h" className="lx-h2">
        {ti('insp.order.act')}
      </h2>
      <fieldset className="lx-seg">
        <legend className="lx-sr-only">{ti('insp.order.act')}</legend>
        {order.actions.map((a) => (
          <label key={a}>
            <input
              type="radio"
              name="order-action"
              value={a}
              checked={action === a}
              onChange={() => setAction(a)}
              data-testid={`order-action-${a}`}
            />
            <span>{ti(`insp.action.${a}`)}</span>
          </label>
        ))}
      </fieldset>
      {action && need && (
        <form
          key={action}
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) void submit();
          }}
        >
          <div className="lx-field">
            <label htmlFor="order-words">
              {ti(`insp.words.${need.words}`)}
              {need.wordsRequired && <span className="lx-req"> *</span>}
            </label>
            <textarea
              id="order-words"
              rows={3}
              maxLength={1000}
              value={words}
              onChange={(e) => setWords(e.target.value)}
              data-testid="order-words"
            />
          </div>
          {need.photos !== 'none' && (
            <>
              <span className="lx-legend">
                {ti(action === 'answer' ? 'insp.order.afterPhotos' : 'insp.order.photos')}
                {need.photos === 'required' && <span className="lx-req"> *</span>}
              </span>
              <PhotoPicker
                capture
                max={9}
                label={ti('insp.photo.take')}
                testId="order-photo"
                onChange={(ids, b) => {
                  setPhotos(ids);
                  setUploading(b);
                }}
              />
            </>
          )}
          {error && <ErrorNotice error={error} />}
          <button type="submit" className="lx-btn is-primary is-block" disabled={busy || !ready} data-testid="order-submit">
            {ti(`insp.action.${action}`)}
          </button>
        </form>
      )}
    </section>
  );
}
