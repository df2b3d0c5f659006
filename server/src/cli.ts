import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { buildApp } from './app.js';
import { readPassword, refusePasswordOnArgv } from './cli-password.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { isAppError } from './errors.js';
import { serve } from './main.js';
import { type Actor, ROLES, type Role } from './modules/auth/actor.js';
import { placesCommands } from './modules/places/places.cli.js';
import { ensureBaseline } from './seed/baseline.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo.js';
import type { Services } from './services.js';

const program = new Command('lianxin')
  .description('连心 Lianxin — 接诉即办与基层治理平台 / civic-service and grassroots-governance platform')
  .showHelpAfterError('(用 --help 查看用法 / add --help for usage)');

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('应为正整数 / must be a positive integer');
  return n;
};

function bar(label: string) {
  return new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, noTTYOutput: true, notTTYSchedule: 2000, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
}

async function withApp<T>(fn: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  // These commands never listen: no web app to serve (and nothing to trip over when it is built).
  const config = loadConfig(process.env, { webDir: null });
  const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    const app = await buildApp(config, database, systemClock);
    await ensureBaseline(app.services);
    return await fn(app);
  } finally {
    await database.close();
  }
}

program
  .command('serve')
  .description('启动服务（迁移数据库后监听 HOST:PORT）/ start the server')
  .option('--demo', '载入离石区演示数据 / load the 离石区 demo data')
  .option('-p, --port <port>', '端口 / port (env PORT, default 3000)', positiveInt)
  .option('--host <host>', '地址 / host (env HOST, default 127.0.0.1)')
  .action(async (o: { demo?: boolean; port?: number; host?: string }) => {
    const config = loadConfig(process.env, { ...(o.port ? { port: o.port } : {}), ...(o.host ? { host: o.host } : {}) });
    const progress = bar('演示数据 demo data');
    let started = false;
    const { url, close, app } = await serve(config, {
      demo: o.demo,
      demoOptions: {
        progress: (done, total) => {
          if (!started) {
            progress.start(total, 0);
            started = true;
          }
          progress.update(done);
          if (done === total) progress.stop();
        },
      },
    });
    console.log(`连心 Lianxin 已启动 / running at ${url}  (database: ${app.services.database.dialect} ${app.services.database.location})`);
    if (o.demo) console.log(`演示账号 demo accounts: ${DEMO_USERS.map((u) => u.username).join(', ')} — 密码 password: ${DEMO_PASSWORD}`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const)
      process.once(sig, () => {
        void close().then(() => process.exit(0));
      });
  });

