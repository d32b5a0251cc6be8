/**
 * Opening the SQLite store's file (its checks, pragmas and migration) and the two ways it writes:
 * FULL (a commit survives a power cut) and relaxed (see `relaxed`). Shared by every port's file.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CaseCommit, CommitResult } from '../../ports/case-store';
import { preparePrivateFile } from './private-files';
import { migrate } from './schema';
import { unusableOnOpen } from './store-unusable';
import { checkCasesKept, checkIntegrity, checkNotLost, damagedOnOpen, markHasCases } from './store-integrity';
import { WalSync, type FlushFile } from './wal-sync';

export interface SqliteCaseStoreConfig {
  /** The database file; its folder is created if missing. */
  path: string;
  /** How long a writer waits for another process's transaction before failing (default 5 s). */
  busyTimeoutMs?: number;
  /**
   * Opened by `admin restore` to put a backup back: a store that held cases may then be missing,
   * empty or without cases (that is why it is being restored). A damaged file is still refused.
   */
  restoring?: boolean;
  /**
   * How many pages the write-ahead log may hold before a commit on this connection copies it into
   * the file (SQLite's wal_autocheckpoint; its default is 1000). The server's click thread sets it
   * high: the outbox thread's connection, at the default, does the copying off the click's event loop.
   */
  checkpointAfterPages?: number;
  /** How the write-ahead log is flushed to disk after a commit (tests hold it back to see who waits). */
  flush?: FlushFile;
  /**
   * Commits are written in a thread of their own (sqlite-writer-thread.ts), off the caller's event
   * loop: the server's click thread. Reads stay on this connection.
   */
  writerThread?: boolean;
  /**
   * The scheduler's batches are written in a thread of their own (sqlite-writer-thread.ts), so the
   * next batch is read and decided while one is written: the server's background thread.
   */
  batchWriterThread?: boolean;
}

/**
 * Whether the file is known to hold cases (M6: a store that held cases and is now missing or
 * empty is not a new store). The first case written marks it, before the commit is acknowledged.
 */
export class CasesKeptMark {
  constructor(
    /** The file; null for :memory:. */
    private readonly file: string | null,
    private marked: boolean,
  ) {}

  /** Best effort: the commit is on disk either way; a failed mark is tried again. */
  afterCommits(commits: Array<Pick<CaseCommit<unknown>, 'expectedVersion'>>, results: CommitResult[]): void {
    if (this.marked || !this.file) return;
    if (!commits.some((c, i) => c.expectedVersion === 0 && results[i]?.ok)) return;
    try {
      markHasCases(this.file);
      this.marked = true;
    } catch {
      // Tried again with the next new case, and at the next start-up.
    }
  }
}

/**
 * Opens (creating or migrating) the file in WAL mode with synchronous FULL. `walSync` flushes the
 * write-ahead log off the event loop (wal-sync.ts); null for :memory:, which has no disk to wait for.
 */
export function openCaseDatabase(config: SqliteCaseStoreConfig): { db: Database.Database; mark: CasesKeptMark; walSync: WalSync | null } {
  const file = config.path === ':memory:' ? null : path.resolve(config.path);
  if (file) {
    // A store that held cases and is now missing or empty is not a new store (M6).
    if (!config.restoring) checkNotLost(file);
    preparePrivateFile(file);
  }
  const db = new Database(config.path);
  try {
    // busy_timeout first: the pragmas and the migration below may already meet another process.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
    if (file) checkIntegrity(db, file);
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged commit survives a power cut, not only a process crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Freed space inside a page is zeroed (no extra I/O), so an earlier version of a row does not
    // linger where retention could not reach it; eraseCase zeroes everything it frees.
    db.pragma('secure_delete = FAST');
    // Copying the write-ahead log into the file (a checkpoint, with two fsyncs) runs inside the
    // commit that fills the log: a connection that answers clicks may leave it to another one.
    if (config.checkpointAfterPages !== undefined) db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.trunc(config.checkpointAfterPages))}`);
    migrate(db);
    const marked = file !== null && !config.restoring && checkCasesKept(db, file);
    return { db, mark: new CasesKeptMark(file, marked), walSync: file ? new WalSync(`${file}-wal`, config.flush) : null };
  } catch (error) {
    db.close();
    throw (file && (damagedOnOpen(file, error) ?? unusableOnOpen(file, error))) || error;
  }
}

/**
 * Runs a write that a power cut may undo without harm, without waiting for the disk (WAL with
 * synchronous NORMAL: it still survives a crash of the process). Outbox leases, delivery marks
 * and conversation references are such writes: lost, an item is delivered again (delivery is at
 * least once, records keyed) or a reference is saved again at the person's next message. They
 * were most of the fsyncs, each holding the event loop. Decisions and their effects are written
 * relaxed too but acknowledged only once the WAL is flushed (wal-sync.ts), which makes these
 * durable as well (the WAL is in order).
 */
export function relaxed<T>(db: Database.Database, write: () => T): T {
  const synchronous = synchronousSwitch(db);
  synchronous.normal.run();
  try {
    return write();
  } finally {
    synchronous.full.run();
  }
}

/**
 * The two pragmas relaxed() runs around every such write, prepared once per connection: db.pragma()
 * compiles its statement on every call (about 17 µs a pair against 3 µs, several pairs a click).
 */
const synchronousSwitches = new WeakMap<Database.Database, { normal: Database.Statement; full: Database.Statement }>();

function synchronousSwitch(db: Database.Database): { normal: Database.Statement; full: Database.Statement } {
  let found = synchronousSwitches.get(db);
  if (!found) {
    found = { normal: db.prepare('PRAGMA synchronous = NORMAL'), full: db.prepare('PRAGMA synchronous = FULL') };
    synchronousSwitches.set(db, found);
  }
  return found;
}
