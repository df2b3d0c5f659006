/**
 * The phone's outbox: an entry made without a network (a report, a patrol finding, later an
 * inspection round or a visit) is kept on the phone and sent when the network returns — once,
 * because each entry carries its Idempotency-Key and the server answers a repeat with the first.
 *
 * What may be kept (docs/architecture.md, "The phone's outbox"): only what the entry needs to be
 * sent; its personal data (phones, addresses, health notes) only until the server has it; each
 * entry removed as soon as the server has answered it, and every entry removed on logout.
 * Kept in IndexedDB, never in URLs or localStorage.
 */
import { ApiError, api } from '../api/client';

export interface OutboxEntry {
  /** The Idempotency-Key: the entry's identity on the phone and on the server. */
  key: string;
  path: string;
  body: unknown;
  /** What the user sees in the list ("问题反映：楼道堆物"); no personal data. */
  label: string;
  /** Who made it: the account signed in then, or null (no account). It is sent as that one only. */
  owner: string | null;
  createdAt: string;
  attempts: number;
  lastError?: string;
}

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

const DB_NAME = 'lianxin-outbox';
const STORE = 'entries';
const CHANGED = 'lx-outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const r = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(r.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

const changed = () => window.dispatchEvent(new Event(CHANGED));

/** Keeps an entry for later; the caller tells the user it will be sent when the network is back. */
export async function keep(entry: Omit<OutboxEntry, 'createdAt' | 'attempts'>): Promise<void> {
  await tx('readwrite', (s) => s.put({ ...entry, createdAt: new Date().toISOString(), attempts: 0 }));
  changed();
}

export async function pending(): Promise<OutboxEntry[]> {
  const all = await tx<OutboxEntry[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>);
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Everything goes on logout: the next person on a shared phone finds nothing. */
export async function clearOutbox(): Promise<void> {
  await tx('readwrite', (s) => s.clear());
  changed();
}

/** A failure of the network (or of a server that is down), not a refusal of the entry. */
export const isNetworkError = (e: unknown): boolean =>
  e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429);

/** The sign-in is missing or another's: the entry waits until its maker signs in again. */
const needsItsOwner = (e: unknown): boolean => e instanceof ApiError && (e.status === 401 || e.status === 403);

export interface FlushResult {
  sent: OutboxSent[];
  refused: OutboxRefusal[];
}

let flushing: Promise<FlushResult> | null = null;

/**
 * Sends what is kept, oldest first, each once, as the identity that made it: entries made without
 * an account go without the session; an account's entries only while that account is signed in
 * (`me`). Stops at the first network failure (the rest wait for the next try). Returns the
 * server's answers (numbers, tracking codes) and the entries it refused, so the user is told.
 */
export function flush(me: string | null): Promise<FlushResult> {
  flushing ??= (async () => {
    const out: FlushResult = { sent: [], refused: [] };
    try {
      for (const e of await pending()) {
        if (e.owner !== null && e.owner !== me) continue;
        try {
          const r = await api.postAs<{ number?: string; trackCode?: string }>(
            e.path,
            e.body,
            { 'Idempotency-Key': e.key },
            e.owner === null ? 'omit' : 'same-origin',
          );
          await tx('readwrite', (s) => s.delete(e.key));
          out.sent.push({ label: e.label, number: r?.number, trackCode: r?.trackCode });
        } catch (err) {
          if (isNetworkError(err) || needsItsOwner(err)) {
            await tx('readwrite', (s) => s.put({ ...e, attempts: e.attempts + 1, lastError: (err as Error).message }));
            if (isNetworkError(err)) break;
            continue;
          }
          out.refused.push({ label: e.label, message: err instanceof ApiError ? err.message : String(err) });
          await tx('readwrite', (s) => s.delete(e.key));
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

/** Calls `fn` whenever the outbox changes (this tab), for the "n 条待发送" badge. */
export function onOutboxChange(fn: () => void): () => void {
  window.addEventListener(CHANGED, fn);
  return () => window.removeEventListener(CHANGED, fn);
}
