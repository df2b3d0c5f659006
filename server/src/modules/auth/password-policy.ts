import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errors } from '../../errors.js';

const LIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/passwords/common-10k.txt');

/** docs/security.md (## Accounts): at least 10 characters, not one of the bundled common passwords. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | null = null;
/** data/passwords/common-10k.txt (provenance in data/README.md), read once, compared case-insensitively. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(LIST, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean),
  );
  return common;
}

/** Throws a 400 naming `field` when the password breaks the policy. */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw errors.validation(field, `${field}：密码至少 ${MIN_PASSWORD_LENGTH} 位`, `${field}: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw errors.validation(field, `${field}：密码最多 ${MAX_PASSWORD_LENGTH} 位`, `${field}: at most ${MAX_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password))
    throw errors.validation(
      field,
      `${field}：这是常见密码，很容易被猜中，请换一个`,
      `${field}: this is a common password that is easy to guess; choose another`,
    );
}
