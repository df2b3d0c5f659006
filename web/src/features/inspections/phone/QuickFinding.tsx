import { useState } from 'react';
import { useBundle } from '../../../i18n/bundle';
import type { ChecklistItem } from '../api';
import { inspText } from '../i18n';
import type { Mark } from './marks';
import { type Position, type StampedPhoto, StampedPhotos } from './StampedPhotos';

/** A finding in seconds: which item failed, a photo, a few words — without walking the list. */
export function QuickFinding({
  items,
  here,
  busy,
  onSubmit,
}: {
  items: ChecklistItem[];
  here: Position | null;
  busy: boolean;
  onSubmit: (m: Omit<Mark, 'pointId'>) => void;
}) {
  const ti = useBundle(inspText);
  const [itemId, setItemId] = useState('');
  const [photos, setPhotos] = useState<StampedPhoto[]>([]);
  const [note, setNote] = useState('');
  const groups = [...new Set(items.map((i) => i.group))];
  return (
    <form
      className="lx-card"
      data-testid="quick-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (itemId) onSubmit({ itemId, result: 'fail', photos, note });
      }}
    >
      <div className="lx-field">
        <label htmlFor="quick-item">{ti('insp.quick.item')}</label>
        <select id="quick-item" value={itemId} onChange={(e) => setItemId(e.target.value)} required>
          <option value="">{ti('insp.quick.choose')}</option>
          {groups.map((g) => (
            <optgroup key={g} label={g}>
              {items
                .filter((i) => i.group === g)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.title}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <span className="lx-legend">{ti('insp.fail.photos')}</span>
      <StampedPhotos photos={photos} onChange={setPhotos} position={here} testId="quick-photo" />
      <div className="lx-field">
        <label htmlFor="quick-note">{ti('insp.fail.note')}</label>
        <input id="quick-note" type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" className="lx-btn is-primary is-block" disabled={busy || !itemId} data-testid="quick-save">
        {ti('insp.quick.save')}
      </button>
    </form>
  );
}
