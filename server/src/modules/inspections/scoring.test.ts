/** 得分率 and the random draw, pure. */
import { describe, expect, it } from 'vitest';
import { samplePoints } from './sampling.js';
import { itemScore, rank, sum } from './scoring.js';

describe('scoring (pure)', () => {
  it('a pass earns the weight; a failure loses it, or its deduction per finding up to the weight; na leaves it out', () => {
    expect(itemScore({ weight: 10, deductPerFinding: null }, { result: 'pass', count: 1 })).toMatchObject({ earned: 10, possible: 10 });
    expect(itemScore({ weight: 10, deductPerFinding: null }, { result: 'fail', count: 1 })).toMatchObject({ earned: 0, possible: 10 });
    expect(itemScore({ weight: 10, deductPerFinding: 2 }, { result: 'fail', count: 3 })).toMatchObject({ earned: 4, possible: 10 });
    expect(itemScore({ weight: 5, deductPerFinding: 2 }, { result: 'fail', count: 9 })).toMatchObject({ earned: 0, possible: 5 });
    expect(itemScore({ weight: 10, deductPerFinding: null }, { result: 'na', count: 1 })).toMatchObject({ possible: 0 });
    expect(itemScore({ weight: 10, deductPerFinding: null }, undefined)).toMatchObject({ possible: 0 });
    // a finished round: an unmarked item at a visited point counts as pass; a marked one keeps its mark
    expect(itemScore({ weight: 10, deductPerFinding: null }, undefined, true)).toMatchObject({ earned: 10, possible: 10 });
    expect(itemScore({ weight: 10, deductPerFinding: null }, { result: 'na', count: 1 }, true)).toMatchObject({ possible: 0 });
    expect(itemScore({ weight: 10, deductPerFinding: null }, { result: 'fail', count: 1 }, true)).toMatchObject({
      earned: 0,
      possible: 10,
    });
    expect(
      sum([
        itemScore({ weight: 10, deductPerFinding: null }, { result: 'pass', count: 1 }),
        itemScore({ weight: 20, deductPerFinding: 5 }, { result: 'fail', count: 1 }),
      ]),
    ).toEqual({
      earned: 25,
      possible: 30,
      rate: 0.8333,
    });
    expect(sum([])).toEqual({ earned: 0, possible: 0, rate: null });
  });

  it('ranks best first; ties share a rank; unscored rows come last', () => {
    const r = rank([
      { k: 'a', rate: 0.5 },
      { k: 'b', rate: 0.9 },
      { k: 'c', rate: null },
      { k: 'd', rate: 0.9 },
    ]);
    expect(r.map((x) => [x.k, x.rank])).toEqual([
      ['b', 1],
      ['d', 1],
      ['a', 3],
      ['c', 4],
    ]);
  });
});

describe('sampling (pure)', () => {
  const points = Array.from({ length: 40 }, (_, i) => ({ id: `p${String(i).padStart(2, '0')}`, type: i % 2 ? 'school' : 'back_street' }));

  it('the same seed over the same points draws the same sample, whatever their order', () => {
    const a = samplePoints(points, { back_street: 5, school: 3 }, 2026);
    const b = samplePoints([...points].reverse(), { school: 3, back_street: 5 }, 2026);
    expect(a.map((p) => p.id)).toEqual(b.map((p) => p.id));
    expect(a.filter((p) => p.type === 'back_street')).toHaveLength(5);
    expect(a.filter((p) => p.type === 'school')).toHaveLength(3);
    expect(new Set(a.map((p) => p.id)).size).toBe(8);
  });

  it('another seed draws another sample; asking for more than there are takes them all', () => {
    const a = samplePoints(points, { back_street: 5 }, 1).map((p) => p.id);
    const b = samplePoints(points, { back_street: 5 }, 2).map((p) => p.id);
    expect(a).not.toEqual(b);
    expect(samplePoints(points, { school: 99 }, 1)).toHaveLength(20);
  });

  it('every point of a type can be drawn (no point is left out by the shuffle)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) for (const p of samplePoints(points, { back_street: 1 }, seed)) seen.add(p.id);
    expect(seen.size).toBe(20);
  });
});
