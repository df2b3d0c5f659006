import { describe, expect, it } from 'vitest';
import type { Unit } from '../api/types';
import { loadLanguage, translate } from '../i18n';
import { cullOverlaps, LABEL_MIN_ZOOM, metres, orientationLabels, shortName, whereabouts, whereText } from './orient';

const unit = (id: string, kind: Unit['kind'], name: string, parentId: string | null, at?: [number, number]): Unit => ({
  id,
  kind,
  name,
  parentId,
  path: id,
  streetCode: null,
  communityCode: null,
  location: at ? { lat: at[0], lng: at[1] } : null,
  demo: true,
});

// Two urban communities ~1.1 km apart in one street, one village further out in a town:
//
//   交通路社区 (37.5100, 111.1300)  ←1.1 km→  城中社区 (37.5190, 111.1350)
//   └ 交通路社区第1网格 (37.5110, 111.1310)          信义村 (37.6000, 111.2000), 信义镇
const UNITS: Unit[] = [
  unit('141102', 'district', '离石区', null),
  unit('s1', 'street', '滨河街道', '141102'),
  unit('s2', 'street', '信义镇', '141102'),
  unit('c1', 'community', '交通路社区居委会', 's1', [37.51, 111.13]),
  unit('c2', 'community', '城中社区居委会', 's1', [37.519, 111.135]),
  unit('c3', 'community', '信义村村委会', 's2', [37.6, 111.2]),
  unit('c4', 'community', '无位置社区居委会', 's2'),
  unit('g1', 'grid', '交通路社区第1网格', 'c1', [37.511, 111.131]),
  unit('d1', 'department', '区住建局', '141102', [37.51, 111.13]),
];

describe('orienting without tiles', () => {
  it('says the names people use', () => {
    expect(shortName('交通路社区居委会')).toBe('交通路社区');
    expect(shortName('信义村村委会')).toBe('信义村');
    expect(shortName('滨河街道')).toBe('滨河街道');
  });

  it('labels placed communities and grids where they are, and each street at the middle of its communities', () => {
    const labels = orientationLabels(UNITS);
    expect(labels.map((l) => `${l.kind}:${l.text}`).sort()).toEqual(
      [
        'community:交通路社区',
        'community:城中社区',
        'community:信义村',
        'grid:交通路社区第1网格',
        'street:滨河街道',
        'street:信义镇',
      ].sort(),
    );
    const binhe = labels.find((l) => l.text === '滨河街道')!;
    expect(binhe.lat).toBeCloseTo((37.51 + 37.519) / 2, 6);
    expect(binhe.lng).toBeCloseTo((111.13 + 111.135) / 2, 6);
    // streets are named before communities, communities before grids, as one zooms in
    expect(LABEL_MIN_ZOOM.street).toBeLessThan(LABEL_MIN_ZOOM.community);
    expect(LABEL_MIN_ZOOM.community).toBeLessThan(LABEL_MIN_ZOOM.grid);
  });

  it('keeps the first of overlapping labels and every label that overlaps none', () => {
    const kept = cullOverlaps([
      { x: 0, y: 0, w: 50, h: 16 }, // kept
      { x: 40, y: 5, w: 50, h: 16 }, // overlaps the first
      { x: 60, y: 30, w: 50, h: 16 }, // clear of both kept
      { x: 0, y: 17, w: 10, h: 10 }, // within the 2 px gap below the first
    ]);
    expect(kept).toEqual([0, 2]);
  });

  it('tells a point by the nearest community, its street, and the grid when close to one', () => {
    expect(whereabouts({ lat: 37.5105, lng: 111.1305 }, UNITS)).toEqual({
      community: '交通路社区',
      metres: expect.any(Number),
      street: '滨河街道',
      grid: '交通路社区第1网格',
    });
    const nearCentre = whereabouts({ lat: 37.518, lng: 111.1345 }, UNITS)!;
    expect(nearCentre.community).toBe('城中社区');
    expect(nearCentre.grid).toBeNull(); // 城中社区 has no grid placed
    expect(nearCentre.metres).toBeCloseTo(metres({ lat: 37.518, lng: 111.1345 }, { lat: 37.519, lng: 111.135 }), 3);
    const far = whereabouts({ lat: 37.58, lng: 111.19 }, UNITS)!;
    expect(far.community).toBe('信义村');
    expect(far.street).toBe('信义镇');
    expect(far.metres).toBeGreaterThan(2000);
  });

  it('has nothing to say when no community has a position', () => {
    expect(
      whereabouts(
        { lat: 37.51, lng: 111.13 },
        UNITS.filter((u) => u.kind !== 'community'),
      ),
    ).toBeNull();
  });

  it('says it in words, Chinese and English, with no coordinates', async () => {
    await Promise.all([loadLanguage('zh'), loadLanguage('en')]);
    const zh = (p: { lat: number; lng: number }) => whereText(whereabouts(p, UNITS)!, (k, v) => translate('zh', k, v));
    const en = (p: { lat: number; lng: number }) => whereText(whereabouts(p, UNITS)!, (k, v) => translate('en', k, v));
    expect(zh({ lat: 37.5105, lng: 111.1305 })).toBe('交通路社区第1网格附近（滨河街道）');
    expect(zh({ lat: 37.518, lng: 111.1345 })).toBe('城中社区附近（滨河街道）');
    expect(zh({ lat: 37.58, lng: 111.19 })).toMatch(/^距信义村约 \d+\.\d 公里（信义镇）$/);
    expect(en({ lat: 37.518, lng: 111.1345 })).toBe('near 城中社区, 滨河街道');
    expect(en({ lat: 37.58, lng: 111.19 })).toMatch(/^\d+\.\d km from 信义村, 信义镇$/);
  });
});
