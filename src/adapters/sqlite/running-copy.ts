/**
 * Marks the SQLite data folder (DATA_DIR) as in use by this copy of the bot, and finds another copy
 * already running there. Two copies share the store safely (every write waits for the other), but
 * both deliver the outbox and fire deadlines, each with its own settings (one without Graph would
 * keep SharePoint's records on its own disk), and Teams sends each message to one of them only:
 * nearly always a copy started by mistake, so the bot says so at start. A warning, not a refusal: a
 * marker left by a copy that was killed, whose process id another program now has, must not stop
 * the bot starting.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const MARKER = 'bot-running.json';

interface Marker {
  pid: number;
  host: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another account.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function markerIn(dataDir: string): Marker | undefined {
  try {
    const read = JSON.parse(readFileSync(join(dataDir, MARKER), 'utf8')) as Partial<Marker>;
    return typeof read.pid === 'number' && typeof read.host === 'string' ? { pid: read.pid, host: read.host } : undefined;
  } catch {
    return undefined;
  }
}

/** The process id of another copy of the bot running on this machine with this data folder, if any. */
function otherCopy(dataDir: string): number | undefined {
  const marker = markerIn(dataDir);
  if (marker === undefined || marker.host !== hostname() || marker.pid === process.pid) return undefined;
  return isRunning(marker.pid) ? marker.pid : undefined;
}

export interface RunningCopy {
  /** The other copy's process id when one was already running here. */
  otherPid: number | undefined;
  /** Removes the mark, if it is still this copy's. */
  release(): void;
}

/** Marks dataDir as this copy's, unless another copy running holds it (then says which). */
export function markRunningCopy(dataDir: string): RunningCopy {
  const otherPid = otherCopy(dataDir);
  const file = join(dataDir, MARKER);
  if (otherPid === undefined) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname() }), { mode: 0o600 });
    } catch {
      // Only a warning depends on it: the store itself has already been opened in this folder.
    }
  }
  return {
    otherPid,
    release() {
      const now = markerIn(dataDir);
      if (now?.pid === process.pid && now.host === hostname()) rmSync(file, { force: true });
    },
  };
}
