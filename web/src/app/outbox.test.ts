/**
 * The outbox with photos, in node: IndexedDB is fake-indexeddb (the same API the browser has);
 * the network is the one edge replaced — a small server below that stores uploads, answers a
 * repeated Idempotency-Key with its first answer, and can be cut off at any call. The browser
 * proof (Chromium, a real server, a page reload) is e2e/tests/80-inspections.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearOutbox, flush, keep, keptPhotos, pending, photoRef, sendOrKeep, withUploadIds } from './outbox';

interface Net {
  uploads: { id: string; bytes: string }[];
  posts: { key: string; body: unknown }[];
  /** Calls before the network drops (Infinity: never). */
  callsLeft: number;
  /** Answer this status to the entry's POST (a refusal). */
  refuseWith?: number;
  /** The server takes the POST but the answer is lost on the way back. */
  loseAnswer?: boolean;
}
let net: Net;

beforeEach(() => {
  net = { uploads: [], posts: [], callsLeft: Number.POSITIVE_INFINITY };
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (net.callsLeft-- <= 0) throw new TypeError('Failed to fetch');
    if (url === '/api/uploads') {
      const file = (init.body as FormData).get('file') as Blob;
      const id = `up-${net.uploads.length + 1}`;
      net.uploads.push({ id, bytes: await file.text() });
      return Response.json({ id }, { status: 201 });
    }
    if (net.refuseWith)
      return Response.json(
        { error: { code: 'VALIDATION_FAILED', message: '照片无效', messageEn: 'Bad photo' } },
        { status: net.refuseWith },
      );
    const key = (init.headers as Record<string, string>)['Idempotency-Key'] ?? '';
    const first = net.posts.findIndex((p) => p.key === key);
    if (first < 0) net.posts.push({ key, body: JSON.parse(String(init.body)) });
    if (net.loseAnswer) {
      net.loseAnswer = false;
      throw new TypeError('Failed to fetch');
    }
    return Response.json({ number: `F${(first < 0 ? net.posts.length : first + 1).toString().padStart(3, '0')}` }, { status: 201 });
  });
});

afterEach(async () => {
  net.callsLeft = Number.POSITIVE_INFINITY;
  await clearOutbox();
  vi.unstubAllGlobals();
});

const photo = (id: string) => ({ id, blob: new Blob([`jpeg bytes of ${id}`], { type: 'image/jpeg' }), name: `${id}.jpg` });

/** A failed checklist item with two photos, made while offline. */
async function keepMark(key = 'k-1') {
  await keep(
    {
      key,
      path: '/api/inspections/rounds/r1/marks',
      body: {
        itemId: 'i1',
        result: 'fail',
        photos: [{ uploadId: photoRef('a'), takenAt: '2026-12-01T10:00:00Z' }, { uploadId: photoRef('b') }],
      },
      label: '垃圾未分类',
      owner: 'u1',
    },
    [photo('a'), photo('b')],
  );
}

describe('the outbox keeps photos taken offline and sends them once', () => {
  it('uploads each photo, then sends the entry naming the uploads, then forgets both', async () => {
    await keepMark();
    expect(await pending()).toHaveLength(1);
    expect((await keptPhotos('k-1')).map((p) => p.name).sort()).toEqual(['a.jpg', 'b.jpg']);

    const r = await flush('u1');

    expect(r.sent).toEqual([{ label: '垃圾未分类', number: 'F001', trackCode: undefined }]);
    expect(net.uploads.map((u) => u.bytes)).toEqual(['jpeg bytes of a', 'jpeg bytes of b']);
    expect(net.posts).toHaveLength(1);
    expect(net.posts[0]?.body).toEqual({
      itemId: 'i1',
      result: 'fail',
      photos: [{ uploadId: 'up-1', takenAt: '2026-12-01T10:00:00Z' }, { uploadId: 'up-2' }],
    });
    expect(await pending()).toEqual([]);
    expect(await keptPhotos('k-1')).toEqual([]);
  });

  it('after the network drops between two uploads, the next try uploads only the photo not yet sent', async () => {
    await keepMark();
    net.callsLeft = 1; // the first upload goes, then the network is gone

    const r1 = await flush('u1');
    expect(r1.sent).toEqual([]);
    expect(net.uploads).toHaveLength(1);
    expect((await keptPhotos('k-1')).find((p) => p.id === 'a')?.uploadId).toBe('up-1');
    expect((await pending())[0]?.attempts).toBe(1);

    net.callsLeft = Number.POSITIVE_INFINITY;
    await flush('u1');
    expect(net.uploads.map((u) => u.bytes)).toEqual(['jpeg bytes of a', 'jpeg bytes of b']);
    expect(net.posts).toHaveLength(1);
    expect(await keptPhotos('k-1')).toEqual([]);
  });

  it('when the answer to the entry is lost, the retry sends the same key and the same uploads, not new ones', async () => {
    await keepMark();
    net.loseAnswer = true;
    await flush('u1');
    expect(await pending()).toHaveLength(1); // the phone does not know the server has it

    const r = await flush('u1');
    expect(r.sent[0]?.number).toBe('F001'); // the server's first answer
    expect(net.uploads).toHaveLength(2);
    expect(net.posts).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });

  it('survives a reload: a fresh copy of the module finds the entry and its photos and sends them', async () => {
    await keepMark();
    vi.resetModules();
    const fresh = await import('./outbox');
    expect(await fresh.pending()).toHaveLength(1);
    await fresh.flush('u1');
    expect(net.posts).toHaveLength(1);
    expect(await fresh.keptPhotos('k-1')).toEqual([]);
  });

  it('sends nothing twice when two flushes start at once (network back and the retry timer)', async () => {
    await keepMark();
    await Promise.all([flush('u1'), flush('u1'), flush('u1')]);
    expect(net.uploads).toHaveLength(2);
    expect(net.posts).toHaveLength(1);
  });

  it('leaves another account\u2019s entry and photos on the phone, unsent', async () => {
    await keepMark();
    await flush('someone-else');
    expect(net.uploads).toEqual([]);
    expect(await keptPhotos('k-1')).toHaveLength(2);
  });

  it('a refused entry is removed with its photos and reported', async () => {
    await keepMark();
    net.refuseWith = 400;
    const r = await flush('u1');
    expect(r.refused).toEqual([{ label: '垃圾未分类', message: '照片无效' }]);
    expect(await pending()).toEqual([]);
    expect(await keptPhotos('k-1')).toEqual([]);
  });

  it('logout removes the photos too', async () => {
    await keepMark();
    await clearOutbox();
    expect(await keptPhotos('k-1')).toEqual([]);
    expect(await pending()).toEqual([]);
  });
});

