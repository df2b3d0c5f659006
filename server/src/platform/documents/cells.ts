/**
 * Cell validators for sheet definitions (sheet.ts): each reads a cell's text and gives a value or
 * a message in Chinese and English. `fromZod` adapts any zod schema (same messages as the API).
 */
import type { z } from 'zod';
import { describeIssues } from '../../http/zod-messages.js';

export type CellResult<T> = { ok: true; value: T } | { ok: false; zh: string; en: string };
export type Cell<T> = (text: string) => CellResult<T>;

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = (zh: string, en: string): CellResult<never> => ({ ok: false, zh, en });

export const cells = {
  text:
    (opts: { max?: number } = {}): Cell<string> =>
    (t) =>
      opts.max !== undefined && [...t].length > opts.max ? bad(`最多 ${opts.max} 个字`, `at most ${opts.max} characters`) : ok(t),

  int:
    (opts: { min?: number; max?: number } = {}): Cell<number> =>
    (t) => {
      if (!/^-?\d+$/.test(t)) return bad(`应为整数，而不是“${t}”`, `must be a whole number, not "${t}"`);
      const n = Number(t);
      if (opts.min !== undefined && n < opts.min) return bad(`不能小于 ${opts.min}`, `must be ≥ ${opts.min}`);
      if (opts.max !== undefined && n > opts.max) return bad(`不能大于 ${opts.max}`, `must be ≤ ${opts.max}`);
      return ok(n);
    },

  number:
    (opts: { min?: number; max?: number } = {}): Cell<number> =>
    (t) => {
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) return bad(`应为数字，而不是“${t}”`, `must be a number, not "${t}"`);
      if (opts.min !== undefined && n < opts.min) return bad(`不能小于 ${opts.min}`, `must be ≥ ${opts.min}`);
      if (opts.max !== undefined && n > opts.max) return bad(`不能大于 ${opts.max}`, `must be ≤ ${opts.max}`);
      return ok(n);
    },

  /** 2026-03-10, 2026/3/10 or 2026年3月10日 → 2026-03-10 (a real calendar date). */
  date: (): Cell<string> => (t) => {
    const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(t);
    const iso = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
    const d = new Date(`${iso}T00:00:00Z`);
    if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
      return bad(`应为日期（例：2026-03-10），而不是“${t}”`, `must be a date (e.g. 2026-03-10), not "${t}"`);
    return ok(iso);
  },

  /** A mobile (11 digits) or a landline with its area code. */
  phone: (): Cell<string> => (t) =>
    /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(t) ? ok(t) : bad('电话号码格式不正确', 'invalid phone number'),

  /** 是/否, 有/无, true/false, 1/0. */
  bool: (): Cell<boolean> => (t) =>
    /^(是|有|true|yes|1)$/i.test(t)
      ? ok(true)
      : /^(否|无|false|no|0)$/i.test(t)
        ? ok(false)
        : bad('应为“是”或“否”', 'must be 是 (yes) or 否 (no)'),

  /** One of the listed words (Chinese labels → stored values); the message lists them. */
  oneOf:
    <V extends string>(choices: Record<string, V>): Cell<V> =>
    (t) => {
      const v = choices[t] ?? (Object.values(choices) as string[]).find((x) => x === t);
      return v !== undefined
        ? ok(v as V)
        : bad(
            `应为 ${Object.keys(choices).join(' / ')} 之一，而不是“${t}”`,
            `must be one of ${Object.values(choices).join(', ')}, not "${t}"`,
          );
    },
};

/** Any zod schema as a cell validator (the cell's text is the input). */
export function fromZod<T>(schema: z.ZodType<T>): Cell<T> {
  return (t) => {
    const r = schema.safeParse(t);
    if (r.success) return ok(r.data);
    const [issue] = describeIssues(r.error.issues, 'value');
    const strip = (s: string) => s.replace(/^value[：:]\s*/, '');
    return bad(strip(issue?.message ?? '取值无效'), strip(issue?.messageEn ?? 'is invalid'));
  };
}
