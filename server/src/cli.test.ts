/**
 * The `lianxin` command as an operator runs it: a real process (node bin/lianxin.mjs), a data
 * folder of its own, exit codes and output. SQLite by default; PostgreSQL with DATABASE_URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from './seed/demo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'lianxin.mjs');
const CJK = /[\u4e00-\u9fff]/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-cli-'));
  temps.push(d);
  return d;
}
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, PORT: _port, LIANXIN_DATA_DIR: _dir, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'silent', LIANXIN_SWEEP_SECONDS: '0', ...env };
}

function start(args: string[], env: Record<string, string>, input?: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin?.end(input);
  return child;
}

/** At most two lianxin processes at a time: each one compiles and loads the whole server. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function run(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000, input?: string): Promise<Run> {
  return slot(() => runNow(args, env, timeoutMs, input));
}

function runNow(args: string[], env: Record<string, string>, timeoutMs: number, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = start(args, env, input);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lianxin ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Commands listed under "Commands:" in a help text (without `help`). */
function commandsIn(help: string): string[] {
  const section = help.split(/^Commands:\s*$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
}

// Each test spawns real processes; give them room on a busy machine.
const SLOW = { timeout: 180_000 };

describe('lianxin --help', SLOW, () => {
  it('every command and subcommand explains itself, in Chinese and English, exit 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    const commands = commandsIn(top.stdout);
    expect(commands).toEqual(expect.arrayContaining(['serve', 'migrate', 'seed', 'user', 'apikey', 'backup']));
    const paths: string[][] = commands.map((c) => [c]);
    // Groups (user, apikey, …) list their own subcommands.
    const groups = await Promise.all(paths.map((p) => run([...p, '--help'])));
    for (const [i, g] of groups.entries()) for (const sub of commandsIn(g.stdout)) paths.push([...(paths[i] as string[]), sub]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['user', 'create'],
        ['apikey', 'create'],
      ]),
    );

    const helps = await Promise.all(paths.map(async (p) => [p, await run([...p, '--help'])] as const));
    for (const [p, r] of [[[] as string[], top] as const, ...helps]) {
      const name = p.join(' ') || '(top)';
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toMatch(new RegExp(`^Usage: lianxin ${p.join(' ')}`.trimEnd()));
      // The description line: Chinese / English.
      const description = r.stdout.split('\n\n')[1] ?? '';
      expect(description, name).toMatch(CJK);
      expect(description, name).toMatch(/[A-Za-z]{4,}/);
      expect(description, name).toContain('/');
    }
  });

  it('an unknown command fails with exit 1 and a hint', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--help');
  });
});

