/** Reads generated documents back, as a person's software would: text of a PDF, of a Word file, and of a QR code. */

import jsQRModule from 'jsqr';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

export async function pdfText(buf: Buffer): Promise<{ text: string; pages: number; fonts: string[] }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(buf), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const parts: string[] = [];
  const fonts = new Set<string>();
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if ('str' in item) parts.push(item.str);
      if ('fontName' in item) fonts.add(content.styles[item.fontName]?.fontFamily ?? item.fontName);
    }
  }
  const raw = buf.toString('latin1');
  const embedded = [...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+[\w-]+)/g)].map((m) => m[1]!);
  await doc.destroy();
  return { text: parts.join(''), pages: doc.numPages, fonts: [...new Set(embedded)] };
}

/** The visible text of word/document.xml, and the images the file carries. */
export async function docxText(buf: Buffer): Promise<{ text: string; media: Buffer[] }> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const media = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => n.startsWith('word/media/'))
      .sort()
      .map((n) => zip.file(n)!.async('nodebuffer')),
  );
  return { text: text.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'), media };
}

// jsqr is CommonJS whose types declare an ES default export
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** What a QR code (PNG) says, or null when no code is found. */
export function qrText(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height)?.data ?? null;
}
