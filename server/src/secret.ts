import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';

/**
 * The server's secret for signed links: LIANXIN_SECRET when set (needed when several instances
 * share one database, so that each verifies the others' links), else a random key generated into
 * the data dir on first start and kept there (owner-only), so links survive a restart.
 */
export function serverSecret(config: Pick<Config, 'secret' | 'dataDir'>): string {
  if (config.secret) {
    if (config.secret.length < 32) throw new Error('LIANXIN_SECRET must be at least 32 characters');
    return config.secret;
  }
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }); // wx: two first starts keep one key
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw e;
  }
}
