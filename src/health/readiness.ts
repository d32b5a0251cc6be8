/**
 * Readiness (/readyz): whether this instance can do its work now, as opposed to /healthz (the
 * process answers). Each check names what failed in words an operator can act on, with the
 * error's code only (never its message, which could echo data). A check that does not answer
 * within CHECK_TIMEOUT_MS fails, so the endpoint itself never hangs.
 */
import { statSync } from 'node:fs';
import { stat, statfs } from 'node:fs/promises';

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; throws (or rejects) with the problem otherwise. */
  run(): Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed, in plain words with the error's code. */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: CheckResult[];
}

export const CHECK_TIMEOUT_MS = 5_000;

/** A disk with less than this free is reported as full: SQLite needs room for its WAL and checkpoints. */
export const MIN_FREE_BYTES = 32 * 1024 * 1024;

/** A failing check's own words: `ReadinessProblem` messages are ours; other errors give their code or type only. */
export class ReadinessProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadinessProblem';
  }
}

function describe(error: unknown): string {
  if (error instanceof ReadinessProblem) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof code === 'string' && code !== '') return code;
  if (typeof status === 'number') return `HTTP ${status}`;
  return error instanceof Error ? error.name : 'unknown error';
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessProblem(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map(async (check): Promise<CheckResult> => {
    try {
      await withTimeout(Promise.resolve().then(() => check.run()), timeoutMs);
      return { name: check.name, ok: true };
    } catch (error) {
      return { name: check.name, ok: false, reason: describe(error) };
    }
  }));
  return { ready: results.every((r) => r.ok), checks: results };
}

/** Free space on the disk that holds `dir` (SQLite's folder). */
export function diskSpaceCheck(dir: string, minFreeBytes = MIN_FREE_BYTES, free: (dir: string) => Promise<number> = freeBytes): ReadinessCheck {
  return {
    name: 'disk space',
    async run() {
      const bytes = await free(dir);
      if (bytes < minFreeBytes) {
        throw new ReadinessProblem(`the disk holding the data folder has ${Math.floor(bytes / 1024 / 1024)} MB free (needs at least ${minFreeBytes / 1024 / 1024} MB): free some space`);
      }
    },
  };
}

async function freeBytes(dir: string): Promise<number> {
  try {
    const stats = await statfs(dir);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ReadinessProblem(`the data folder ${dir} is not there (deleted or moved while the bot runs): stop the bot, put the folder back, and start it again`);
    throw error;
  }
}

/**
 * The SQLite store's file is still the one the bot opened. Deleted, moved or replaced while the bot
 * runs, the bot goes on writing to the file it holds open, where nothing will find it once it stops,
 * while its writes still succeed: /readyz said "ready" throughout.
 */
export function storeFileInPlace(file: string): () => Promise<void> {
  const opened = statSync(file, { throwIfNoEntry: false });
  return async () => {
    const now = await stat(file).catch(() => undefined);
    if (opened && now && now.ino === opened.ino && now.dev === opened.dev) return;
    throw new ReadinessProblem(`the case store file ${file} is not the one the bot opened (deleted, moved or replaced while it runs): what it records now is not kept there. Stop the bot, put the file back, and start it again`);
  };
}
