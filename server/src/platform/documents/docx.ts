/** Word (.docx) from a DocSpec, with the `docx` package. East Asian text uses the reader's 宋体/等线 via the eastAsia font slot. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type Block, type DocSpec, imageSize } from './spec.js';

const FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '等线', cs: 'Arial' };
const line = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const borders = { top: line, bottom: line, left: line, right: line };

const cell = (text: string, opts: { bold?: boolean; width?: number } = {}) =>
  new TableCell({
    borders,
    ...(opts.width ? { width: { size: opts.width, type: WidthType.PERCENTAGE } } : {}),
    children: text.split('\n').map((t) => new Paragraph({ children: [new TextRun({ text: t, bold: opts.bold })] })),
  });

function table(header: string[] | null, rows: string[][], widths?: number[]): Table {
  const pct = (i: number, n: number) => widths?.[i] ?? Math.floor(100 / n);
  const all = header ? [header, ...rows] : rows;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: all.map(
      (r, ri) =>
        new TableRow({
          tableHeader: header !== null && ri === 0,
          children: r.map((t, i) => cell(t, { bold: header !== null && ri === 0, width: pct(i, r.length) })),
        }),
    ),
  });
}

function block(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1, text: b.text })];
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun({ text: b.text, size: b.small ? 18 : 22 })] })];
    case 'fields':
      return [table(null, b.rows, [25, 75])];
    case 'table':
      return [table(b.header, b.rows, b.widths)];
    case 'image': {
      const size = imageSize(b.data);
      const px = Math.round((b.width * 96) / 72);
      const image = new ImageRun({
        type: size.type,
        data: b.data,
        transformation: { width: px, height: Math.round((px * size.height) / size.width) },
      });
      const out: Paragraph[] = [new Paragraph({ children: [image] })];
      if (b.caption) out.push(new Paragraph({ children: [new TextRun({ text: b.caption, size: 18 })] }));
      return out;
    }
  }
}

export async function renderDocx(spec: DocSpec): Promise<Buffer> {
  const doc = new Document({
    title: spec.title,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, text: spec.title }),
          ...(spec.subtitle
            ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: spec.subtitle, size: 18 })] })]
            : []),
          ...spec.blocks.flatMap(block),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
