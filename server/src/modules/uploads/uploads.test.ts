import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sweepUploads } from '../../jobs/upload-sweep.js';
import { GRIDS } from '../../test/factories.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';
import { sniffImage } from './file-types.js';
import { uploadsDir } from './uploads.service.js';

/** A real 2×2 RGB PNG, built from its chunks (signature, IHDR, IDAT, IEND). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); // width
  ihdr.writeUInt32BE(2, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  // two scanlines, each: filter 0 + 2 pixels × RGB (red, white / white, red)
  const raw = Buffer.from([0, 255, 0, 0, 255, 255, 255, 0, 255, 255, 255, 255, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A real 8×8 grey baseline JPEG: SOI, JFIF APP0, one quantisation table, SOF0 (one component),
 * one-symbol DC and AC Huffman tables, a scan whose only block is DC 0 + EOB, EOI.
 */
function jpeg(): Buffer {
  const seg = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const oneSymbolTable = (cls: number) => [cls, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0x00, ...new Array(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, oneSymbolTable(0x00)),
    ...seg(0xc4, oneSymbolTable(0x10)),
    ...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f, // DC category 0 ('0'), EOB ('0'), padded with ones
    0xff,
    0xd9,
  ]);
}

/** A multipart/form-data body with one file part (and optional text fields). */
function multipart(file: { field?: string; name: string; type: string; data: Buffer }, fields: Record<string, string> = {}) {
  const boundary = `----lianxin${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('recognising images by their bytes', () => {
  it('knows JPEG, PNG and WebP, and nothing else', () => {
    expect(sniffImage(jpeg())).toBe('image/jpeg');
    expect(sniffImage(png())).toBe('image/png');
    expect(sniffImage(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniffImage(Buffer.from('这不是图片，只是文字'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImage(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});

describe.each(DIALECTS)('photo uploads on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  async function upload(token: string | null, file: Parameters<typeof multipart>[0], fields: Record<string, string> = {}) {
    const { payload, headers } = multipart(file, fields);
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload,
    });
    return { status: r.statusCode, body: r.json() };
  }
  async function download(id: string, token: string | null, query = '') {
    const r = await ctx().app.server.inject({
      method: 'GET',
      url: `/api/uploads/${id}${query}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: r.statusCode, headers: r.headers, bytes: r.rawPayload };
  }

  it('accepts a JPEG and a PNG, typed by their content, and gives them back byte for byte', async () => {
    const resident = await ctx().f.login('resident');
    const j = await upload(resident, { name: 'photo.jpg', type: 'image/jpeg', data: jpeg() });
    expect(j.status, JSON.stringify(j.body)).toBe(201);
    expect(j.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), mime: 'image/jpeg', size: jpeg().length });
    // The client's name and type are not trusted: a PNG sent as "x.jpg, image/jpeg" is a PNG.
    const p = await upload(resident, { name: 'x.jpg', type: 'image/jpeg', data: png() });
    expect(p.status).toBe(201);
    expect(p.body.mime).toBe('image/png');

    const back = await download(p.body.id, resident);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(back.bytes, png())).toBe(0);
    // A photo of a few hundred kilobytes (a phone camera's) is fine: the JSON body limit does not apply.
    const big = Buffer.concat([jpeg().subarray(0, -2), randomBytes(600 * 1024), Buffer.from([0xff, 0xd9])]);
    const r = await upload(resident, { name: 'camera.jpg', type: 'image/jpeg', data: big });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.size).toBe(big.length);
  });

  it('a text file renamed .jpg → 415; an empty file → 400; a file over the limit → 413', async () => {
    const { app } = ctx();
    const resident = await ctx().f.login('resident');
    const text = await upload(resident, { name: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('只是一段文字，不是照片\n') });
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    const svg = await upload(resident, {
      name: 'a.png',
      type: 'image/png',
      data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    expect(svg.status).toBe(415);

    const empty = await upload(resident, { name: 'empty.jpg', type: 'image/jpeg', data: Buffer.alloc(0) });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('file');

    const limit = app.services.config.uploadLimitBytes;
    const tooBig = Buffer.concat([jpeg().subarray(0, -2), Buffer.alloc(limit), Buffer.from([0xff, 0xd9])]);
    const big = await upload(resident, { name: 'huge.jpg', type: 'image/jpeg', data: tooBig });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    // Not multipart at all.
    const json = await ctx().f.call('POST', '/api/uploads', { token: resident, body: { file: 'x' } });
    expect(json.status).toBe(415);
    // The file under another field name.
    const wrongField = await upload(resident, { field: 'photo', name: 'a.jpg', type: 'image/jpeg', data: jpeg() });
    expect(wrongField.status).toBe(400);
    // Nothing of the refused files was recorded.
    const rows = await app.services.db.selectFrom('uploads').select(['size']).execute();
    expect(rows.every((u) => u.size > 0 && u.size < limit)).toBe(true);
  });

  it('attaching someone else’s photo → 400 photos, and no request is created', async () => {
    const { f, app } = ctx();
    const other = await f.user('resident', null, 'other-resident');
    const theirs = await upload(other.token, { name: 'a.jpg', type: 'image/jpeg', data: jpeg() });
    expect(theirs.status).toBe(201);
    const count = async () =>
      Number(
        (
          await app.services.db
            .selectFrom('requests')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();

    const r = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: {
        categoryCode: 'city_appearance',
        description: '用了别人的照片',
        location: await f.at(GRIDS.jiaotonglu),
        photos: [theirs.body.id],
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'photos' });
    expect(await count()).toBe(before);
    // An unknown id is refused the same way; the photo stays unattached and its owner can still use it.
    const unknown = await f.call('POST', '/api/requests', {
      token: await f.login('resident'),
      body: {
        categoryCode: 'city_appearance',
        description: '不存在的照片',
        location: await f.at(GRIDS.jiaotonglu),
        photos: ['00000000-0000-4000-8000-000000000000'],
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('photos');
    expect(await count()).toBe(before);
    const own = await f.request({ token: other.token, body: { photos: [theirs.body.id] } });
    expect(own.status).toBe('dispatched');
    expect(await count()).toBe(before + 1);
    // A photo is used once: attaching it again is refused.
    const again = await f.call('POST', '/api/requests', {
      token: other.token,
      body: { categoryCode: 'city_appearance', description: '再用一次', location: await f.at(GRIDS.jiaotonglu), photos: [theirs.body.id] },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.field).toBe('photos');
  });

  it('a photo is served only to those who may see its request', async () => {
    const { f } = ctx();
    const resident = await f.login('resident');
    const up = await upload(resident, { name: 'wall.png', type: 'image/png', data: png() });
    const id = up.body.id as string;
    const other = await f.user('resident', null, 'nosy-resident');
    // Before it is attached: only its uploader.
    expect((await download(id, resident)).status).toBe(200);
    expect((await download(id, other.token)).status).toBe(404);
    expect((await download(id, await f.login('admin'))).status).toBe(404);

    const req = await f.request({ body: { photos: [id], reporterPhone: '13935812345' } });
    const detail = await f.call('GET', `/api/requests/${req.id}`, { token: resident });
    expect(detail.body.timeline[0].photos).toEqual([id]);

    const allowed = ['resident', 'grid', 'jiaotonglu', 'binhe', 'admin'];
    for (const who of allowed) expect((await download(id, await f.login(who))).status, who).toBe(200);
    for (const who of ['dongguan', 'hwzx', 'volunteer', 'inspector']) {
      const r = await download(id, await f.login(who));
      expect(r.status, who).toBe(404);
      expect(r.bytes.length).toBeLessThan(500); // an error, not the picture
    }
    expect((await download(id, other.token)).status).toBe(404);
    expect((await download(id, null)).status).toBe(404);
    // Without an account: the access token that tracking (number + phone in a POST body) answers.
    const tracked = await f.call('POST', '/api/track', { body: { number: req.number, phone: '13935812345' } });
    expect(tracked.status).toBe(200);
    const access = tracked.body.access.token as string;
    expect(access).not.toContain('13935812345');
    expect((await download(id, null, `?access=${encodeURIComponent(access)}`)).status).toBe(200);
    // Number and phone in the query string no longer open anything.
    expect((await download(id, null, `?number=${req.number}&phone=13935812345`)).status).toBe(400);
    // A token altered by one character, or another request's token, does not open this photo.
    const flipped = `${access.slice(0, -1)}${access.endsWith('A') ? 'B' : 'A'}`;
    expect((await download(id, null, `?access=${encodeURIComponent(flipped)}`)).status).toBe(404);
    const another = await f.request({ body: { reporterPhone: '13700001111' } });
    const theirs = await f.call('POST', '/api/track', { body: { number: another.number, phone: '13700001111' } });
    expect((await download(id, null, `?access=${encodeURIComponent(theirs.body.access.token)}`)).status).toBe(404);
    // The token lasts 30 minutes.
    const before = ctx().clock.now();
    ctx().clock.advance(31 * 60_000);
    expect((await download(id, null, `?access=${encodeURIComponent(access)}`)).status).toBe(404);
    ctx().clock.set(before);

    // Photos the handler adds to an action are visible to the reporter too.
    const grid = await f.login('grid');
    const proof = await upload(grid, { name: 'done.jpg', type: 'image/jpeg', data: jpeg() });
    expect((await f.act(grid, req.id, { action: 'sign' })).status).toBe(200);
    expect((await f.act(grid, req.id, { action: 'contact', note: '已联系', photos: [proof.body.id] })).status).toBe(200);
    expect((await download(proof.body.id, resident)).status).toBe(200);
    expect((await download(proof.body.id, await f.login('dongguan'))).status).toBe(404);
    expect((await download('not-a-uuid', resident)).status).toBe(400);
  });

  const files = () => {
    try {
      return fs.readdirSync(uploadsDir(ctx().app.services.config.dataDir)).sort();
    } catch {
      return [];
    }
  };

  it('malformed multipart bodies are 400s naming the problem, on uploads and on the place import', async () => {
    const admin = await ctx().f.login('admin');
    const good = multipart({ name: 'a.jpg', type: 'image/jpeg', data: jpeg() });
    const boundary = good.headers['content-type'].split('boundary=')[1] as string;
    const cases: { name: string; headers: Record<string, string>; payload: Buffer; field: string; message: RegExp }[] = [
      {
        name: 'body not matching its boundary',
        headers: { 'content-type': 'multipart/form-data; boundary=----something-else' },
        payload: good.payload,
        field: 'body',
        message: /^body：multipart 请求体不完整或与 boundary 不符/,
      },
      {
        name: 'no closing boundary',
        headers: good.headers,
        payload: good.payload.subarray(0, good.payload.length - `\r\n--${boundary}--\r\n`.length),
        field: 'body',
        message: /^body：multipart 请求体不完整/,
      },
      {
        name: 'no boundary parameter',
        headers: { 'content-type': 'multipart/form-data' },
        payload: good.payload,
        field: 'Content-Type',
        message: /^Content-Type：multipart\/form-data 缺少有效的 boundary 参数/,
      },
      {
        name: 'a boundary longer than the parser takes',
        headers: { 'content-type': `multipart/form-data; boundary=${'x'.repeat(300)}` },
        payload: good.payload,
        field: 'Content-Type',
        message: /boundary/,
      },
    ];
    for (const url of ['/api/uploads', '/api/places/import?dryRun=1'])
      for (const c of cases) {
        const before = files();
        const r = await ctx().app.server.inject({
          method: 'POST',
          url,
          headers: { ...c.headers, ...(url.startsWith('/api/places') ? { authorization: `Bearer ${admin}` } : {}) },
          payload: c.payload,
        });
        expect(r.statusCode, `${url}: ${c.name}: ${r.body}`).toBe(400);
        expect(r.json().error, `${url}: ${c.name}`).toMatchObject({
          code: 'VALIDATION_FAILED',
          field: c.field,
          message: expect.stringMatching(c.message),
        });
        expect(files()).toEqual(before);
      }
  });

  it('a file name with a control character is refused (400) and leaves no file behind', async () => {
    const before = files();
    for (const name of ['a\u0000.jpg', 'b\u0001.jpg', 'c\u007f.jpg']) {
      const r = await upload(null, { name, type: 'image/jpeg', data: jpeg() });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error).toMatchObject({ field: 'file', message: 'file：文件名包含控制字符' });
    }
    expect(files()).toEqual(before);
  });

  it('when the row cannot be written, the file is removed too (no file without its row)', async () => {
    const { db } = ctx().app.services;
    const before = files();
    await sql`ALTER TABLE uploads RENAME TO uploads_away`.execute(db);
    try {
      const r = await upload(null, { name: 'ok.jpg', type: 'image/jpeg', data: jpeg() });
      expect(r.status).toBe(500);
    } finally {
      await sql`ALTER TABLE uploads_away RENAME TO uploads`.execute(db);
    }
    expect(files()).toEqual(before);
  });

  it('the sweep removes photos never attached within the TTL, row and file, and stray files; attached and recent ones stay', async () => {
    const { app, clock, f } = ctx();
    const { db } = app.services;
    const dir = uploadsDir(app.services.config.dataDir);
    const kept = await upload(null, { name: 'kept.jpg', type: 'image/jpeg', data: jpeg() });
    const orphan = await upload(null, { name: 'orphan.jpg', type: 'image/jpeg', data: jpeg() });
    await f.request({ token: null, body: { photos: [kept.body.id] } });
    // a file without a row (a crash before the commit) and an unfinished write, both old
    const stray = path.join(dir, '00000000-0000-4000-8000-000000000000');
    const part = path.join(dir, '00000000-0000-4000-8000-000000000001.part');
    for (const p of [stray, part]) {
      fs.writeFileSync(p, 'x');
      const old = new Date(clock.now().getTime() - 24 * 3600_000); // the sweep reads file times against its clock
      fs.utimesSync(p, old, old);
    }
    clock.advance(25 * 3600_000);
    const recent = await upload(null, { name: 'recent.jpg', type: 'image/jpeg', data: jpeg() });
    // every unattached photo of earlier tests is past its TTL as well: count those as removed too
    const due = await db
      .selectFrom('uploads')
      .select('id')
      .where('entity_id', 'is', null)
      .where('created_at', '<', new Date(clock.now().getTime() - 24 * 3600_000).toISOString())
      .execute();
    expect(due.map((u) => u.id)).toContain(orphan.body.id);
    // two instances sweeping at once remove each photo once
    const [a, b] = await Promise.all([sweepUploads(db, clock, dir, 24), sweepUploads(db, clock, dir, 24)]);
    expect(a.rows + b.rows).toBe(due.length);
    const ids = new Set((await db.selectFrom('uploads').select('id').execute()).map((u) => u.id));
    expect(ids.has(orphan.body.id)).toBe(false);
    expect(fs.existsSync(path.join(dir, orphan.body.id))).toBe(false);
    expect(ids.has(kept.body.id) && fs.existsSync(path.join(dir, kept.body.id))).toBe(true);
    expect(ids.has(recent.body.id) && fs.existsSync(path.join(dir, recent.body.id))).toBe(true);
    expect(fs.existsSync(stray) || fs.existsSync(part)).toBe(false);
    // every file left has its row
    expect(files().filter((n) => !ids.has(n))).toEqual([]);
    clock.advance(-25 * 3600_000);
  });
});