describe('lianxin on SQLite (LIANXIN_DATA_DIR)', SLOW, () => {
  const dir = tempDir();
  const env = { LIANXIN_DATA_DIR: dir };
  const dbFile = path.join(dir, 'lianxin.db');
  const count = (file: string, table: string) => {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  let apiKey = '';

  it('migrate creates the database; a second run has nothing to do', async () => {
    const first = await run(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/已执行迁移 applied: 0001_platform, 0002_requests/);
    expect(fs.existsSync(dbFile)).toBe(true);
    const again = await run(['migrate'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up to date');
  });

  it('seed --demo --requests 20 loads the demo set with exactly 20 requests', async () => {
    const r = await run(['seed', '--demo', '--requests', '20'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/10 个账号 accounts, 20 条诉求 requests/);
    expect(count(dbFile, 'requests')).toBe(20);
    expect(count(dbFile, 'users')).toBe(10);
    // The programmes' demo history (wishes, drives, inspections) tells accounts but texts no one:
    // its people and phone numbers are made up, and a made-up mobile may be someone's real one.
    expect(count(dbFile, 'wishes')).toBeGreaterThan(0);
    expect(count(dbFile, 'sms_outbox')).toBe(0);
  });

  it('user create makes an account that can sign in; bad input exits 1 with a clear message', async () => {
    const ok = await run(
      [
        'user',
        'create',
        '--username',
        'liang2',
        '--role',
        'grid_worker',
        '--unit',
        '141102001002-01',
        '--name',
        '梁网格员',
        '--password-stdin',
      ],
      env,
      90_000,
      'Grid@2026x\n',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/已创建账号 created liang2 \(grid_worker\) id=[0-9a-f-]{36}/);

    const cases: [string[], RegExp][] = [
      [['--username', 'x1', '--role', 'mayor'], /--role/],
      [['--username', 'x2', '--role', 'community_staff'], /unitId/],
      [['--username', 'liang2', '--role', 'resident'], /liang2/],
      [['--username', 'x3', '--role', 'resident', '--password', 'Secret@1234'], /--password-stdin/],
      [['--username', 'x4', '--role', 'resident', '--password=Secret@1234'], /LIANXIN_PASSWORD/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(['user', 'create', ...args], { ...env, LIANXIN_PASSWORD: 'Secret@1234' })));
    for (const [i, r] of results.entries()) {
      const [args, message] = cases[i] as [string[], RegExp];
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).toMatch(/^错误 error: |error: /m);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
    expect(count(dbFile, 'users')).toBe(11);

    // No password from anywhere and no terminal: a clear refusal. A common one: the policy's.
    const none = await run(['user', 'create', '--username', 'x5', '--role', 'resident'], env);
    expect([none.code, none.stderr]).toEqual([1, expect.stringMatching(/--password-stdin/)]);
    const weak = await run(['user', 'create', '--username', 'x6', '--role', 'resident', '--password-stdin'], env, 90_000, 'qwertyuiop\n');
    expect([weak.code, weak.stderr]).toEqual([1, expect.stringMatching(/常见密码/)]);
    expect(count(dbFile, 'users')).toBe(11);
  });

  it('user reset-password, disable, enable, unlock, end-sessions, move and set-password act by username and are audited', async () => {
    const db = () => new SQLite(dbFile, { readonly: true });
    const row = () => {
      const d = db();
      const r = d.prepare('select unit_id, disabled, must_change_password from users where username = ?').get('liang2');
      d.close();
      return r;
    };
    const reset = await run(['user', 'reset-password', 'liang2'], env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout.trim()).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12}$/);
    expect(reset.stderr).toMatch(/只显示这一次/);
    expect(row()).toEqual({ unit_id: '141102001002-01', disabled: 0, must_change_password: 1 });

    const set = await run(['user', 'set-password', 'liang2', '--password-stdin'], env, 90_000, 'Grid@2026x\n');
    expect(set.code, set.stderr).toBe(0);
    expect(row()).toMatchObject({ must_change_password: 0 });
    expect((await run(['user', 'disable', 'liang2'], env)).code).toBe(0);
    expect(row()).toMatchObject({ disabled: 1 });
    expect((await run(['user', 'enable', 'liang2'], env)).code).toBe(0);
    expect((await run(['user', 'unlock', 'liang2'], env)).code).toBe(0);
    expect((await run(['user', 'end-sessions', 'liang2'], env)).code).toBe(0);
    const wrongKind = await run(['user', 'move', 'liang2', '--unit', '141102001002'], env);
    expect([wrongKind.code, wrongKind.stderr]).toEqual([1, expect.stringMatching(/unitId/)]);
    const move = await run(['user', 'move', 'liang2', '--unit', '141102001002-02'], env);
    expect(move.code, move.stderr).toBe(0);
    const back = await run(['user', 'move', 'liang2', '--unit', '141102001002-01'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(row()).toEqual({ unit_id: '141102001002-01', disabled: 0, must_change_password: 0 });
    const unknown = await run(['user', 'disable', 'nobody'], env);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/nobody/)]);

    const d = db();
    const actions = (
      d.prepare("select action from audit_log where actor_role = 'system' and action like 'user.%'").all() as { action: string }[]
    ).map((a) => a.action);
    d.close();
    for (const a of [
      'user.password_reset',
      'user.password_set',
      'user.disabled',
      'user.enabled',
      'user.unlocked',
      'user.sessions_ended',
      'user.moved',
    ])
      expect(actions, a).toContain(a);
  });

  it('apikey create prints a key once', async () => {
    const r = await run(['apikey', 'create', '--name', '市民通 App'], env);
    expect(r.code, r.stderr).toBe(0);
    apiKey = r.stdout.trim();
    expect(apiKey).toMatch(/^lx_[A-Za-z0-9_-]{20,}$/);
    expect(r.stderr).toContain('不会再次显示');
  });

  it('serve starts, answers /healthz, takes an Open311 report with the CLI’s key; backup while it runs copies every request', async () => {
    expect(apiKey).not.toBe('');
    const webDir = tempDir(); // no built web app in it: API only
    const child = start(['serve'], { ...env, PORT: '0', LIANXIN_WEB_DIR: webDir });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${err}`)), 30_000);
        child.stdout?.on('data', (d) => {
          out += d;
          const m = out.match(/running at (http:\/\/[\d.]+:\d+)/);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.stderr?.on('data', (d) => (err += d));
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${err}`)));
      });
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite' });

      // The account made by `user create` signs in.
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'liang2', password: 'Grid@2026x' }),
      });
      expect(login.status).toBe(200);
      const demo = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
      });
      expect(demo.status).toBe(200);

      const grid = (await (await fetch(`${url}/api/units/141102001002-01`)).json()) as { location: { lat: number; lng: number } };
      const form = new URLSearchParams({
        api_key: apiKey,
        service_code: 'city_appearance',
        lat: String(grid.location.lat),
        long: String(grid.location.lng),
        description: '路灯不亮',
      });
      const posted = await fetch(`${url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      expect(posted.status).toBe(201);
      const [created] = (await posted.json()) as { service_request_id: string }[];
      expect(created?.service_request_id).toMatch(/^LX\d{12}$/);
      const wrong = await fetch(`${url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...Object.fromEntries(form), api_key: 'lx_wrong' }),
      });
      expect(wrong.status).toBe(403);
      expect(count(dbFile, 'requests')).toBe(21);

      // Online backup while the server runs.
      const target = path.join(tempDir(), 'backup.db');
      const b = await run(['backup', target], env);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toContain('已备份 backed up');
      expect(count(target, 'requests')).toBe(21);
      expect(count(target, 'users')).toBe(count(dbFile, 'users'));
      const copy = new SQLite(target, { readonly: true });
      expect((copy.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check).toBe('ok');
      copy.close();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);

    // And once it has stopped.
    const target = path.join(tempDir(), 'after.db');
    const b = await run(['backup', target], env);
    expect(b.code, b.stderr).toBe(0);
    expect(count(target, 'requests')).toBe(21);
  });
});

