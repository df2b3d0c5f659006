/**
 * Documents read back as their readers would: the PDF's text extracted (Chinese drawn with the
 * embedded Noto Sans SC subset, not boxes), the Word file's XML, the QR code decoded, the template
 * opened with exceljs; signed links refuse tampering; a sheet's dry run lists every bad cell.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { docxText, pdfText, qrText } from '../../test/read-docs.js';
import { cells, fromZod } from './cells.js';
import { parseCsv } from './csv-read.js';
import { renderDocx } from './docx.js';
import { signLink, verifyLink } from './links.js';
import { renderPdf } from './pdf.js';
import { qrPng } from './qr.js';
import { checkGrid, defineSheet, readGrid, sheetTemplate } from './sheet.js';
import type { DocSpec } from './spec.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

async function spec(): Promise<DocSpec> {
  return {
    title: '连心 · 诉求工单卡',
    subtitle: '离石区城市运行指挥中心',
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['编号', 'LS20260310-0001'],
          ['类别', '垃圾清运'],
          ['地点', '滨河街道交通路社区'],
        ],
      },
      { kind: 'heading', text: '处理经过', level: 2 },
      {
        kind: 'table',
        header: ['时间', '环节'],
        rows: [
          ['03-10 10:00', '受理'],
          ['03-10 10:05', '派单至区环卫中心'],
        ],
      },
      { kind: 'paragraph', text: '楼下垃圾堆积三天无人清运。' },
      { kind: 'image', data: await qrPng(signLink(SECRET, 'https://lx.example', '/grid/r/abc')), width: 100, caption: '扫码查看' },
    ],
  };
}

describe('documents', () => {
  it('a PDF carries its Chinese text in an embedded Noto Sans SC subset, readable back as text', async () => {
    const pdf = await renderPdf(await spec());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages, fonts } = await pdfText(pdf);
    expect(pages).toBe(1);
    for (const s of [
      '连心 · 诉求工单卡',
      'LS20260310-0001',
      '垃圾清运',
      '滨河街道交通路社区',
      '派单至区环卫中心',
      '楼下垃圾堆积三天无人清运。',
      '扫码查看',
    ])
      expect(text).toContain(s);
    // subsets (ABCDEF+NotoSansSC-…), never a standard font that has no Chinese glyphs
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => /^[A-Z]{6}\+NotoSansSC/.test(f))).toBe(true);
    expect(pdf.length).toBeLessThan(200_000); // a subset, not the 10 MB font
  });

  it('a long table flows onto further pages', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`第${i + 1}行`, '志愿服务两小时']);
    const { text, pages } = await pdfText(
      await renderPdf({ title: '服务记录', blocks: [{ kind: 'table', header: ['序号', '内容'], rows }] }),
    );
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('第120行');
  });

  it('a Word file holds the Chinese text and the image', async () => {
    const { text, media } = await docxText(await renderDocx(await spec()));
    for (const s of ['连心 · 诉求工单卡', '编号', 'LS20260310-0001', '派单至区环卫中心', '楼下垃圾堆积三天无人清运。'])
      expect(text).toContain(s);
    expect(media).toHaveLength(1);
    expect(qrText(media[0]!)).toBe(signLink(SECRET, 'https://lx.example', '/grid/r/abc'));
  });

  it('a signed link verifies; a changed id, a changed signature or another secret does not', async () => {
    const link = signLink(SECRET, 'https://lx.example/', '/grid/r/0191-aa');
    expect(link).toMatch(/^https:\/\/lx\.example\/grid\/r\/0191-aa\?sig=[\w-]{32}$/);
    expect(verifyLink(SECRET, link)).toBe('/grid/r/0191-aa');
    expect(qrText(await qrPng(link))).toBe(link);
    expect(verifyLink(SECRET, link.replace('0191-aa', '0191-ab'))).toBeNull();
    expect(verifyLink(SECRET, link.replace(/sig=./, 'sig=Z'))).toBeNull();
    expect(verifyLink(`${SECRET}x`, link)).toBeNull();
    expect(verifyLink(SECRET, 'https://lx.example/grid/r/0191-aa')).toBeNull();
    expect(verifyLink(SECRET, '::not a url')).toBeNull();
  });

  it('a QR code refuses a phone or identity number', async () => {
    await expect(qrPng('https://lx.example/?p=13812345678')).rejects.toThrow(/phone or identity/);
    await expect(qrPng('14112219800101123X')).rejects.toThrow(/phone or identity/);
  });
});

const volunteers = defineSheet({
  name: '志愿者服务登记',
  columns: {
    name: { header: '姓名', aliases: ['name'], required: true, cell: cells.text({ max: 20 }), example: '张三' },
    date: { header: '日期', required: true, cell: cells.date(), example: '2026-03-10' },
    minutes: { header: '分钟', required: true, cell: cells.int({ min: 1, max: 1440 }), example: '120' },
    kind: { header: '类型', cell: cells.oneOf({ 助老: 'elderly', 环保: 'green' }), example: '助老' },
    phone: { header: '联系电话', cell: cells.phone(), example: '13800000000' },
    team: { header: '队伍编号', cell: fromZod(z.string().regex(/^T\d{3}$/)), note: 'T 加三位数字' },
  },
  check: (r) =>
    r.kind === 'green' && r.minutes > 600
      ? [{ column: 'minutes', zh: '环保活动一次不超过 600 分钟', en: 'green work: at most 600 minutes' }]
      : [],
});

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('sheets', () => {
  it('lists every bad cell with row, column and both languages; keeps the clean rows', async () => {
    const grid = await readGrid(
      await xlsx([
        ['姓名 *', '日期 *', '分钟 *', '类型', '联系电话', '队伍编号', '备注'],
        ['张三', new Date(Date.UTC(2026, 2, 10)), 120, '助老', '13812345678', 'T001', '无关的列被忽略'],
        ['', '2026-02-30', 'abc', '植树', '12345', 't1'],
        [],
        ['李四', '2026年3月9日', 700, '环保'],
        ['王五', '2026/3/8', 30],
      ]),
    );
    const r = checkGrid(volunteers, grid);
    expect(r.count).toBe(4); // the empty row is not a row
    expect(r.rows.map((x) => [x.row, x.value])).toEqual([
      [2, { name: '张三', date: '2026-03-10', minutes: 120, kind: 'elderly', phone: '13812345678', team: 'T001' }],
      [6, { name: '王五', date: '2026-03-08', minutes: 30, kind: null, phone: null, team: null }],
    ]);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '姓名'],
      [3, '日期'],
      [3, '分钟'],
      [3, '类型'],
      [3, '联系电话'],
      [3, '队伍编号'],
      [5, '分钟'],
    ]);
    expect(r.errors[1]).toEqual({
      row: 3,
      column: '日期',
      message: '日期：应为日期（例：2026-03-10），而不是“2026-02-30”',
      messageEn: '日期: must be a date (e.g. 2026-03-10), not "2026-02-30"',
    });
    expect(r.errors[3]!.message).toBe('类型：应为 助老 / 环保 之一，而不是“植树”');
    expect(r.errors[6]!.message).toBe('分钟：环保活动一次不超过 600 分钟');
    for (const e of r.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a missing required column is named once, at the header row', () => {
    const r = checkGrid(volunteers, [
      ['姓名', '分钟'],
      ['张三', '5'],
    ]);
    expect(r.errors).toEqual([{ row: 1, column: '日期', message: '日期：缺少此列', messageEn: '日期: column is missing' }]);
    expect(r.rows).toEqual([]);
  });

  it('reads CSV as Excel saves it (BOM, quotes, CRLF), English aliases too', async () => {
    const csv = Buffer.from('\uFEFFname,日期,分钟\r\n"张,三",2026-03-10,60\r\n"说""好""的",2026-03-11,5\r\n', 'utf8');
    expect(parseCsv('a,"b\nc"\n')).toEqual([['a', 'b\nc']]);
    const r = checkGrid(volunteers, await readGrid(csv));
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.value.name)).toEqual(['张,三', '说"好"的']);
  });

  it('a file that is neither xlsx nor csv, or too many rows, is a 400 naming the file', async () => {
    await expect(readGrid(Buffer.from('PK\u0003\u0004garbage'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'file' },
    });
    const big = [['姓名', '日期', '分钟'], ...Array.from({ length: 5001 }, () => ['a', '2026-03-10', '1'])];
    expect(() => checkGrid(volunteers, big)).toThrow(/最多 5000 行/);
  });

  it('the blank template has the headers (required marked) and a 填写说明 sheet with the examples, and reads back clean', async () => {
    const wb = new ExcelJS.Workbook();
    const buf = await sheetTemplate(volunteers);
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['志愿者服务登记', '填写说明']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, '姓名 *', '日期 *', '分钟 *', '类型', '联系电话', '队伍编号']);
    const help = wb.worksheets[1]!;
    expect(help.getRow(2).values).toEqual([undefined, '姓名', '是', '张三', '']);
    expect(help.getRow(7).values).toEqual([undefined, '队伍编号', '否', '', 'T 加三位数字']);
    const r = checkGrid(volunteers, await readGrid(buf));
    expect(r).toEqual({ rows: [], errors: [], count: 0 });
  });
});
