/**
 * The outbox's IndexedDB: `entries` (one per kept create, keyed by its Idempotency-Key) and,
 * since version 2, `photos` (the photos an entry carries that were not uploaded yet, as blobs,
 * indexed by their entry). An entry and its photos are written and removed in one transaction,
 * so a photo never outlives its entry and an entry never waits for a photo that was not kept.
 */
export const DB_NAME = 'lianxin-outbox';
export const ENTRIES = 'entries';
export const PHOTOS = 'photos';
export type Store = typeof ENTRIES | typeof PHOTOS;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 2);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(PHOTOS)) db.createObjectStore(PHOTOS, { keyPath: 'id' }).createIndex('entry', 'entry');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs `fn` in one transaction over `stores`; resolves with what `fn` returned once it commits. */
export async function inStores<T>(
  stores: Store[],
  mode: IDBTransactionMode,
  fn: (get: (s: Store) => IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(stores, mode);
      const r = fn((s) => t.objectStore(s));
      t.oncomplete = () => resolve(r?.result as T);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

/** One request in one store (the common case). */
export const inStore = <T>(store: Store, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
  inStores([store], mode, (get) => fn(get(store)));
