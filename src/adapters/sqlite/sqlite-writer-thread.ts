/**
 * The store's commits written in a thread of their own, so the thread answering clicks spends none
 * of its time in SQLite's writing (about 0.7 ms of CPU per approval: the statements, the pages of
 * the write-ahead log) nor waits for the disk. The server starts it (src/server.ts passes its own
 * file as the entry); the tests, the bench's helpers and the CLIs write on their own connection.
 *
 * The thread opens the same file with the same settings and writes each group of commits exactly
 * as the repository would (sqlite-group-write.ts): written without waiting for the disk, then the
 * write-ahead log flushed (wal-sync.ts), and only then answered. The groups that reach the thread
 * meanwhile are written together next. Reads stay on the caller's connection (WAL: they see every
 * commit answered). If the thread fails, the commits in flight fail (a retry is safe: the command
 * key makes a repeat) and the store writes on its own connection from then on.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CommitResult, DeadlineFiring } from '../../ports/case-store';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../case-store-errors';
import { batchCommitsFrom, batchTransaction, STATE_NOT_SENT, type BatchCommitColumns } from './sqlite-batch-commits';
import { prepareCommitStatements } from './sqlite-commit';
import type { CommitColumns } from './sqlite-commit-columns';
import { unpackBatch, type PackedBatch } from './sqlite-packed-batch';
import { CasesKeptMark, relaxed } from './sqlite-connection';
import { groupWriter, type Written } from './sqlite-group-write';
import { WalSync } from './wal-sync';

export const WRITER_THREAD = 's20-sqlite-writer';

interface WriterSettings {
  path: string;
  busyTimeoutMs: number;
  checkpointAfterPages?: number;
}

/** An error as it crosses between threads: its kind, words and code (a full disk stays a full disk). */
interface ErrorAcross {
  name: string;
  message: string;
  code?: string;
  id?: string;
}

type WrittenAcross = { ok: true; result: Extract<Written, { ok: true }>['result'] } | { ok: false; error: ErrorAcross };

interface Reply {
  id: number;
  written?: WrittenAcross[];
  transactions?: number;
  /** A scheduler's batch: written (not yet on disk), with these results. */
  batchWritten?: CommitResult[];
  /** A scheduler's batch: on disk. */
  batchOnDisk?: true;
  /** A scheduler's batch: not written, as it needs states left out (STATE_NOT_SENT); kept until they come (BatchStates). */
  statesWanted?: true;
  failed?: ErrorAcross;
}

/** A scheduler's batch (commitBatch), its commits packed (sqlite-packed-batch.ts), the state only where the case's row is written. */
interface BatchRequest {
  id: number;
  batch: { firings: DeadlineFiring[]; packed: PackedBatch };
}

/** A batch as the thread writes it: its commits' JSON columns as text, the state where the case's row is written. */
interface BatchInHand {
  firings: DeadlineFiring[];
  commits: BatchCommitColumns[];
}

/** The states left out of a batch the thread kept (Reply.statesWanted), by commit (null where it was sent). */
interface BatchStates {
  id: number;
  states: Array<string | null>;
}

