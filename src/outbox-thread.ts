/**
 * The outbox worker and the scheduler in a worker thread of their own, so the outbox's Graph and
 * Teams traffic (HTTP, JSON, Word documents, the store's claims and settlements) and the
 * scheduler's sweeps (thousands of due deadlines decided and committed at a time) do not queue
 * behind, or ahead of, the card clicks on the server's event loop. The thread builds the same
 * runtime from the same settings and runs only these two; the server's thread answers people.
 * Both open the same store, whose leases already make delivery safe across processes and
 * instances, and whose command keys make a deadline fire once whichever connection fires it, so
 * nothing about delivery or reminders changes: one owner id per instance, and a restarted thread
 * takes its own claimed items straight back and sweeps again.
 *
 * A thread that fails or exits unasked is started again (after 1 s, doubling to 30 s while it
 * keeps failing), and the failure logged.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { basename } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { errorFields, type Logger } from './logging/logger';

/** What the server passes to the thread it starts (the thread reads the same settings itself). */
export const OUTBOX_THREAD = 's20-outbox-thread';

export interface OutboxThread {
  /** Asks the thread to finish the items in hand and stop; ends it anyway after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** True in the outbox thread that startOutboxThread started (its entry is the server's own file). */
export function isOutboxThread(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === OUTBOX_THREAD;
}

/**
 * The thread's young generation (V8's nursery, where new objects are made): 128 MB, two halves of
 * 64 MB, against Node's 48 (two of 16). A sweep decides and writes a batch of 200 deadlines at a
 * time, and every collection of a small nursery copied the batch still in hand (about a fifth of a
 * sweep's time went to it); with room for a whole batch, most of it is garbage before the next
 * collection. V8 grows the nursery only while the thread allocates fast, and shrinks it again once
 * it does not. bench/sweep.ts measures the sweep in a thread with the same limits.
 */
export const OUTBOX_THREAD_LIMITS = { maxYoungGenerationSizeMb: 128 } as const;

const RESTART_FIRST_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A thread that ran this long before failing starts again at once-ish (the back-off resets). */
const HEALTHY_AFTER_MS = 60_000;

/**
 * Starts the outbox thread from `entry` (the server's file: src/server.ts under tsx, dist/server.js
 * in production), which calls runOutboxThread when isOutboxThread().
 */
export function startOutboxThread(entry: string, logger: Logger): OutboxThread {
  let worker: Worker | null = null;
  let stopping = false;
  let delay = RESTART_FIRST_MS;
  let restartTimer: NodeJS.Timeout | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = (): void => {
    const startedAt = Date.now();
    const thread = entry.endsWith('.ts')
      ? // From source (npm start, the tests, the bench): tsx's hooks are not inherited by a worker thread, so the thread registers them first.
        new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true, workerData: { role: OUTBOX_THREAD }, resourceLimits: OUTBOX_THREAD_LIMITS })
      : new Worker(entry, { workerData: { role: OUTBOX_THREAD }, resourceLimits: OUTBOX_THREAD_LIMITS });
    worker = thread;
    exited = new Promise<void>((resolve) => {
      thread.once('exit', (code) => {
        worker = null;
        resolve();
        if (stopping) return;
        if (Date.now() - startedAt > HEALTHY_AFTER_MS) delay = RESTART_FIRST_MS;
        logger.error('the outbox thread stopped unexpectedly; starting it again', { exitCode: code, restartInMs: delay });
        restartTimer = setTimeout(() => {
          restartTimer = null;
          if (!stopping) start();
        }, delay);
        delay = Math.min(delay * 2, RESTART_MAX_MS);
      });
    });
    thread.on('error', (error) => logger.error('the outbox thread failed', errorFields(error)));
  };
  start();

  return {
    async stop(graceMs = 30_000) {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const thread = worker;
      if (!thread) return;
      thread.postMessage('stop');
      const timer = setTimeout(() => void thread.terminate(), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * How much lower the outbox thread's priority is than the server's (Linux nice +10): when both want
 * the CPU, the thread answering clicks gets about nine tenths of it; alone, the outbox thread runs
 * at full speed. Its work (documents, Graph and Teams calls) can wait a few milliseconds; a click cannot.
 */
const OUTBOX_THREAD_NICENESS = 10;

/** This thread's own id (Linux, from /proc/thread-self: `<pid>/task/<tid>`); undefined elsewhere. */
export function ownThreadId(): number | undefined {
  try {
    const id = Number(basename(readlinkSync('/proc/thread-self')));
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

function yieldToClicks(): void {
  const id = ownThreadId();
  if (id === undefined) return;
  try {
    setPriority(id, Math.min(19, getPriority(id) + OUTBOX_THREAD_NICENESS));
  } catch {
    // Not allowed here: the thread runs at the process's priority, as before.
  }
}

/**
 * The thread's side: `run` starts the outbox worker and returns how to stop it. On 'stop' from the
 * server it stops (finishing the items in hand) and the thread ends. The thread first lowers its own
 * priority below the server's thread (OUTBOX_THREAD_NICENESS).
 */
export function serveOutboxThread(run: () => Promise<{ stop(): Promise<void> }>): void {
  const port = parentPort;
  if (!port) throw new Error('serveOutboxThread runs only in a worker thread');
  yieldToClicks();
  void run().then(
    (running) => {
      port.once('message', () => {
        void running.stop().finally(() => process.exit(0));
      });
    },
    (error: unknown) => {
      // Said once on stderr (the server's log says the thread stopped and starts it again).
      process.stderr.write(`The outbox thread could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      process.exit(1);
    },
  );
}
