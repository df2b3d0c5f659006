import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { uploads } from '../api/endpoints';
import { newIdempotencyKey } from '../app/data';
import { isNetworkError, type PhotoToKeep } from '../app/outbox';
import { useI18n } from '../i18n';
import { Icon } from './CategoryIcon';

interface Item {
  key: string;
  preview: string;
  id: string | null;
  error: string | null;
  /** Taken without a network (with `keepOffline`): the photo waits on the phone with the entry. */
  local?: PhotoToKeep;
}

/** Phones take 4000-px photos; 1600 px JPEG is plenty for a report and uploads on a weak signal. */
export async function shrink(file: File): Promise<Blob> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || file.size < 400_000) return file;
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
    const c = document.createElement('canvas');
    c.width = Math.round(bmp.width * scale);
    c.height = Math.round(bmp.height * scale);
    c.getContext('2d')?.drawImage(bmp, 0, 0, c.width, c.height);
    const blob = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/jpeg', 0.82));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

/**
 * Take or choose photos; each uploads at once (POST /api/uploads) and its id is reported.
 * `capture` opens the camera directly on phones (patrol), otherwise the phone offers both.
 * `keepOffline`: a photo that cannot upload for want of a network is reported as `waiting`
 * (its blob), for the page to send with its entry through the outbox (`sendOrKeep`).
 */
export function PhotoPicker({
  onChange,
  max = 9,
  label,
  capture,
  testId,
  keepOffline = false,
}: {
  onChange: (ids: string[], busy: boolean, waiting: PhotoToKeep[]) => void;
  max?: number;
  label?: string;
  capture?: boolean;
  testId?: string;
  keepOffline?: boolean;
}) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Item[]>([]);
  const inputId = useId();
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  useEffect(() => {
    changeRef.current(
      items.filter((i) => i.id).map((i) => i.id as string),
      items.some((i) => !i.id && !i.error && !i.local),
      items.flatMap((i) => (i.local ? [i.local] : [])),
    );
  }, [items]);

  useEffect(
    () => () => {
      for (const i of items) URL.revokeObjectURL(i.preview);
    },
    [items],
  );

  async function add(files: FileList | null) {
    if (!files) return;
    const chosen = Array.from(files).slice(0, Math.max(0, max - items.length));
    for (const file of chosen) {
      const key = newIdempotencyKey();
      setItems((xs) => [...xs, { key, preview: URL.createObjectURL(file), id: null, error: null }]);
      let blob: Blob = file;
      const name = () => file.name.replace(/\.\w+$/, '') + (blob === file ? (file.name.match(/\.\w+$/)?.[0] ?? '') : '.jpg');
      try {
        blob = await shrink(file);
        const r = await uploads.add(blob, name());
        setItems((xs) => xs.map((x) => (x.key === key ? { ...x, id: r.id } : x)));
      } catch (e) {
        if (keepOffline && isNetworkError(e)) {
          const local = { id: key, blob, name: name() };
          setItems((xs) => xs.map((x) => (x.key === key ? { ...x, local } : x)));
          continue;
        }
        const msg = e instanceof ApiError ? e.text(lang) : String(e);
        setItems((xs) => xs.map((x) => (x.key === key ? { ...x, error: msg } : x)));
      }
    }
  }

  return (
    <div className="lx-photos">
      <ul className="lx-photo-list">
        {items.map((it, n) => (
          <li key={it.key} className={`lx-thumb${it.error ? ' is-bad' : ''}`}>
            <img src={it.preview} alt="" />
            {!it.id && !it.error && !it.local && <span className="lx-thumb-state">{t('report.photoUploading')}</span>}
            {it.local && <span className="lx-thumb-state">{t('outbox.photoWaits')}</span>}
            {it.error && (
              <span className="lx-thumb-state" role="alert">
                {t('report.photoFailed', { msg: it.error })}
              </span>
            )}
            <button
              type="button"
              className="lx-thumb-remove"
              aria-label={t('report.removePhoto', { n: n + 1 })}
              onClick={() => setItems((xs) => xs.filter((x) => x.key !== it.key))}
            >
              ×
            </button>
          </li>
        ))}
        {items.length < max && (
          <li className="lx-thumb is-add">
            <input
              id={inputId}
              className="lx-file-input"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/*"
              capture={capture ? 'environment' : undefined}
              multiple={!capture}
              data-testid={testId}
              onChange={(e) => {
                void add(e.currentTarget.files);
                e.currentTarget.value = '';
              }}
            />
            <label htmlFor={inputId} className="lx-thumb-add">
              <Icon name="camera" size={28} />
              <span>{label ?? t('report.addPhoto')}</span>
            </label>
          </li>
        )}
      </ul>
    </div>
  );
}
