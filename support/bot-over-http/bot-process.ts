/**
 * The bot as a real child process, as it runs in production: `node --import tsx src/server.ts`
 * (node itself, not node_modules/.bin/tsx, whose wrapper process would outlive a SIGKILL of
 * the bot). Ready when it prints the line with its URL.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the "listening" line. */
  readyAfterMs: number;
  stderr(): string;
  /** Everything the process wrote to stdout so far (the last 200 KB). */
  stdout(): string;
  /** SIGTERM (clean stop, in-flight requests finish) or SIGKILL; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** nodeArgs: options for node itself, before the script (for example `--cpu-prof`, which NODE_OPTIONS refuses). */
export async function spawnBot(env: Record<string, string>, script = 'src/server.ts', timeoutMs = 60_000, nodeArgs: string[] = []): Promise<BotProcess> {
  const started = process.hrtime.bigint();
  // A compiled script (dist/server.js) runs with plain node, as in production; TypeScript through tsx.
  const child = spawn(process.execPath, script.endsWith('.js') ? [...nodeArgs, script] : [...nodeArgs, '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-20_000);
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-200_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bot did not start within ${timeoutMs} ms: ${err.slice(-500)}`));
    }, timeoutMs);
    child.stdout?.on('data', () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited before it was ready (${code ?? signal}): ${err.slice(-500)}`));
    });
  });
  const readyAfterMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    child,
    url,
    readyAfterMs,
    stderr: () => err,
    stdout: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Resident set size of a process, in MiB (Linux /proc). */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
