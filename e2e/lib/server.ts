/**
 * Starts the real server (`lianxin serve --demo`) on a free port with a throw-away data dir,
 * serving the built web app from web/dist. Builds nothing: run `npm run build` first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../server/src/modules/ratelimit/limits.js';

export interface RunningServer {
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const E2E_LIMITS = Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((n) => [`LIANXIN_RATE_${n.toUpperCase()}`, '100000']));

/** `root` holds web/dist; LIANXIN_E2E_SERVER_DIR may name another checkout whose server to run. */
export async function startServer(root: string): Promise<RunningServer> {
  const serverDir = process.env.LIANXIN_E2E_SERVER_DIR ? path.resolve(process.env.LIANXIN_E2E_SERVER_DIR) : root;
  if (!fs.existsSync(path.join(root, 'web/dist/index.html'))) throw new Error('web/dist/index.html is missing: run `npm run build` first');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(serverDir, 'bin/lianxin.mjs'), 'serve', '--demo'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LIANXIN_DATA_DIR: dataDir,
      LIANXIN_WEB_DIR: path.join(root, 'web/dist'),
      LOG_LEVEL: 'warn',
      // Limits stay on (every call goes through the counters), but every user of the run comes from
      // one address within minutes, so each address budget is raised far above a person's use.
      LIANXIN_RATE_LIMIT: 'on',
      ...E2E_LIMITS,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (b) => {
    log += b;
  });
  child.stderr?.on('data', (b) => {
    log += b;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`server did not start in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  // The app shell must come from the same server (SPA fallback for client routes).
  const shell = await fetch(`${url}/grid`)
    .then((r) => r.text())
    .catch(() => '');
  if (!shell.includes('<div id="root">')) {
    child.kill('SIGTERM');
    throw new Error(`the server does not serve the web app at ${url}/ (web/dist built? SPA fallback registered?):\n${log}`);
  }
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((r) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            r();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
