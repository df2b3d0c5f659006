import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { DB } from '../db/schema.js';

/**
 * Removes photos never attached to a work item within `ttlHours` (row, then file), and files in
 * the folder older than that with no row at all (a crash between writing and committing). Safe
 * with several instances: a row is deleted by a DELETE conditional on still being unattached and
 * old, so a photo attached meanwhile stays, and only the instance whose DELETE removed the row
 * removes the file. Run as a periodic job (services.ts).
 */
export async function sweepUploads(
  db: Kysely<DB>,
  clock: Clock,
  dir: string,
  ttlHours: number,
  batch = 500,
): Promise<{ rows: number; strayFiles: number }> {
  const cutoff = new Date(clock.now().getTime() - ttlHours * 3600_000);
  let rows = 0;
  for (;;) {
    const due = await db
      .selectFrom('uploads')
      .select('id')
      .where('entity_id', 'is', null)
      .where('created_at', '<', cutoff.toISOString())
      .limit(batch)
      .execute();
    if (due.length === 0) break;
    const gone = await db
      .deleteFrom('uploads')
      .where(
        'id',
        'in',
        due.map((u) => u.id),
      )
      .where('entity_id', 'is', null)
      .where('created_at', '<', cutoff.toISOString())
      .returning('id')
      .execute();
    for (const u of gone) fs.rmSync(path.join(dir, u.id), { force: true });
    rows += gone.length;
    if (due.length < batch) break;
  }
  return { rows, strayFiles: await removeStrayFiles(db, dir, cutoff, batch) };
}

/** Files (and unfinished `.part` files) older than the cutoff whose id has no row. */
async function removeStrayFiles(db: Kysely<DB>, dir: string, cutoff: Date, batch: number): Promise<number> {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0; // no photo uploaded yet
  }
  const old = names.filter((n) => {
    try {
      return fs.statSync(path.join(dir, n)).mtime < cutoff;
    } catch {
      return false;
    }
  });
  let removed = 0;
  for (let i = 0; i < old.length; i += batch) {
    const chunk = old.slice(i, i + batch);
    const ids = chunk.map((n) => n.replace(/\.part$/, ''));
    const known = new Set((await db.selectFrom('uploads').select('id').where('id', 'in', ids).execute()).map((u) => u.id));
    for (const n of chunk) {
      if (n.endsWith('.part') || !known.has(n)) {
        fs.rmSync(path.join(dir, n), { force: true });
        removed++;
      }
    }
  }
  return removed;
}
