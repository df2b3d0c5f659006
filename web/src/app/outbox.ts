/**
 * The phone's outbox: an entry made without a network (a report, a patrol finding, an inspection
 * round's marks and findings, later a visit) is kept on the phone and sent when the network
 * returns — once, because each entry carries its Idempotency-Key and the server answers a repeat
 * with the first.
 *
 * Photos taken without a network are kept with their entry, as blobs (`outbox-db.ts`): the body
 * names each by `photoRef(id)` where its upload id belongs. Sending uploads each photo once (its
 * upload id is written beside the blob before the entry goes), puts the ids in the body, sends the
 * entry, then removes the entry and its photos together.
 *
 * What may be kept (docs/architecture.md, "The phone's outbox"): only what the entry needs to be
 * sent (its body, its photos not yet uploaded); its personal data (phones, addresses, health
 * notes) only until the server has it; each entry removed with its photos as soon as the server
 * has answered it, and everything removed on logout. Kept in IndexedDB, never in URLs or localStorage.
 */
import { ApiError, api } from '../api/client';
import { ENTRIES, inStore, inStores, PHOTOS } from './outbox-db';

export interface OutboxEntry {
  /** The Idempotency-Key: the entry's identity on the phone and on the server. */
  key: string;
  path: string;
  /** The request body; a photo not yet uploaded appears as `photoRef(id)` where its upload id goes. */
  body: unknown;
  /** What the user sees in the list ("问题反映：楼道堆物"); no personal data. */
  label: string;
  /** Who made it: the account signed in then, or null (no account). It is sent as that one only. */
  owner: string | null;
  createdAt: string;
  attempts: number;
  lastError?: string;
}

/** A photo kept for an entry: the blob until it is uploaded, then also its upload id. */
export interface KeptPhoto {
  id: string;
  entry: string;
  blob: Blob;
  name: string;
  uploadId?: string;
}

/** A photo to keep with an entry (or to upload before it is sent). */
export type PhotoToKeep = Pick<KeptPhoto, 'id' | 'blob' | 'name'>;

/** What the server answered for an entry sent from the outbox: the number (and the code to follow it). */
export interface OutboxSent {
  label: string;
  number?: string;
  trackCode?: string;
}

/** An entry the server refused for good (a 4xx other than a missing sign-in): removed, and said so once. */
export interface OutboxRefusal {
  label: string;
  message: string;
}

const CHANGED = 'lx-outbox';
const REF = 'outbox-photo:';

/** How a body names a kept photo until its upload id is known. */
export const photoRef = (id: string): string => `${REF}${id}`;

/** The body with every `photoRef` replaced by the upload id in `ids` (ids missing: left as they are). */
export function withUploadIds(body: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof body === 'string') return body.startsWith(REF) ? (ids.get(body.slice(REF.length)) ?? body) : body;
  if (Array.isArray(body)) return body.map((v) => withUploadIds(v, ids));
  if (body !== null && typeof body === 'object')
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, withUploadIds(v, ids)]));
  return body;
}

const changed = () => globalThis.dispatchEvent?.(new Event(CHANGED));

/**
 * Keeps an entry (and the photos its body names by `photoRef`) for later, in one transaction;
 * the caller tells the user it will be sent when the network is back.
 */
export async function keep(entry: Omit<OutboxEntry, 'createdAt' | 'attempts'>, photos: PhotoToKeep[] = []): Promise<void> {
  await inStores([ENTRIES, PHOTOS], 'readwrite', (get) => {
    for (const p of photos) get(PHOTOS).put({ ...p, entry: entry.key } satisfies KeptPhoto);
    get(ENTRIES).put({ ...entry, createdAt: new Date().toISOString(), attempts: 0 });
    return undefined;
  });
  // Photos are the bulk: ask the browser not to evict them under storage pressure (best effort).
  if (photos.length) await globalThis.navigator?.storage?.persist?.().catch(() => false);
  changed();
}

