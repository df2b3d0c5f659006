import type { TrackProof } from '../api/endpoints';

/**
 * Requests filed from this device, so a resident finds their numbers again. Only the number and
 * the time are kept (a family's phone is shared): the phone or code is asked for again, and the
 * proof a just-filed report hands to the track page lives in memory only (`handOffProof`).
 */
export interface RecentReport {
  number: string;
  at: string;
}

const KEY = 'lx.recent';

export function recentReports(): RecentReport[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || '[]') as Partial<RecentReport & Record<string, unknown>>[];
    if (!Array.isArray(v)) return [];
    const clean = v.filter((x) => typeof x.number === 'string').map((x) => ({ number: x.number as string, at: String(x.at ?? '') }));
    // Lists written by earlier versions held the phone and the code: rewrite them without.
    if (v.some((x) => Object.keys(x).some((k) => k !== 'number' && k !== 'at'))) localStorage.setItem(KEY, JSON.stringify(clean));
    return clean;
  } catch {
    return [];
  }
}

export function rememberReport(r: RecentReport): void {
  const list = [{ number: r.number, at: r.at }, ...recentReports().filter((x) => x.number !== r.number)].slice(0, 10);
  localStorage.setItem(KEY, JSON.stringify(list));
}

/** The proof of a report just filed, for the track page it links to; in memory, taken once. */
let handedOff: TrackProof | null = null;

export function handOffProof(p: TrackProof): void {
  handedOff = p;
}

export function takeHandedOffProof(number: string | null): TrackProof | null {
  const p = handedOff;
  handedOff = null;
  return p && number && p.number === number ? p : null;
}
