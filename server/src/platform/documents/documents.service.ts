/**
 * The one documents service: Word and PDF from a DocSpec, QR codes with signed links, photos from
 * the attachment store, and sheet imports with a dry run. Programmes describe what a document
 * says; this decides how it is made.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../modules/auth/actor.js';
import type { UploadsService } from '../../modules/uploads/uploads.service.js';
import type { Executor } from '../executor.js';
import { renderDocx } from './docx.js';
import { uploadImages } from './images.js';
import { signLink, verifyLink } from './links.js';
import { renderPdf } from './pdf.js';
import { qrPng } from './qr.js';
import { type Column, importSheet, type SheetDef, type SheetReport, type SheetRow, sheetTemplate } from './sheet.js';
import type { Block, DocSpec } from './spec.js';

export type DocFormat = 'pdf' | 'docx';

export const CONTENT_TYPES: Record<DocFormat | 'xlsx', string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export class DocumentsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly uploads: UploadsService,
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  render(spec: DocSpec, format: DocFormat): Promise<Buffer> {
    return format === 'pdf' ? renderPdf(spec) : renderDocx(spec);
  }

  /** A link to a page of the web app (`/grid/r/<id>`), signed so that a printed code can be told from a forged one. */
  signedLink(path: string): string {
    return signLink(this.secret, this.publicUrl, path);
  }

  /** The signed path when the link is ours, else null. */
  verifyLink(link: string): string | null {
    return verifyLink(this.secret, link);
  }

  /** A QR code block holding a signed link to `path`. */
  async qrBlock(path: string, caption: string, width = 110): Promise<Block> {
    return { kind: 'image', data: await qrPng(this.signedLink(path)), width, caption };
  }

  /** Image blocks for the uploads the actor may open. */
  photos(actor: Actor, ids: readonly string[], width?: number): Promise<Block[]> {
    return uploadImages(this.uploads, actor, ids, width);
  }

  importSheet<C extends Record<string, Column<any>>>(
    def: SheetDef<C>,
    file: Buffer,
    opts: {
      dryRun: boolean;
      validate?: (row: SheetRow<C>, rowNumber: number) => Promise<{ column: string; message: string; messageEn: string }[]>;
      write: (trx: Executor, rows: SheetRow<C>[]) => Promise<void>;
    },
  ): Promise<SheetReport> {
    return importSheet(def, file, { db: this.db, ...opts });
  }

  template(def: SheetDef<Record<string, Column<any>>>): Promise<Buffer> {
    return sheetTemplate(def);
  }
}
