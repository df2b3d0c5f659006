/**
 * Where the CLI takes a password from (never argv: other users see it in `ps` and shell history):
 * `--password-stdin` (the first line of standard input), else LIANXIN_PASSWORD (automation),
 * else a prompt on the terminal that does not echo. docs/deployment.md.
 */
import { InvalidArgumentError } from 'commander';

/** Refuses `--password` on the command line before anything else runs. */
export function refusePasswordOnArgv(argv: string[]): string | null {
  const bad = argv.find((a) => a === '--password' || a.startsWith('--password='));
  if (!bad) return null;
  return (
    '不再接受命令行参数 --password（会出现在 ps 和 shell 历史中）；请在提示时输入，或用 --password-stdin 从标准输入读取，或设置环境变量 LIANXIN_PASSWORD。\n' +
    '--password on the command line is refused (visible in ps and shell history); type it at the prompt, pipe it with --password-stdin, or set LIANXIN_PASSWORD.'
  );
}

export async function readPassword(opts: { stdin?: boolean; confirm?: boolean }): Promise<string> {
  if (opts.stdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (!line) throw new InvalidArgumentError('标准输入中没有密码 / no password on standard input');
    return line;
  }
  const env = process.env.LIANXIN_PASSWORD;
  if (env) return env;
  if (!process.stdin.isTTY)
    throw new InvalidArgumentError(
      '需要密码：在终端里运行以输入，或用 --password-stdin，或设置 LIANXIN_PASSWORD / a password is needed: run on a terminal, use --password-stdin, or set LIANXIN_PASSWORD',
    );
  const first = await promptHidden('密码 password: ');
  if (opts.confirm && (await promptHidden('再输一次 again: ')) !== first)
    throw new InvalidArgumentError('两次输入的密码不一致 / the passwords do not match');
  return first;
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  // Raw mode (no echo) before the prompt appears, so nothing typed early is echoed.
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  process.stderr.write(question);
  let value = '';
  return new Promise((resolve, reject) => {
    const finish = () => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new InvalidArgumentError('已取消 / cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
