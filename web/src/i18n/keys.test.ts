import { describe, expect, it } from 'vitest';
import { en as coreEn } from './en';
import { zh as coreZh } from './zh';

// Every string bundle of the features, found the way Vite finds them.
const zhBundles = import.meta.glob<{ default: Record<string, string> }>('../features/**/i18n/zh.ts', { eager: true });
const enBundles = import.meta.glob<{ default: Record<string, string> }>('../features/**/i18n/en.ts', { eager: true });

describe('the strings, split by feature and language', () => {
  it('finds the bundles of the features', () => {
    expect(Object.keys(zhBundles).length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(enBundles).sort()).toEqual(
      Object.keys(zhBundles)
        .map((p) => p.replace(/zh\.ts$/, 'en.ts'))
        .sort(),
    );
  });

  it('gives each key one home: the shared core or one feature', () => {
    const owner = new Map(Object.keys(coreZh).map((k) => [k, 'i18n/zh.ts']));
    const twice: string[] = [];
    for (const [file, mod] of Object.entries(zhBundles))
      for (const key of Object.keys(mod.default)) {
        if (owner.has(key)) twice.push(`${key}: ${owner.get(key)} and ${file}`);
        owner.set(key, file);
      }
    expect(twice).toEqual([]);
  });

  it('has every key in both languages', () => {
    const pairs = [
      [coreZh, coreEn] as const,
      ...Object.entries(zhBundles).map(([f, m]) => [m.default, enBundles[f.replace(/zh\.ts$/, 'en.ts')]?.default ?? {}] as const),
    ];
    for (const [zh, en] of pairs) {
      expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    }
  });
});
