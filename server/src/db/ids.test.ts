import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedId } from './ids.js';

describe('time-ordered ids', () => {
  it('are version-7 UUIDs carrying their millisecond, in creation order, all distinct', () => {
    const at = Date.UTC(2026, 10, 23, 8, 0, 0);
    const ids = Array.from({ length: 5000 }, (_, i) => timeOrderedId(at + Math.floor(i / 1000)));
    for (const id of ids.slice(0, 50)) {
      expect(z.uuid().safeParse(id).success, id).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(Number.parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stay ordered when more arrive in one millisecond than its sequence holds, and when the clock steps back', () => {
    const at = Date.UTC(2026, 10, 23, 9, 0, 0);
    const ids = Array.from({ length: 6000 }, () => timeOrderedId(at));
    ids.push(timeOrderedId(at - 5000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