program
  .command('migrate')
  .description('执行数据库迁移 / run pending migrations')
  .action(async () => {
    const config = loadConfig();
    const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const done = await migrateToLatest(database);
      console.log(done.length ? `已执行迁移 applied: ${done.join(', ')}` : '数据库已是最新 / already up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('载入基础数据；--demo 载入演示数据 / load baseline data; --demo adds the demo set')
  .option('--demo', '演示数据（网格、账号、三个月的诉求）/ demo grids, accounts and three months of requests')
  .option('--requests <n>', '演示诉求数量 / number of demo requests', positiveInt, 360)
  .action(async (o: { demo?: boolean; requests: number }) => {
    await withApp(async ({ services }) => {
      if (!o.demo) {
        console.log('基础数据已就绪 / baseline installed (divisions, departments, categories, holidays)');
        return;
      }
      const progress = bar('演示诉求 demo requests');
      progress.start(o.requests, 0);
      const r = await seedDemo(services, { requests: o.requests, progress: (done) => progress.update(done) });
      progress.update(o.requests);
      progress.stop();
      console.log(
        `演示数据 demo: ${r.grids} 个网格 grids, ${r.users} 个账号 accounts, ${r.requests} 条诉求 requests（已存在的不重复创建 / existing kept）`,
      );
    });
  });

const user = program.command('user').description('账号管理 / accounts (docs/deployment.md)');
const CLI: Actor = { kind: 'system', job: 'cli' };
const PASSWORD_STDIN = ['--password-stdin', '从标准输入读取密码 / read the password from standard input'] as const;

user
  .command('create')
  .description('创建账号；密码在提示时输入，或 --password-stdin，或 LIANXIN_PASSWORD / create an account')
  .requiredOption('--username <name>', '用户名 / username')
  .requiredOption('--role <role>', `角色 / role: ${ROLES.join(', ')}`)
  .option('--name <display>', '显示名 / display name')
  .option('--unit <unitId>', '所属单位编码（工作人员必填）/ unit id, required for staff')
  .option('--phone <phone>', '手机号 / phone')
  .option(...PASSWORD_STDIN)
  .action(async (o: { username: string; role: string; name?: string; unit?: string; phone?: string; passwordStdin?: boolean }) => {
    if (!ROLES.includes(o.role as Role)) throw new InvalidArgumentError(`--role 应为 ${ROLES.join(' / ')}`);
    const password = await readPassword({ stdin: o.passwordStdin, confirm: true });
    await withApp(async ({ services }) => {
      const r = await services.auth.createUser(CLI, {
        username: o.username,
        displayName: o.name ?? o.username,
        role: o.role as Role,
        unitId: o.unit ?? null,
        phone: o.phone ?? null,
        password,
      });
      console.log(`已创建账号 created ${o.username} (${o.role}) id=${r.id}`);
    });
  });

user
  .command('set-password <username>')
  .description('设置密码（提示输入 / --password-stdin / LIANXIN_PASSWORD），结束其全部会话 / set a password; ends their sessions')
  .option(...PASSWORD_STDIN)
  .action(async (username: string, o: { passwordStdin?: boolean }) => {
    const password = await readPassword({ stdin: o.passwordStdin, confirm: true });
    await withApp(async ({ services }) => {
      await services.accounts.setPassword(CLI, await services.accounts.idOf(username), password);
      console.log(`已设置密码 password set for ${username}`);
    });
  });

user
  .command('reset-password <username>')
  .description('重置为临时密码（只显示一次，下次登录须修改）/ reset to a temporary password, shown once; changed at next sign-in')
  .action(async (username: string) => {
    await withApp(async ({ services }) => {
      const r = await services.accounts.resetPassword(CLI, await services.accounts.idOf(username));
      console.log(r.temporaryPassword);
      console.error(`已重置 ${username} 的密码；临时密码只显示这一次 / temporary password for ${username}, shown once`);
    });
  });

const simple: [string, string, (s: Services, id: string) => Promise<unknown>][] = [
  ['disable', '停用账号并结束其会话 / disable an account and end its sessions', (s, id) => s.accounts.setDisabled(CLI, id, true)],
  ['enable', '启用账号 / enable an account', (s, id) => s.accounts.setDisabled(CLI, id, false)],
  ['unlock', '解除登录限制 / clear its sign-in throttling', (s, id) => s.accounts.unlock(CLI, id)],
  ['end-sessions', '结束其全部会话 / end all its sessions', (s, id) => s.accounts.endSessions(CLI, id)],
];
for (const [name, description, run] of simple)
  user
    .command(`${name} <username>`)
    .description(description)
    .action(async (username: string) => {
      await withApp(async ({ services }) => {
        const r = await run(services, await services.accounts.idOf(username));
        console.log(`${name} ${username}: ${JSON.stringify(r)}`);
      });
    });

user
  .command('move <username>')
  .description('调到另一个单位（须符合角色对应的单位类型），结束其会话 / move to another unit; ends their sessions')
  .requiredOption('--unit <unitId>', '新单位编码 / the new unit id')
  .action(async (username: string, o: { unit: string }) => {
    await withApp(async ({ services }) => {
      const r = await services.accounts.move(CLI, await services.accounts.idOf(username), o.unit);
      console.log(`已调动 moved ${username} → ${o.unit} (${r.sessionsEnded} 个会话已结束 sessions ended)`);
    });
  });

const apikey = program.command('apikey').description('Open311 API 密钥 / API keys');
apikey
  .command('create')
  .description('创建 Open311 客户端密钥（只显示一次）/ create a key for an Open311 client (shown once)')
  .requiredOption('--name <name>', '客户端名称 / client name')
  .action(async (o: { name: string }) => {
    await withApp(async ({ services }) => {
      const r = await services.auth.createApiKey({ kind: 'system', job: 'cli' }, o.name);
      console.log(r.key);
      console.error(`已创建 API 密钥 created for "${o.name}" (id ${r.id}); 请妥善保存，不会再次显示 / store it now, it is not shown again`);
    });
  });

program
  .command('backup <file>')
  .description('在线备份数据库到文件 / back up the database to a file while it runs')
  .action(async (file: string) => {
    const config = loadConfig();
    const target = path.resolve(file);
    if (fs.existsSync(target)) throw new InvalidArgumentError(`${target} 已存在 / already exists`);
    if (config.databaseUrl.startsWith('postgres')) {
      const r = spawnSync('pg_dump', ['--format=custom', `--file=${target}`, config.databaseUrl], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (r.error || r.status !== 0) throw new Error(`pg_dump 失败 / failed: ${r.error?.message ?? `exit ${r.status}`}`);
      console.log(`已备份 backed up to ${target} (pg_dump custom format; restore with pg_restore)`);
      return;
    }
    const source = path.join(config.dataDir, 'lianxin.db');
    if (!fs.existsSync(source)) throw new InvalidArgumentError(`没有找到数据库 no database at ${source}`);
    const db = new SQLite(source, { readonly: true, fileMustExist: true });
    const progress = bar('备份 backup');
    let started = false;
    try {
      await db.backup(target, {
        progress: ({ totalPages, remainingPages }) => {
          if (!started) {
            progress.start(totalPages, 0);
            started = true;
          }
          progress.update(totalPages - remainingPages);
          return 200;
        },
      });
    } finally {
      if (started) progress.stop();
      db.close();
    }
    console.log(`已备份 backed up to ${target} (${fs.statSync(target).size} bytes)`);
  });

placesCommands(program, withApp, bar);

const refused = refusePasswordOnArgv(process.argv.slice(2));
if (refused) {
  console.error(`错误 error: ${refused}`);
  process.exit(1);
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isAppError(err)) console.error(`错误 error: ${err.message} / ${err.messageEn}`);
  else if (err instanceof InvalidArgumentError) console.error(`错误 error: ${err.message}`);
  else console.error(`错误 error: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
