import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../../web/scripts/precompress.mjs';
import { type App, buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { useTestApp } from '../test/test-app.js';
import { COMPRESS_THRESHOLD_BYTES, IMMUTABLE, isHashedAsset } from './web-app.js';

const decode = (encoding: string | undefined, body: Buffer): string =>
  (encoding === 'br' ? zlib.brotliDecompressSync(body) : encoding === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8');

describe('the built web app, precompressed and cached', () => {
  let dir: string;
  let database: Database;
  let app: App;
  // a hashed asset as Vite names it, big and compressible like a real chunk
  const script = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `连心 item ${i}`))};\n`;
  const asset = '/assets/index-Cbi0bg0P.js';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      `<!doctype html><title>连心</title><div id="root"></div>${'<!-- shell -->'.repeat(200)}`,
    );
    fs.writeFileSync(path.join(dir, asset), script);
    fs.writeFileSync(path.join(dir, 'assets/tiny-AbCdEfGh.js'), 'export {};\n');
    const written = precompressDir(dir).map((w) => w.file);
    expect(written.sort()).toEqual(['assets/index-Cbi0bg0P.js.br', 'assets/index-Cbi0bg0P.js.gz', 'index.html.br', 'index.html.gz']);
    database = openDatabase({ url: `sqlite:${path.join(dir, 'x.db')}`, dataDir: dir });
    app = await buildApp(loadConfig({}, { dataDir: dir, webDir: dir, logLevel: 'silent', sweepIntervalSeconds: 0 }), database);
  });
  afterAll(async () => {
    await app.server.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['br', 'gzip'])('sends a hashed asset as the build compressed it (%s), cached for a year', async (encoding) => {
    const r = await app.server.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': `${encoding}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe(encoding);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe(IMMUTABLE);
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(r.rawPayload.length).toBeLessThan(script.length / 3);
    expect(decode(encoding, r.rawPayload)).toBe(script);
  });

  it('prefers brotli when both are accepted, and sends the file as it is when neither is', async () => {
    const both = await app.server.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(both.headers['content-encoding']).toBe('br');
    const plain = await app.server.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('revalidates index.html on every load, also as the fallback of client routes, compressed', async () => {
    for (const url of ['/', '/index.html', '/places?type=station']) {
      const r = await app.server.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.headers['content-encoding'], url).toBe('br');
      expect(decode('br', r.rawPayload), url).toContain('<div id="root">');
    }
  });

  it('does not serve the .br / .gz files under their own names', async () => {
    const r = await app.server.inject({ method: 'GET', url: `${asset}.br` });
    expect(r.headers['content-type']).toMatch(/text\/html/); // the app shell, not the compressed bytes
  });

  it('knows a hashed asset by its name', () => {
    expect(isHashedAsset('/srv/web/dist/assets/StatusTag-oWw_aow_.js')).toBe(true);
    expect(isHashedAsset('/srv/web/dist/assets/PlaceDetailPage-IYA8Quc-.js.br')).toBe(true);
    expect(isHashedAsset('/srv/web/dist/index.html')).toBe(false);
    expect(isHashedAsset('/srv/web/dist/favicon.svg')).toBe(false);
  });
});

describe('JSON answers compressed on the fly', () => {
  const ctx = useTestApp('sqlite');

  it.each(['br', 'gzip'])('GET /api/units (the whole tree) goes out as %s and decompresses to the same JSON', async (encoding) => {
    const { server } = ctx().app;
    const plain = await server.inject({ method: 'GET', url: '/api/units' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(50_000);
    const packed = await server.inject({ method: 'GET', url: '/api/units', headers: { 'accept-encoding': encoding } });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(packed.headers['content-type']).toMatch(/application\/json/);
    expect(packed.rawPayload.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(decode(encoding, packed.rawPayload))).toEqual(plain.json());
  });

  it(`leaves answers under ${COMPRESS_THRESHOLD_BYTES} bytes as they are`, async () => {
    const r = await ctx().app.server.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.json()).toEqual({ status: 'ok', database: 'sqlite' });
  });

  it('does not decompress request bodies (a small gzip cannot grow past the body limit)', async () => {
    const body = zlib.gzipSync(JSON.stringify({ username: 'x', password: 'y' }));
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(r.statusCode).toBe(400);
  });
});
