/**
 * The printable 工单 card (GET /api/requests/:id/card.pdf|.docx) on both databases: read back, it
 * says the request's number, category, status, place and steps; the phone and name are masked; its
 * QR code decodes to a signed link to the request's page that verifies with the server's secret;
 * another community gets 404, no account 401, an unknown format 400 naming the field.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../platform/documents/qr.js';
import { docxText, pdfText, qrText } from '../../test/read-docs.js';
import { useTestApp } from '../../test/test-app.js';
import { DIALECTS } from '../../test/test-db.js';

describe.each(DIALECTS)('request card on %s', (dialect) => {
  const ctx = useTestApp(dialect);

  const get = async (url: string, token?: string) => {
    const r = await ctx().app.server.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.statusCode, type: String(r.headers['content-type']), body: r.rawPayload, json: () => JSON.parse(r.body) };
  };
  const photo = async (token: string) => {
    const boundary = `----lx${randomUUID()}`;
    const r = await ctx().app.server.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
        await qrPng('现场照片', 120),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(r.statusCode, r.body).toBe(201);
    return JSON.parse(r.body).id as string;
  };

  it('a grid worker prints the card of a request in its grid: PDF and Word read back, phone masked, QR signed', async () => {
    const { f, app } = ctx();
    const resident = await f.login('resident');
    const req = await f.request({
      body: { reporterName: '张秀英', photos: [await photo(resident)], description: '交通路12号楼下垃圾堆积三天' },
    });
    const grid = await f.login('grid');
    expect((await f.act(grid, req.id, { action: 'sign' })).status).toBe(200);

    const pdf = await get(`/api/requests/${req.id}/card.pdf`, grid);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const { text, fonts } = await pdfText(pdf.body);
    for (const s of [req.number, '市容环境', '已签收', '交通路社区', '交通路12号楼下垃圾堆积三天', '受理', '签收', '139****2345', '张**'])
      expect(text, s).toContain(s);
    expect(text).not.toContain('13935812345');
    expect(text).not.toContain('张秀英');
    expect(text).not.toContain('张大娘'); // the resident account's name in the timeline is masked too
    expect(fonts.every((x) => /NotoSansSC/.test(x))).toBe(true);

    const word = await get(`/api/requests/${req.number}/card.docx`, grid);
    expect(word.status).toBe(200);
    expect(word.type).toContain('wordprocessingml');
    const doc = await docxText(word.body);
    expect(doc.text).toContain(req.number);
    expect(doc.text).toContain('139****2345');
    expect(doc.text).not.toContain('13935812345');
    // the QR code, then the photo from the attachment store
    expect(doc.media).toHaveLength(2);
    expect(qrText(doc.media[1]!)).toBe('现场照片');
    const link = qrText(doc.media[0]!)!;
    expect(link).toMatch(new RegExp(`^http://[^/]+/grid/r/${req.id}\\?sig=`));
    expect(app.services.documents.verifyLink(link)).toBe(`/grid/r/${req.id}`);
    expect(app.services.documents.verifyLink(link.replace(req.id, randomUUID()))).toBeNull();
  });

  it('out of scope is not found, no account is 401, an unknown format names the field', async () => {
    const { f } = ctx();
    const req = await f.request();
    expect((await get(`/api/requests/${req.id}/card.pdf`, await f.login('dongguan'))).status).toBe(404);
    expect((await get(`/api/requests/${req.id}/card.pdf`)).status).toBe(401);
    const bad = await get(`/api/requests/${req.id}/card.txt`, await f.login('grid'));
    expect(bad.status).toBe(400);
    expect(bad.json().error.field).toBe('format');
    // the resident who filed it may print it too
    expect((await get(`/api/requests/${req.id}/card.pdf`, await f.login('resident'))).status).toBe(200);
  });

  it('the route is in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.paths['/api/requests/{id}/card.{format}'].get['x-access']).toBe('authenticated');
  });
});
