/** Photos from the attachment store for a document: only files the actor may open (the owning module's policy decides). */
import fs from 'node:fs/promises';
import type { Actor } from '../../modules/auth/actor.js';
import type { UploadsService } from '../../modules/uploads/uploads.service.js';
import type { Block } from './spec.js';

/** Image blocks for the uploads the actor may open; PNG and JPEG only (others are skipped), at most `max`. */
export async function uploadImages(uploads: UploadsService, actor: Actor, ids: readonly string[], width = 220, max = 4): Promise<Block[]> {
  const out: Block[] = [];
  for (const id of ids) {
    if (out.length >= max) break;
    const f = await uploads.open(actor, id).catch(() => null);
    if (!f || !['image/png', 'image/jpeg'].includes(f.mime)) continue;
    out.push({ kind: 'image', data: await fs.readFile(f.file), width });
  }
  return out;
}
