import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';


export interface RunningScript {
  child: ChildProcessWithoutNullStreams;
  /** Complete stdout lines so far. */
  lines: string[];
  /** Calls `listener` for every complete line, past and future. */
  onLine(listener: (line: string) => void): void;
  /** Resolves when `line` is printed; rejects if the process exits first. */
  waitForLine(line: string): Promise<void>;
  /** SIGKILLs the process if it is still running (for cleanup after a failed test). */
  stop(): void;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Runs a TypeScript helper in one node process with tsx's loader, piped stdio, stdout split into lines.
 * Not `node_modules/.bin/tsx`: that CLI runs the script in a second node process, so a SIGKILL
 * would stop only the wrapper and leave the script running.
 */
export function runScript(script: string, args: string[]): RunningScript {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'pipe' });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  const onLine = (listener: (line: string) => void): void => {
    for (const line of lines) listener(line);
    listeners.push(listener);
  };
  return {
    child,
    lines,
    onLine,
    waitForLine: (wanted) => new Promise<void>((resolve, reject) => {
      onLine((line) => { if (line === wanted) resolve(); });
      exited.then(
        (e) => reject(new Error(`${script} exited (${e.signal ?? e.code}) before printing "${wanted}": ${e.stderr.trim()}`)),
        reject,
      );
    }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    exited,
  };
}
