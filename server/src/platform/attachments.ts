/**
 * One attachment store for every work item: an upload waits unattached until a step of some
 * module attaches it to its entity (type, id), once. Who may open an attached photo is the owning
 * module's rule: each module registers its policy here and the uploads module asks it.
 */
import type { Actor } from '../modules/auth/actor.js';
import type { Executor } from './executor.js';
import type { EntityRef } from './timeline.js';

/** Attaches the caller's unattached uploads to `entity`; returns how many were attached (the caller checks all were). */
export async function attachUploads(trx: Executor, entity: EntityRef, ids: readonly string[], ownerId: string | null): Promise<number> {
  if (ids.length === 0) return 0;
  let q = trx
    .updateTable('uploads')
    .set({ entity_type: entity.type, entity_id: entity.id })
    .where('id', 'in', [...ids])
    .where('entity_id', 'is', null);
  q = ownerId ? q.where('owner_user_id', '=', ownerId) : q.where('owner_user_id', 'is', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Proof offered by a caller without an account (a resident following their request): a
 * short-lived access token the owning module issued, never the number and phone themselves
 * (they would sit in the photo's URL).
 */
export interface AttachmentProof {
  access: string;
}

/** May this actor see the files of this entity? Answered by the module that owns the entity type. */
export type AttachmentPolicy = (actor: Actor, entityId: string, proof?: AttachmentProof) => Promise<boolean>;

export class AttachmentPolicies {
  private readonly byType = new Map<string, AttachmentPolicy>();

  register(entityType: string, policy: AttachmentPolicy): void {
    this.byType.set(entityType, policy);
  }

  /** An entity type nobody registered shows its files to no one but their uploader. */
  mayOpen(actor: Actor, entity: EntityRef, proof?: AttachmentProof): Promise<boolean> {
    const policy = this.byType.get(entity.type);
    return policy ? policy(actor, entity.id, proof) : Promise.resolve(false);
  }
}
