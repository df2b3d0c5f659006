import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { checkPasswordPolicy, MIN_PASSWORD_LENGTH } from './password-policy.js';

function refusal(password: string, field?: string) {
  try {
    checkPasswordPolicy(password, field);
    return null;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { field: e.details.field, message: e.message, messageEn: e.messageEn };
  }
}

describe('password policy', () => {
  it('refuses passwords shorter than 10 characters, naming the field', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    for (const p of ['12345678', 'password', 'Abc@12345'])
      expect(refusal(p)).toEqual({
        field: 'password',
        message: 'password：密码至少 10 位',
        messageEn: 'password: at least 10 characters',
      });
    expect(refusal('abc', 'newPassword')?.field).toBe('newPassword');
    // Characters, not UTF-16 units: ten Chinese characters are ten.
    expect(refusal('连心连心连心连心连心')).toBeNull();
    expect(refusal('连心连心连心连心连')?.field).toBe('password');
  });

  it('refuses common passwords from the bundled list, whatever their case, and one character repeated', () => {
    for (const p of ['1234567890', 'qwertyuiop', 'password123', 'PASSWORD123', 'Qwertyuiop', 'aaaaaaaaaaaa']) {
      const r = refusal(p);
      expect(r?.field, p).toBe('password');
      expect(r?.message, p).toMatch(/常见密码/);
    }
  });

  it('accepts the demo password and a random passphrase', () => {
    expect(refusal(DEMO_PASSWORD)).toBeNull();
    expect(refusal('河边的柳树-2026-春天')).toBeNull();
    expect(refusal('correct horse battery staple')).toBeNull();
  });
});
