import { describe, expect, it } from 'vitest';
import { defineBundle, fill } from './bundle';

describe('feature string bundles', () => {
  it('loads only the language asked for, once', async () => {
    const calls: string[] = [];
    const bundle = defineBundle({
      zh: async () => {
        calls.push('zh');
        return { default: { hello: '你好，{name}' } };
      },
      en: async () => {
        calls.push('en');
        return { default: { hello: 'Hello, {name}' } };
      },
    });
    expect(fill((await bundle.load('en')).hello, { name: 'Li' })).toBe('Hello, Li');
    await bundle.load('en');
    expect(calls).toEqual(['en']);
    expect((await bundle.load('zh')).hello).toBe('你好，{name}');
    expect(calls).toEqual(['en', 'zh']);
  });

  it('leaves an unknown placeholder as written', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
