/**
 * PDF from a DocSpec with pdfkit. Chinese text is drawn with Noto Sans SC (SIL Open Font License),
 * shipped by the `@expo-google-fonts/noto-sans-sc` package and embedded as a subset of the glyphs
 * used (a card is tens of KB, not the font's 10 MB); no browser, no download at run time.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Block, DocSpec } from './spec.js';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
let fonts: { regular: Buffer; bold: Buffer } | null = null;
/** The font files are read once per process (20 MB), on the first document. */
const fontData = () => {
  fonts ??= { regular: fs.readFileSync(FONT_FILES.regular), bold: fs.readFileSync(FONT_FILES.bold) };
  return fonts;
};

const MARGIN = 50;
const PAD = 4;

type Doc = PDFKit.PDFDocument;

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function table(doc: Doc, rows: string[][], opts: { header: boolean; widths?: number[] }): void {
  const total = doc.page.width - 2 * MARGIN;
  const n = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => (total * (opts.widths?.[i] ?? 100 / n)) / 100);
  doc.fontSize(10);
  for (const [ri, row] of rows.entries()) {
    const bold = opts.header && ri === 0;
    doc.font(bold ? 'cjk-bold' : 'cjk');
    const h = Math.max(...row.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    ensureRoom(doc, h);
    const top = doc.y;
    let x = MARGIN;
    for (const [i, t] of row.entries()) {
      const w = widths[i]!;
      if (bold) doc.rect(x, top, w, h).fillAndStroke('#eeeeee', '#999999').fillColor('black');
      else doc.rect(x, top, w, h).strokeColor('#999999').stroke();
      doc.text(t, x + PAD, top + PAD, { width: w - 2 * PAD });
      x += w;
    }
    doc.x = MARGIN;
    doc.y = top + h;
  }
  doc.moveDown(0.5);
}

function block(doc: Doc, b: Block): void {
  const width = doc.page.width - 2 * MARGIN;
  switch (b.kind) {
    case 'heading':
      ensureRoom(doc, 40);
      doc
        .moveDown(0.4)
        .font('cjk-bold')
        .fontSize(b.level === 2 ? 12 : 14)
        .text(b.text, MARGIN, doc.y, { width });
      doc.moveDown(0.3);
      return;
    case 'paragraph':
      doc
        .font('cjk')
        .fontSize(b.small ? 8 : 10.5)
        .text(b.text, MARGIN, doc.y, { width });
      doc.moveDown(0.3);
      return;
    case 'fields':
      table(doc, b.rows, { header: false, widths: [25, 75] });
      return;
    case 'table':
      table(doc, [b.header, ...b.rows], { header: true, ...(b.widths ? { widths: b.widths } : {}) });
      return;
    case 'image': {
      ensureRoom(doc, b.width + 20);
      const top = doc.y;
      try {
        doc.image(b.data, MARGIN, top, { fit: [b.width, b.width] });
        doc.y = top + b.width + 4;
      } catch {
        // a damaged photo must not cost the whole document
        doc.font('cjk').fontSize(9).text('［图片无法显示］', MARGIN, top, { width });
      }
      if (b.caption) doc.font('cjk').fontSize(8).text(b.caption, MARGIN, doc.y, { width });
      doc.moveDown(0.3);
      return;
    }
  }
}

export function renderPdf(spec: DocSpec): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: spec.title, Producer: 'Lianxin' } });
  doc.registerFont('cjk', fontData().regular);
  doc.registerFont('cjk-bold', fontData().bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('cjk-bold').fontSize(18).text(spec.title, { align: 'center' });
  if (spec.subtitle) doc.font('cjk').fontSize(9).fillColor('#555555').text(spec.subtitle, { align: 'center' }).fillColor('black');
  doc.moveDown(0.8);
  for (const b of spec.blocks) block(doc, b);
  doc.end();
  return done;
}
