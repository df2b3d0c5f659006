import fs from 'node:fs';
import path from 'node:path';

/**
 * Where Debian's PostgreSQL programs live (initdb, pg_ctl, postgres): the newest
 * /usr/lib/postgresql/<version>/bin, else the PATH locations. Used by the test harness and the
 * benchmark to start throw-away clusters.
 */
export function pgBin(name: string, hint: string): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const dir of [...versions.map((v) => path.join(root, v, 'bin')), '/usr/local/bin', '/usr/bin']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`PostgreSQL's ${name} was not found: ${hint}`);
}
