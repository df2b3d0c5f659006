/**
 * The browser test suite: starts the real server (temp data dir, --demo, a free port) on the
 * built web app, runs e2e/tests/*.test.ts with node's test runner in Debian's Chromium, and
 * writes screenshots to e2e/screenshots/. Builds nothing: `npm run build` first.
 *
 *   node bin/run-ts.mjs e2e/run.ts [name-filter]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filter = process.argv[2];
const testsDir = path.join(root, 'e2e/tests');
const files = fs
  .readdirSync(testsDir)
  .filter((f) => f.endsWith('.test.ts') && (!filter || f.includes(filter)))
  .sort()
  .map((f) => path.join(testsDir, f));

const screenshots = path.join(root, 'e2e/screenshots');
fs.mkdirSync(screenshots, { recursive: true });
for (const f of fs.readdirSync(screenshots)) if (f.endsWith('.png') || f.endsWith('.json')) fs.rmSync(path.join(screenshots, f));

const server = await startServer(root);
console.log(`e2e: server at ${server.url} (data ${server.dataDir})`);
let code = 1;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
      cwd: root,
      env: { ...process.env, LIANXIN_E2E_URL: server.url, LIANXIN_E2E_SCREENSHOTS: screenshots },
      stdio: 'inherit',
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await server.stop();
}
const shots = fs.readdirSync(screenshots).filter((f) => f.endsWith('.png'));
console.log(`e2e: ${shots.length} screenshots in e2e/screenshots/`);
process.exit(code);
