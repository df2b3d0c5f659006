/**
 * Marking one item at one point from the phone: the entry goes at once when there is a network,
 * else it waits in the outbox with its photos (same Idempotency-Key, sent once when it returns).
 */

import { newIdempotencyKey } from '../../../app/data';
import { type OutboxEntry, pending, photoRef, sendOrKeep } from '../../../app/outbox';
import { type EntryInput, type EntryResult, inspections } from '../api';
import type { Position, StampedPhoto } from './StampedPhotos';

export interface Mark {
  pointId: string;
  itemId: string;
  result: 'pass' | 'fail' | 'na';
  count?: number;
  note?: string;
  photos: StampedPhoto[];
}

export type MarkOutcome = { sent: EntryResult } | { kept: true };

/** The entry body: photos named by reference until uploaded; time and place of the first photo, else now and here. */
export function entryBody(m: Mark, here: Position | null, now = new Date()): EntryInput {
  const first = m.photos[0];
  return {
    pointId: m.pointId,
    itemId: m.itemId,
    result: m.result,
    count: m.count ?? 1,
    note: m.note?.trim() ? m.note.trim() : null,
    photos: m.photos.map((p) => photoRef(p.id)),
    takenAt: first?.takenAt ?? now.toISOString(),
    location: first?.position ?? here,
  };
}

export function sendMark(roundId: string, m: Mark, here: Position | null, owner: string | null, label: string): Promise<MarkOutcome> {
  return sendOrKeep<EntryResult>(
    { key: newIdempotencyKey(), path: inspections.entryPath(roundId), body: entryBody(m, here), label, owner },
    m.photos,
  );
}

/** Marks of this round waiting in the outbox: `pointId:itemId` → result (the last one kept wins). */
export async function keptMarks(roundId: string): Promise<Map<string, Mark['result']>> {
  const path = inspections.entryPath(roundId);
  const out = new Map<string, Mark['result']>();
  const all: OutboxEntry[] = await pending().catch(() => []);
  for (const e of all) {
    if (e.path !== path) continue;
    const b = e.body as EntryInput;
    out.set(`${b.pointId}:${b.itemId}`, b.result);
  }
  return out;
}
