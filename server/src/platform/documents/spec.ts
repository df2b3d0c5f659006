/**
 * One structured description of a document, rendered to Word (docx.ts) or PDF (pdf.ts). A
 * programme builds the description (a 工单 card, a 督查通报, a volunteer's proof) and never
 * touches a document library itself.
 */
export type Block =
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  | { kind: 'paragraph'; text: string; small?: boolean }
  /** Label/value pairs (编号: …, 状态: …), drawn as a two-column table. */
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: number[] }
  /** A PNG or JPEG (an upload from the attachment store, a QR code), `width` in points. */
  | { kind: 'image'; data: Buffer; width: number; caption?: string };

export interface DocSpec {
  title: string;
  /** A line under the title (the issuing unit, the date). */
  subtitle?: string;
  blocks: Block[];
}

/** Width and height in pixels of a PNG or JPEG, read from its header. */
export function imageSize(data: Buffer): { type: 'png' | 'jpg'; width: number; height: number } {
  if (data.length > 24 && data.readUInt32BE(0) === 0x89504e47)
    return { type: 'png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (data[0] === 0xff && data[1] === 0xd8) {
    let i = 2;
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) break;
      const marker = data[i + 1]!;
      const len = data.readUInt16BE(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { type: 'jpg', height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
      i += 2 + len;
    }
  }
  throw new Error('imageSize: only PNG and JPEG images can go into a document');
}
