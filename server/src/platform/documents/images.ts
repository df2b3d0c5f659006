/** Photos from the attachment store for a document: only files the actor may open (the owning module's policy decides). */
import fs from 'node:fs/promises';
import type { Actor } from '../../modules/auth/actor.js';
import type { UploadsService } from '../../modules/uploads/uploads.service.js';
import { type Block, imageSize } from './spec.js';

/** Image blocks for the uploads the actor may open; PNG and JPEG only (others, and unreadable files, are skipped), at most `max`. */
export async function uploadImages(uploads: UploadsService, actor: Actor, ids: readonly string[], width = 220, max = 4): Promise<Block[]> {
  const out: Block[] = [];
  for (const id of ids) {
    if (out.length >= max) break;
    const f = await uploads.open(actor, id).catch(() => null);
    if (!f || !['image/png', 'image/jpeg'].includes(f.mime)) continue;
    const data = await fs.readFile(f.file);
    try {
      imageSize(data); // a file whose header cannot be read is left out, not a failed document
    } catch {
      continue;
    }
    out.push({ kind: 'image', data, width });
  }
  return out;
}