describe('sendOrKeep', () => {
  const entry = {
    key: 'k-2',
    path: '/api/inspections/rounds/r1/findings',
    body: { note: '飞线充电', photos: [photoRef('x'), photoRef('y')] },
    label: '飞线充电',
    owner: 'u1',
  };

  it('online: uploads, sends, keeps nothing', async () => {
    const r = await sendOrKeep<{ number: string }>(entry, [photo('x'), photo('y')]);
    expect(r).toEqual({ sent: { number: 'F001' } });
    expect(net.posts[0]?.body).toEqual({ note: '飞线充电', photos: ['up-1', 'up-2'] });
    expect(await pending()).toEqual([]);
  });

  it('offline after one upload: keeps the entry naming that upload, and only the other blob', async () => {
    net.callsLeft = 1;
    expect(await sendOrKeep(entry, [photo('x'), photo('y')])).toEqual({ kept: true });
    const [kept] = await pending();
    expect(kept?.body).toEqual({ note: '飞线充电', photos: ['up-1', photoRef('y')] });
    expect((await keptPhotos('k-2')).map((p) => p.id)).toEqual(['y']);

    net.callsLeft = Number.POSITIVE_INFINITY;
    await flush('u1');
    expect(net.uploads).toHaveLength(2);
    expect(net.posts.map((p) => p.body)).toEqual([{ note: '飞线充电', photos: ['up-1', 'up-2'] }]);
  });

  it('a refusal is thrown and nothing is kept', async () => {
    net.refuseWith = 422;
    await expect(sendOrKeep(entry, [])).rejects.toMatchObject({ status: 422 });
    expect(await pending()).toEqual([]);
  });
});

describe('withUploadIds', () => {
  it('replaces references at any depth and leaves other strings and unknown references alone', () => {
    const ids = new Map([['a', 'up-9']]);
    expect(withUploadIds({ x: [photoRef('a'), { y: photoRef('a') }], z: 'outbox', w: photoRef('zz'), n: 3 }, ids)).toEqual({
      x: ['up-9', { y: 'up-9' }],
      z: 'outbox',
      w: photoRef('zz'),
      n: 3,
    });
  });
});

describe('a phone that kept entries before photos could wait', () => {
  it('keeps them through the upgrade of its outbox and sends them', async () => {
    // version 1 of the outbox: one store, one entry made offline
    await new Promise<void>((resolve, reject) => {
      indexedDB.deleteDatabase('lianxin-outbox').onsuccess = () => {
        const req = indexedDB.open('lianxin-outbox', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('entries', { keyPath: 'key' });
        req.onsuccess = () => {
          const t = req.result.transaction('entries', 'readwrite');
          t.objectStore('entries').put({
            key: 'old-1',
            path: '/api/requests',
            body: { photos: [] },
            label: '楼道堆物',
            owner: null,
            createdAt: '2026-11-30T00:00:00Z',
            attempts: 0,
          });
          t.oncomplete = () => {
            req.result.close();
            resolve();
          };
        };
        req.onerror = () => reject(req.error);
      };
    });
    expect((await pending()).map((e) => e.key)).toEqual(['old-1']);
    expect(await keptPhotos('old-1')).toEqual([]);
    await flush(null);
    expect(net.posts.map((p) => p.key)).toEqual(['old-1']);
    expect(await pending()).toEqual([]);
  });
});
