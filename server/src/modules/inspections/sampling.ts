/**
 * The national test samples points by type at random. The draw is a seeded shuffle (mulberry32,
 * the demo's PRNG) over the candidates sorted by id, so the same seed over the same points draws
 * the same sample on any machine, and anyone can re-run it to check the draw was not chosen.
 */
import { prng } from '../../seed/prng.js';

export function samplePoints<T extends { id: string; type: string }>(
  candidates: readonly T[],
  perType: Partial<Record<string, number>>,
  seed: number,
): T[] {
  const rand = prng(seed);
  const out: T[] = [];
  for (const type of Object.keys(perType).sort()) {
    const pool = candidates.filter((c) => c.type === type).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Fisher–Yates, the first n positions only.
    const n = Math.min(perType[type] ?? 0, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rand() * (pool.length - i));
      const picked = pool[j] as T;
      pool[j] = pool[i] as T;
      pool[i] = picked;
    }
    out.push(...pool.slice(0, n));
  }
  return out;
}