describe('lianxin on PostgreSQL (DATABASE_URL)', SLOW, () => {
  it('migrate, seed --demo and user create work on a fresh database', async () => {
    const admin = inject('pgAdminUrl');
    const name = `lx_cli_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = admin.replace(/\/[^/]*$/, `/${name}`);
    const env = { DATABASE_URL: url, LIANXIN_DATA_DIR: tempDir() };
    const db = new pg.Client({ connectionString: url });
    try {
      const m = await run(['migrate'], env);
      expect(m.code, m.stderr).toBe(0);
      expect(m.stdout).toMatch(/applied: 0001_platform, 0002_requests/);
      const s = await run(['seed', '--demo', '--requests', '5'], env);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toMatch(/5 条诉求 requests/);
      const u = await run(['user', 'create', '--username', 'pg-admin2', '--role', 'district_admin', '--unit', '141102'], {
        ...env,
        LIANXIN_PASSWORD: 'Admin@2026x',
      });
      expect(u.code, u.stderr).toBe(0);

      await db.connect();
      expect((await db.query('select count(*)::int as n from requests')).rows[0].n).toBe(5);
      const users = (await db.query('select username, role, unit_id from users order by username')).rows;
      expect(users).toHaveLength(11);
      expect(users).toContainEqual({ username: 'pg-admin2', role: 'district_admin', unit_id: '141102' });
      // Nothing landed in SQLite instead.
      expect(fs.existsSync(path.join(env.LIANXIN_DATA_DIR, 'lianxin.db'))).toBe(false);
    } finally {
      await db.end().catch(() => undefined);
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    }
  });
});
