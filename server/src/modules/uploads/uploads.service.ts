import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { AttachmentPolicies, AttachmentProof } from '../../platform/attachments.js';
import type { Actor } from '../auth/actor.js';
import { sniffImage } from './file-types.js';

/**
 * Photos: checked by content, stored under a random name in the data folder (never the
 * client's name or path), served with their sniffed type and nosniff.
 */
export class UploadsService {
  private readonly dir: string;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    dataDir: string,
    private readonly limitBytes: number,
    private readonly policies: AttachmentPolicies,
  ) {
    this.dir = path.join(dataDir, 'uploads');
  }

  async save(actor: Actor, buf: Buffer, fileName: string): Promise<{ id: string; mime: string; size: number }> {
    if (buf.length === 0) throw errors.validation('file', 'file：文件为空', 'file: the file is empty');
    if (buf.length > this.limitBytes) throw errors.tooLarge('file', `${Math.round(this.limitBytes / 1024 / 1024)} MB`);
    const mime = sniffImage(buf);
    if (!mime) throw errors.unsupportedType('file', 'JPEG / PNG / WebP');
    const id = randomUUID();
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `${id}.part`);
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, path.join(this.dir, id));
    await this.db
      .insertInto('uploads')
      .values({
        id,
        owner_user_id: actor.kind === 'user' ? actor.userId : null,
        entity_type: null,
        entity_id: null,
        mime,
        size: buf.length,
        sha256: createHash('sha256').update(buf).digest('hex'),
        file_name: fileName.slice(0, 200),
        created_at: this.clock.now().toISOString(),
      })
      .execute();
    return { id, mime, size: buf.length };
  }

  /** The photo, if this actor may see it: its uploader, or whoever the owning module's policy lets see its work item. */
  async open(actor: Actor, id: string, proof?: AttachmentProof): Promise<{ mime: string; file: string }> {
    const u = await this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) throw errors.notFound('照片', 'Photo');
    let allowed = actor.kind === 'user' && u.owner_user_id === actor.userId;
    if (!allowed && u.entity_type && u.entity_id)
      allowed = await this.policies.mayOpen(actor, { type: u.entity_type, id: u.entity_id }, proof);
    if (!allowed) throw errors.notFound('照片', 'Photo');
    return { mime: u.mime, file: path.join(this.dir, u.id) };
  }
}
