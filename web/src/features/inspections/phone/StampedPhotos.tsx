import { useEffect, useId, useRef, useState } from 'react';
import { newIdempotencyKey } from '../../../app/data';
import type { PhotoToKeep } from '../../../app/outbox';
import { Icon } from '../../../components/CategoryIcon';
import { shrink } from '../../../components/PhotoPicker';
import { useI18n } from '../../../i18n';
import { useBundle } from '../../../i18n/bundle';
import { formatDateTime } from '../../../i18n/format';
import { inspText } from '../i18n';

export interface Position {
  lat: number;
  lng: number;
}

/** A photo taken on the round: kept on the phone until the mark is sent (uploaded then, or later from the outbox). */
export interface StampedPhoto extends PhotoToKeep {
  preview: string;
  takenAt: string;
  position: Position | null;
}

/** The phone's last known position while the page is open (null until it has one, or if refused). */
export function usePosition(): Position | null {
  const [pos, setPos] = useState<Position | null>(null);
  useEffect(() => {
    const geo = globalThis.navigator?.geolocation;
    if (!geo) return;
    const id = geo.watchPosition(
      (p) => setPos({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => undefined,
      { maximumAge: 60_000, timeout: 10_000 },
    );
    return () => geo.clearWatch(id);
  }, []);
  return pos;
}

/**
 * The camera on a round: each photo is stamped with the time and the phone's position and kept
 * in memory (not uploaded at once), so it can wait in the outbox with its mark when there is no network.
 */
export function StampedPhotos({
  photos,
  onChange,
  position,
  max = 3,
  testId,
}: {
  photos: StampedPhoto[];
  onChange: (p: StampedPhoto[]) => void;
  position: Position | null;
  max?: number;
  testId?: string;
}) {
  const { lang } = useI18n();
  const ti = useBundle(inspText);
  const inputId = useId();
  const current = useRef(photos);
  current.current = photos;

  async function add(files: FileList | null) {
    const next = [...current.current];
    for (const file of Array.from(files ?? []).slice(0, Math.max(0, max - next.length))) {
      const blob = await shrink(file);
      next.push({
        id: newIdempotencyKey(),
        blob,
        name: blob === file ? file.name : `${file.name.replace(/\.\w+$/, '')}.jpg`,
        preview: URL.createObjectURL(blob),
        takenAt: new Date().toISOString(),
        position,
      });
    }
    onChange(next);
  }

  return (
    <ul className="lx-photo-list">
      {photos.map((p, n) => (
        <li key={p.id} className="lx-thumb">
          <img src={p.preview} alt={ti('insp.photo.alt', { n: n + 1 })} />
          <span className="lx-thumb-state lx-stamp">
            {formatDateTime(p.takenAt, lang)}
            {p.position ? ` · ${p.position.lat.toFixed(4)}, ${p.position.lng.toFixed(4)}` : ''}
          </span>
          <button
            type="button"
            className="lx-thumb-remove"
            aria-label={ti('insp.photo.remove', { n: n + 1 })}
            onClick={() => {
              URL.revokeObjectURL(p.preview);
              onChange(photos.filter((x) => x.id !== p.id));
            }}
          >
            ×
          </button>
        </li>
      ))}
      {photos.length < max && (
        <li className="lx-thumb is-add">
          <input
            id={inputId}
            className="lx-file-input"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/*"
            capture="environment"
            data-testid={testId}
            onChange={(e) => {
              void add(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
          <label htmlFor={inputId} className="lx-thumb-add">
            <Icon name="camera" size={28} />
            <span>{ti('insp.photo.take')}</span>
          </label>
        </li>
      )}
    </ul>
  );
}