export async function pending(): Promise<OutboxEntry[]> {
  const all = await inStore<OutboxEntry[]>(ENTRIES, 'readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>);
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The photos kept for one entry. */
export const keptPhotos = (entry: string): Promise<KeptPhoto[]> =>
  inStore<KeptPhoto[]>(PHOTOS, 'readonly', (s) => s.index('entry').getAll(entry) as IDBRequest<KeptPhoto[]>);

/** How many photos wait with each entry (entry key → count), for the bar. */
export async function photoCounts(): Promise<Map<string, number>> {
  const all = await inStore<KeptPhoto[]>(PHOTOS, 'readonly', (s) => s.getAll() as IDBRequest<KeptPhoto[]>);
  const n = new Map<string, number>();
  for (const p of all) n.set(p.entry, (n.get(p.entry) ?? 0) + 1);
  return n;
}

/** Everything goes on logout: the next person on a shared phone finds nothing. */
export async function clearOutbox(): Promise<void> {
  await inStores([ENTRIES, PHOTOS], 'readwrite', (get) => {
    get(ENTRIES).clear();
    get(PHOTOS).clear();
    return undefined;
  });
  changed();
}

/** An entry is done (answered or refused): it goes with its photos, in one transaction. */
async function forget(key: string): Promise<void> {
  const photos = await keptPhotos(key);
  await inStores([ENTRIES, PHOTOS], 'readwrite', (get) => {
    for (const p of photos) get(PHOTOS).delete(p.id);
    get(ENTRIES).delete(key);
    return undefined;
  });
}

/** A failure of the network (or of a server that is down), not a refusal of the entry. */
export const isNetworkError = (e: unknown): boolean =>
  e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429);

/** The sign-in is missing or another's: the entry waits until its maker signs in again. */
const needsItsOwner = (e: unknown): boolean => e instanceof ApiError && (e.status === 401 || e.status === 403);

const credentialsOf = (owner: string | null): RequestCredentials => (owner === null ? 'omit' : 'same-origin');

function uploadAs(photo: Pick<KeptPhoto, 'blob' | 'name'>, owner: string | null): Promise<{ id: string }> {
  const fd = new FormData();
  fd.append('file', photo.blob, photo.name);
  return api.postAs<{ id: string }>('/api/uploads', fd, {}, credentialsOf(owner));
}

/**
 * Uploads the entry's kept photos that have no upload id yet, writing each id beside its blob
 * as soon as the server gives it (a retry after a failure uploads only the rest), and returns
 * photo id → upload id for all of them.
 */
async function uploadKept(e: Pick<OutboxEntry, 'key' | 'owner'>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const p of await keptPhotos(e.key)) {
    if (!p.uploadId) {
      const { id } = await uploadAs(p, e.owner);
      p.uploadId = id;
      await inStore(PHOTOS, 'readwrite', (s) => s.put(p));
    }
    ids.set(p.id, p.uploadId);
  }
  return ids;
}

export interface FlushResult {
  sent: OutboxSent[];
  refused: OutboxRefusal[];
}

let flushing: Promise<FlushResult> | null = null;

/**
 * Sends what is kept, oldest first, each once, as the identity that made it: entries made without
 * an account go without the session; an account's entries only while that account is signed in
 * (`me`). An entry's photos are uploaded first. Stops at the first network failure (the rest wait
 * for the next try). Returns the server's answers (numbers, tracking codes) and the entries it
 * refused, so the user is told.
 */
export function flush(me: string | null): Promise<FlushResult> {
  flushing ??= (async () => {
    const out: FlushResult = { sent: [], refused: [] };
    try {
      for (const e of await pending()) {
        if (e.owner !== null && e.owner !== me) continue;
        try {
          const ids = await uploadKept(e);
          const r = await api.postAs<{ number?: string; trackCode?: string }>(
            e.path,
            withUploadIds(e.body, ids),
            { 'Idempotency-Key': e.key },
            credentialsOf(e.owner),
          );
          await forget(e.key);
          out.sent.push({ label: e.label, number: r?.number, trackCode: r?.trackCode });
        } catch (err) {
          if (isNetworkError(err) || needsItsOwner(err)) {
            await inStore(ENTRIES, 'readwrite', (s) => s.put({ ...e, attempts: e.attempts + 1, lastError: (err as Error).message }));
            if (isNetworkError(err)) break;
            continue;
          }
          out.refused.push({ label: e.label, message: err instanceof ApiError ? err.message : String(err) });
          await forget(e.key);
        }
      }
    } finally {
      changed();
    }
    return out;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

export type SendOrKeep<T> = { sent: T } | { kept: true };

/**
 * For a page that may be used without a network: uploads the entry's new photos, then sends it.
 * If the network fails on the way, the entry is kept with the photos not yet uploaded (those
 * uploaded are named by their upload id), under the same Idempotency-Key, and `{ kept: true }`
 * is answered. A refusal (4xx) is thrown as the ApiError; nothing is kept then.
 */
export async function sendOrKeep<T>(
  entry: Omit<OutboxEntry, 'createdAt' | 'attempts'>,
  photos: PhotoToKeep[] = [],
): Promise<SendOrKeep<T>> {
  const ids = new Map<string, string>();
  try {
    for (const p of photos) ids.set(p.id, (await uploadAs(p, entry.owner)).id);
    const sent = await api.postAs<T>(
      entry.path,
      withUploadIds(entry.body, ids),
      { 'Idempotency-Key': entry.key },
      credentialsOf(entry.owner),
    );
    return { sent };
  } catch (err) {
    if (!isNetworkError(err)) throw err;
    const left = photos.filter((p) => !ids.has(p.id));
    await keep({ ...entry, body: withUploadIds(entry.body, ids) }, left);
    return { kept: true };
  }
}

/** Calls `fn` whenever the outbox changes (this tab), for the "n 条待发送" badge. */
export function onOutboxChange(fn: () => void): () => void {
  window.addEventListener(CHANGED, fn);
  return () => window.removeEventListener(CHANGED, fn);
}