function errorAcross(error: unknown): ErrorAcross {
  if (error instanceof DuplicateEffectIdError) return { name: error.name, message: error.message, code: error.code, id: error.effectId };
  if (error instanceof DeadlineOwnedByAnotherCaseError) return { name: error.name, message: error.message, code: error.code, id: error.deadlineId };
  const e = error as { name?: unknown; message?: unknown; code?: unknown } | null;
  return { name: typeof e?.name === 'string' ? e.name : 'Error', message: typeof e?.message === 'string' ? e.message : String(error), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}

function errorBack(error: ErrorAcross): Error {
  if (error.name === 'DuplicateEffectIdError' && error.id !== undefined) return new DuplicateEffectIdError(error.id);
  if (error.name === 'DeadlineOwnedByAnotherCaseError' && error.id !== undefined) return new DeadlineOwnedByAnotherCaseError(error.id);
  return Object.assign(new Error(error.message), { name: error.name, ...(error.code !== undefined ? { code: error.code } : {}) });
}

export function isWriterThread(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === WRITER_THREAD;
}

/** The thread's side: opens the file (already checked and migrated by the store that started it) and writes what it is sent. */
function serveWriterThread(): void {
  const port = parentPort!;
  const settings = (workerData as { settings: WriterSettings }).settings;
  const db = new Database(settings.path);
  db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = FAST');
  if (settings.checkpointAfterPages !== undefined) db.pragma(`wal_autocheckpoint = ${settings.checkpointAfterPages}`);
  const statements = prepareCommitStatements(db);
  const writer = groupWriter(db, statements, new CasesKeptMark(settings.path, false));
  const writeBatch = batchTransaction(db, statements);
  // As on the store's own connection: written without waiting for the disk, answered once the log is
  // flushed (wal-sync.ts), so the groups that arrive during a flush are written meanwhile.
  const walSync = new WalSync(`${settings.path}-wal`);
  let queue: Array<{ id: number; commits: CommitColumns[] }> = [];
  const writeQueued = (): void => {
    const requests = queue;
    queue = [];
    const failAll = (error: unknown): void => {
      for (const r of requests) port.postMessage({ id: r.id, failed: errorAcross(error) } satisfies Reply);
    };
    let group: ReturnType<typeof writer.write>;
    try {
      group = relaxed(db, () => writer.write(requests.flatMap((r) => r.commits)));
    } catch (error) {
      return failAll(error);
    }
    walSync.sync().then(() => {
      let at = 0;
      requests.forEach((r, i) => {
        const mine = group.written.slice(at, at + r.commits.length).map((w): WrittenAcross => (w.ok ? w : { ok: false, error: errorAcross(w.error) }));
        at += r.commits.length;
        // The transactions are the group's, counted once.
        port.postMessage({ id: r.id, written: mine, transactions: i === 0 ? group.transactions : 0 } satisfies Reply);
      });
    }, failAll);
  };
  // Batches are written in the order they come, each at once: answered once written, so the
  // scheduler may go on, and again once on disk.
  // A batch that needs a state it was not sent (a later commit of its case refused) is kept here,
  // and asked for them: the store's side keeps only those states, not the batch, meanwhile.
  const wantingStates = new Map<number, BatchInHand>();
  const writeBatchNow = ({ id, batch }: { id: number; batch: BatchInHand }): void => {
    let results: CommitResult[];
    try {
      results = relaxed(db, () => writeBatch(batch.firings, batchCommitsFrom(batch.commits)));
    } catch (error) {
      if ((error as { name?: unknown }).name === STATE_NOT_SENT && batch.commits.some((c) => c.state === null)) {
        wantingStates.set(id, batch);
        port.postMessage({ id, statesWanted: true } satisfies Reply);
        return;
      }
      port.postMessage({ id, failed: errorAcross(error) } satisfies Reply);
      return;
    }
    port.postMessage({ id, batchWritten: results } satisfies Reply);
    walSync.sync().then(
      () => port.postMessage({ id, batchOnDisk: true } satisfies Reply),
      (error: unknown) => port.postMessage({ id, failed: errorAcross(error) } satisfies Reply),
    );
  };
  const batchCame = ({ id, batch }: BatchRequest): void => {
    let commits: BatchCommitColumns[];
    try {
      commits = unpackBatch(batch.packed);
    } catch (error) {
      return void port.postMessage({ id, failed: errorAcross(error) } satisfies Reply);
    }
    writeBatchNow({ id, batch: { firings: batch.firings, commits } });
  };
  const statesCame = ({ id, states }: BatchStates): void => {
    const batch = wantingStates.get(id);
    wantingStates.delete(id);
    if (!batch) return void port.postMessage({ id, failed: errorAcross(new Error(`the batch writer holds no batch ${id} waiting for states`)) } satisfies Reply);
    // Every state now, so this writing cannot ask again.
    writeBatchNow({ id, batch: { firings: batch.firings, commits: batch.commits.map((c, i) => ({ ...c, state: c.state ?? states[i] ?? null })) } });
  };
  port.on('message', (message: { id: number; commits: CommitColumns[] } | BatchRequest | BatchStates | 'close') => {
    if (message === 'close') {
      if (queue.length > 0) writeQueued();
      void walSync.settled().then(() => {
        db.close();
        port.close();
      });
      return;
    }
    if ('batch' in message) return batchCame(message);
    if ('states' in message) return statesCame(message);
    queue.push(message);
    if (queue.length === 1) setImmediate(writeQueued);
  });
}

/** The thread's entry: this file under tsx; in the build, dist/sqlite-writer.js beside the bundle that runs (deploy/build.ts). */
export function writerThreadEntry(): string {
  return __filename.endsWith('.ts') ? __filename : join(__dirname, 'sqlite-writer.js');
}

/** The store's side: sends groups of commits to the thread and hands back what it wrote. */
export class WriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: { written: Written[]; transactions: number }) => void; reject: (error: unknown) => void }>();
  private readonly pendingBatches = new Map<number, PendingBatch>();
  private nextId = 1;
  private failure: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(settings: WriterSettings, entry = writerThreadEntry()) {
    const data = { role: WRITER_THREAD, settings };
    this.worker = entry.endsWith('.ts')
      ? // From source (npm start, the tests): tsx's hooks are not inherited by a worker thread, so the thread registers them first.
        new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data })
      : new Worker(entry, { workerData: data });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const batch = this.pendingBatches.get(reply.id);
      if (batch) return this.batchReply(reply, batch);
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.inFlight() === 0) this.worker.unref();
      if (reply.failed) waiting.reject(errorBack(reply.failed));
      else waiting.resolve({ written: reply.written!.map((w): Written => (w.ok ? w : { ok: false, error: errorBack(w.error) })), transactions: reply.transactions ?? 0 });
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.fail(new Error('the SQLite writer thread stopped')));
  }

  /** False once the thread has failed: the store then writes on its own connection. */
  get running(): boolean {
    return this.failure === null;
  }

  /** The commits go with their JSON columns as text (sqlite-commit-columns.ts): a string crosses between threads cheaply. */
  write(commits: CommitColumns[]): Promise<{ written: Written[]; transactions: number }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held open while a commit is in flight (a CLI must not end before its commit is answered).
      this.worker.ref();
      this.worker.postMessage({ id, commits });
    });
  }

  /**
   * Writes a scheduler's batch in the thread, in one transaction as the store's own connection
   * would (sqlite-batch-commits.ts): `written` once it is written (readable on every connection),
   * `onDisk` once the log is flushed. A batch that fails rejects both. `statesLeftOut` gives the
   * states the commits were sent without (sqlite-batch-commits.ts), should the thread need them;
   * it is let go once the batch is written.
   */
  writeBatch(firings: DeadlineFiring[], packed: PackedBatch, statesLeftOut: () => Array<string | null>): { written: Promise<CommitResult[]>; onDisk: Promise<void> } {
    const batch: PendingBatch = { written: deferred<CommitResult[]>(), onDisk: deferred<void>(), statesLeftOut };
    // The caller awaits onDisk only once written: a batch that fails rejects it unawaited.
    batch.onDisk.promise.catch(() => undefined);
    if (this.failure) {
      batch.written.reject(this.failure);
      batch.onDisk.reject(this.failure);
    } else {
      const id = this.nextId++;
      this.pendingBatches.set(id, batch);
      this.worker.ref();
      this.worker.postMessage({ id, batch: { firings, packed } } satisfies BatchRequest);
    }
    return { written: batch.written.promise, onDisk: batch.onDisk.promise };
  }

  private batchReply(reply: Reply, batch: PendingBatch): void {
    // The thread asks once at most, before the batch is written, so the states are still here.
    if (reply.statesWanted && batch.statesLeftOut) return this.worker.postMessage({ id: reply.id, states: batch.statesLeftOut() } satisfies BatchStates);
    // Not needed once written: the states would otherwise be held until the batch is on disk.
    delete batch.statesLeftOut;
    if (reply.batchWritten) return batch.written.resolve(reply.batchWritten);
    this.pendingBatches.delete(reply.id);
    if (this.inFlight() === 0) this.worker.unref();
    if (reply.failed || reply.statesWanted) {
      const error = errorBack(reply.failed ?? { name: STATE_NOT_SENT, message: 'the batch writer asked again for the states left out of a batch' });
      batch.written.reject(error);
      batch.onDisk.reject(error);
    } else {
      batch.onDisk.resolve();
    }
  }

  private inFlight(): number {
    return this.pending.size + this.pendingBatches.size;
  }

  /** Writes what was sent (its answers come back first), then ends the thread. */
  async close(): Promise<void> {
    if (!this.failure) {
      this.worker.ref();
      this.worker.postMessage('close');
    }
    await this.exited;
  }

  private fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    for (const b of this.pendingBatches.values()) {
      b.written.reject(this.failure);
      b.onDisk.reject(this.failure);
    }
    this.pendingBatches.clear();
  }
}

interface PendingBatch {
  written: Deferred<CommitResult[]>;
  onDisk: Deferred<void>;
  statesLeftOut?: () => Array<string | null>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A promise and its two ends (settling it again does nothing, as with any promise). */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

if (isWriterThread()) serveWriterThread();
