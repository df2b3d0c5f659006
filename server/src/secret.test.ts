/** The link-signing key: generated into the data dir once and kept (owner-only); LIANXIN_SECRET wins when set, and a short one is refused. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { serverSecret } from './secret.js';

describe('server secret', () => {
  it('is generated on first start, kept across restarts, readable by the owner only', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-secret-'));
    const cfg = loadConfig({ LIANXIN_DATA_DIR: dataDir });
    expect(cfg.secret).toBe('');
    const first = serverSecret(cfg);
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(serverSecret(loadConfig({ LIANXIN_DATA_DIR: dataDir }))).toBe(first);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'lx-secret-'));
    expect(serverSecret({ secret: '', dataDir: other })).not.toBe(first);
    fs.rmSync(dataDir, { recursive: true });
    fs.rmSync(other, { recursive: true });
  });

  it('LIANXIN_SECRET is used as given; a short one is refused', () => {
    const dataDir = path.join(os.tmpdir(), 'lx-secret-unused');
    const secret = 'x'.repeat(32);
    expect(serverSecret(loadConfig({ LIANXIN_SECRET: secret, LIANXIN_DATA_DIR: dataDir }))).toBe(secret);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(() => serverSecret(loadConfig({ LIANXIN_SECRET: 'short' }))).toThrow(/at least 32/);
  });

  it('LIANXIN_PUBLIC_URL is the base of printed links (no trailing slash); by default the listening address', () => {
    expect(loadConfig({ LIANXIN_PUBLIC_URL: 'https://lianxin.lvliang.gov.cn/' }).publicUrl).toBe('https://lianxin.lvliang.gov.cn');
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0' }).publicUrl).toBe('http://0.0.0.0:8080');
  });
});
