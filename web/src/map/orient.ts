import type { LatLng, Unit } from '../api/types';
import type { T } from '../i18n';

/**
 * What a person orients by when there are no map tiles: the names of streets, communities and
 * grids at their positions, and a chosen point told in words ("交通路社区附近") instead of
 * coordinates. Pure functions over the public unit tree (WGS-84); drawn by labels.ts.
 */

export type LabelKind = 'street' | 'community' | 'grid';

export interface MapLabel extends LatLng {
  id: string;
  kind: LabelKind;
  text: string;
}

/** "交通路社区居委会" → "交通路社区", "信义村村委会" → "信义村": the name people say. */
export function shortName(name: string): string {
  return name.replace(/(居委会|村委会|居民委员会|村民委员会)$/, '') || name;
}

/** Zoom from which each kind is named (the district fills a phone at 10–11; a community at 15). */
export const LABEL_MIN_ZOOM: Record<LabelKind, number> = { street: 9, community: 12, grid: 15 };

/**
 * Labels for every placed community and grid, and for each street at the middle of its
 * communities (streets carry no position of their own).
 */
export function orientationLabels(units: Unit[]): MapLabel[] {
  const out: MapLabel[] = [];
  const byStreet = new Map<string, LatLng[]>();
  for (const u of units) {
    if (!u.location || (u.kind !== 'community' && u.kind !== 'grid')) continue;
    out.push({ id: u.id, kind: u.kind, text: shortName(u.name), ...u.location });
    if (u.kind === 'community' && u.parentId) byStreet.set(u.parentId, [...(byStreet.get(u.parentId) ?? []), u.location]);
  }
  for (const u of units) {
    const pts = u.kind === 'street' ? byStreet.get(u.id) : undefined;
    if (!pts?.length) continue;
    const lat = pts.reduce((s, p) => s + p.lat, 0) / pts.length;
    const lng = pts.reduce((s, p) => s + p.lng, 0) / pts.length;
    out.push({ id: u.id, kind: 'street', text: u.name, lat, lng });
  }
  return out;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Which labels to draw so that none overlaps another: greedy in the order given (the caller puts
 * the most important first). Returns the indexes kept.
 */
export function cullOverlaps(boxes: Box[], gap = 2): number[] {
  const kept: Box[] = [];
  const idx: number[] = [];
  boxes.forEach((b, i) => {
    const hit = kept.some((k) => b.x < k.x + k.w + gap && k.x < b.x + b.w + gap && b.y < k.y + k.h + gap && k.y < b.y + b.h + gap);
    if (hit) return;
    kept.push(b);
    idx.push(i);
  });
  return idx;
}

/** Great-circle distance in metres. */
export function metres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Whereabouts {
  /** The nearest community or village (short name). */
  community: string;
  metres: number;
  /** Its street or town. */
  street: string | null;
  /** The nearest grid of that community, when the point is within GRID_NEAR_M of it. */
  grid: string | null;
}

/** A grid is named only when the point is this close to its centre (grids are a few hundred metres across). */
export const GRID_NEAR_M = 400;

/** The nearest community (and grid, street) to a point, or null when no unit has a position. */
export function whereabouts(p: LatLng, units: Unit[]): Whereabouts | null {
  let best: { u: Unit; d: number } | null = null;
  for (const u of units) {
    if (u.kind !== 'community' || !u.location) continue;
    const d = metres(p, u.location);
    if (!best || d < best.d) best = { u, d };
  }
  if (!best) return null;
  const community = best.u;
  let grid: { u: Unit; d: number } | null = null;
  for (const u of units) {
    if (u.kind !== 'grid' || u.parentId !== community.id || !u.location) continue;
    const d = metres(p, u.location);
    if (d <= GRID_NEAR_M && (!grid || d < grid.d)) grid = { u, d };
  }
  const street = units.find((u) => u.id === community.parentId && u.kind === 'street');
  return { community: shortName(community.name), metres: best.d, street: street?.name ?? null, grid: grid ? shortName(grid.u.name) : null };
}

/** The NEAR_M within which a point is "near" a community; further out it is "n km from" it. */
export const NEAR_M = 1500;

/** A point in words: "交通路社区第1网格附近（滨河街道）", "距信义村约 2.3 公里（信义镇）". */
export function whereText(w: Whereabouts, t: T): string {
  const main =
    w.grid !== null
      ? t('map.near', { name: w.grid })
      : w.metres <= NEAR_M
        ? t('map.near', { name: w.community })
        : t('map.from', { name: w.community, km: (w.metres / 1000).toFixed(1) });
  return w.street ? t('map.inStreet', { where: main, street: w.street }) : main;
}
