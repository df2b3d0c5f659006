#!/usr/bin/env node
// `npm start`: builds the web app when its build is missing or older than its sources, then
// starts Lianxin with the embedded database and the demo data of 离石区.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (fs.existsSync(path.join(root, 'web/vite.config.ts'))) {
  const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
  if (built < newest(path.join(root, 'web/src'))) {
    console.log('构建网页 building the web app …');
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
const r = spawnSync(process.execPath, [path.join(root, 'bin/lianxin.mjs'), 'serve', '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 0);
