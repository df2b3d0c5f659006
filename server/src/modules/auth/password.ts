import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash, which makes GPU guessing costly.
 * Format: scrypt$N$r$p$salt$hash (base64url) so parameters can be raised later, and a hash is
 * always verified with the N it was made with.
 */
export const SCRYPT_N = 1 << 15;
/**
 * The test suite's cost (vitest.config.ts sets LIANXIN_TEST_FAST_HASH=1): thousands of logins
 * and accounts at 2^15 cost minutes of CPU and prove nothing more. Nothing else sets it; the
 * production cost is tested explicitly (auth.test.ts).
 */
export const TEST_SCRYPT_N = 1 << 10;
const N = process.env.LIANXIN_TEST_FAST_HASH === '1' ? TEST_SCRYPT_N : SCRYPT_N;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, n = N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
