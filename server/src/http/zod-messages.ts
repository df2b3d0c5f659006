import type { z } from 'zod';
import type { FieldIssue } from '../errors.js';

/** Turns zod issues into field-named messages, Chinese first with English beside. */
export function describeIssues(issues: z.core.$ZodIssue[], root: string): FieldIssue[] {
  return issues.map((i) => {
    const at = i.path.map(String).join('.');
    const field = i.code === 'unrecognized_keys' ? [at, i.keys[0]].filter(Boolean).join('.') : at || root;
    const [zh, en] = texts(i);
    return { field, message: `${field}：${zh}`, messageEn: `${field}: ${en}` };
  });
}

function texts(i: z.core.$ZodIssue): [string, string] {
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return ['必填', 'is required'];
      return [`类型应为 ${i.expected}`, `expected ${i.expected}`];
    case 'too_small':
      return i.origin === 'string'
        ? [`至少 ${i.minimum} 个字符`, `must have at least ${i.minimum} characters`]
        : i.origin === 'array'
          ? [`至少 ${i.minimum} 项`, `must have at least ${i.minimum} items`]
          : [`不能小于 ${i.minimum}`, `must be ≥ ${i.minimum}`];
    case 'too_big':
      return i.origin === 'string'
        ? [`最多 ${i.maximum} 个字符`, `must have at most ${i.maximum} characters`]
        : i.origin === 'array'
          ? [`最多 ${i.maximum} 项`, `must have at most ${i.maximum} items`]
          : [`不能大于 ${i.maximum}`, `must be ≤ ${i.maximum}`];
    case 'invalid_format':
      return [`格式不正确（${i.format}）`, `invalid format (${i.format})`];
    case 'unrecognized_keys':
      return [`未知字段：${i.keys.join(', ')}`, `unknown field(s): ${i.keys.join(', ')}`];
    case 'invalid_value':
      return [`取值应为 ${i.values.map(String).join(' / ')}`, `must be one of ${i.values.map(String).join(', ')}`];
    case 'invalid_union':
      return ['取值不符合任何允许的形式', 'does not match any allowed shape'];
    case 'custom':
      return [i.message || '取值无效', (i.params?.en as string | undefined) ?? i.message ?? 'is invalid'];
    default:
      return ['取值无效', 'is invalid'];
  }
}
