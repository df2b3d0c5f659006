import { useState } from 'react';
import { useBundle } from '../../../i18n/bundle';
import type { ChecklistItem } from '../api';
import { inspText } from '../i18n';
import type { Mark } from './marks';
import type { ItemState } from './PointPage';
import { type Position, type StampedPhoto, StampedPhotos } from './StampedPhotos';

type Marked = Omit<Mark, 'pointId' | 'itemId'>;

/** One checklist item: what counts as a failure, then 合格 / 不合格 (photos, note) / 不涉及. */
export function ItemCard({
  item,
  index,
  total,
  state,
  here,
  busy,
  onMark,
  onPrev,
  onNext,
}: {
  item: ChecklistItem;
  index: number;
  total: number;
  state: ItemState | undefined;
  here: Position | null;
  busy: boolean;
  onMark: (m: Marked) => void;
  onPrev?: () => void;
  onNext?: () => void;
}) {
  const ti = useBundle(inspText);
  const [failing, setFailing] = useState(false);
  const [photos, setPhotos] = useState<StampedPhoto[]>([]);
  const [note, setNote] = useState('');
  const [count, setCount] = useState(1);
  const headingId = `item-${item.id}`;

  return (
    <section className="lx-card lx-item-card" aria-labelledby={headingId} data-testid="item-card">
      <p className="lx-muted">
        {ti('insp.item.of', { n: index + 1, all: total })} · {item.group} · {ti('insp.item.weight', { w: item.weight })}
      </p>
      <h2 id={headingId} className="lx-item-title">
        {item.title}
      </h2>
      <p>
        <strong>{ti('insp.item.failure')}</strong>
        {item.failure}
      </p>
      {state && (
        <p className="lx-muted" role="status">
          {ti('insp.item.marked', { r: ti(`insp.result.${state.result}`) })}
          {state.waiting ? ` · ${ti('insp.waiting')}` : ''}
        </p>
      )}
      {!failing ? (
        <div className="lx-row lx-verdict">
          <button
            type="button"
            className="lx-btn is-ok"
            disabled={busy}
            onClick={() => onMark({ result: 'pass', photos: [] })}
            data-testid="mark-pass"
          >
            {ti('insp.result.pass')}
          </button>
          <button type="button" className="lx-btn is-primary" disabled={busy} onClick={() => setFailing(true)} data-testid="mark-fail">
            {ti('insp.result.fail')}
          </button>
          <button
            type="button"
            className="lx-btn"
            disabled={busy}
            onClick={() => onMark({ result: 'na', photos: [] })}
            data-testid="mark-na"
          >
            {ti('insp.result.na')}
          </button>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onMark({ result: 'fail', photos, note, count });
          }}
        >
          <span className="lx-legend">{ti('insp.fail.photos')}</span>
          <StampedPhotos photos={photos} onChange={setPhotos} position={here} testId="fail-photo" />
          <div className="lx-field">
            <label htmlFor={`note-${item.id}`}>{ti('insp.fail.note')}</label>
            <input id={`note-${item.id}`} type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          {item.deductPerFinding !== null && (
            <div className="lx-field">
              <label htmlFor={`count-${item.id}`}>{ti('insp.fail.count')}</label>
              <input
                id={`count-${item.id}`}
                type="number"
                min={1}
                max={99}
                value={count}
                onChange={(e) => setCount(Math.max(1, Math.min(99, Number(e.target.value) || 1)))}
              />
            </div>
          )}
          <div className="lx-row">
            <button type="submit" className="lx-btn is-primary" disabled={busy} data-testid="fail-save">
              {ti('insp.fail.save')}
            </button>
            <button type="button" className="lx-btn" onClick={() => setFailing(false)}>
              {ti('insp.cancel')}
            </button>
          </div>
        </form>
      )}
      <div className="lx-row">
        <button type="button" className="lx-link-button" disabled={!onPrev} onClick={onPrev}>
          ← {ti('insp.item.prev')}
        </button>
        <button type="button" className="lx-link-button" disabled={!onNext} onClick={onNext}>
          {ti('insp.item.next')} →
        </button>
      </div>
    </section>
  );
}
