/**
 * Waiting for the disk off the event loop. better-sqlite3 is synchronous: a commit with
 * `synchronous = FULL` holds the event loop for its fsync (2 ms on an idle disk here, 15 ms on a
 * busy one), and nobody else's click is answered meanwhile. Instead the store writes a commit
 * without waiting (NORMAL) and then flushes the write-ahead log with fdatasync on libuv's thread
 * pool: the file's pages are flushed whichever descriptor wrote them, so this covers every frame
 * written before the call. One flush runs at a time; calls made while it runs share the next one.
 */
import { open } from 'node:fs/promises';

export type FlushFile = (file: string) => Promise<void>;

/** fdatasync of `file`; a missing file has nothing waiting for the disk (SQLite removes the WAL once it is checkpointed into the database on close). */
export async function fdatasyncFile(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export class WalSync {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private count = 0;

  constructor(
    private readonly walFile: string,
    private readonly flush: FlushFile = fdatasyncFile,
  ) {}

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    // A flush queued behind the running one starts after this call's writes, so it covers them.
    if (this.next) return this.next;
    if (this.running) {
      this.next = this.running.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        this.next = null;
        return this.start();
      });
      return this.next;
    }
    return this.start();
  }

  /** Resolves when no flush is running or queued (for close). */
  async settled(): Promise<void> {
    while (this.running || this.next) await (this.next ?? this.running)!.catch(() => undefined);
  }

  /** How many flushes ran (for tests and benchmarks). */
  flushes(): number {
    return this.count;
  }

  private start(): Promise<void> {
    this.count += 1;
    const flushing: Promise<void> = this.flush(this.walFile).finally(() => {
      if (this.running === flushing) this.running = null;
    });
    this.running = flushing;
    return flushing;
  }
}
