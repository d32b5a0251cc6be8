/**
 * The embedded CaseStore: one SQLite file in WAL mode, safe for several processes on one
 * machine (every write is an IMMEDIATE transaction; readers never block writers).
 * better-sqlite3 is synchronous, so each method runs to completion before it returns its promise.
 * One object made of one part per port, each in its own file (case repository, audit log, outbox,
 * deadline queue, delivery state): DESIGN.md beside this file.
 */
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type {
  CaseCommit,
  CaseStore,
  CommitResult,
  Instant,
} from '../../ports/case-store';
import { normaliseInstant } from '../instant';
import { StoreOfPorts } from '../store-of-ports';
import { normaliseCommit } from '../normalise-commit';
import { SqliteAuditLog } from './sqlite-audit-log';
import { SqliteCaseRepository } from './sqlite-case-repository';
import { openCaseDatabase, relaxed, type SqliteCaseStoreConfig } from './sqlite-connection';
import { SqliteDeadlineQueue } from './sqlite-deadline-queue';
import { SqliteDeliveryState } from './sqlite-delivery-state';
import { eraseCaseRows } from './sqlite-erasure';
import { SqliteOutbox } from './sqlite-outbox';
import type { WalSync } from './wal-sync';
import { WriterThread } from './sqlite-writer-thread';

export type { SqliteCaseStoreConfig } from './sqlite-connection';

export class SqliteCaseStore extends StoreOfPorts implements CaseStore {
  private readonly db: Database.Database;
  protected readonly repository: SqliteCaseRepository;
  protected readonly auditLog: SqliteAuditLog;
  protected readonly outbox: SqliteOutbox;
  protected readonly deadlineQueue: SqliteDeadlineQueue;
  protected readonly deliveryState: SqliteDeliveryState;
  private readonly probe: Database.Statement;
  private readonly walSync: WalSync | null;
  private readonly writer: WriterThread | null;

  constructor(config: SqliteCaseStoreConfig) {
    super();
    const opened = openCaseDatabase(config);
    this.db = opened.db;
    this.walSync = opened.walSync;
    const file = this.db.memory ? null : resolve(this.db.name);
    this.writer = (config.writerThread || config.batchWriterThread) && file ? new WriterThread({ path: file, busyTimeoutMs: Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000)), ...(config.checkpointAfterPages !== undefined ? { checkpointAfterPages: Math.max(1, Math.trunc(config.checkpointAfterPages)) } : {}) }) : null;
    this.repository = new SqliteCaseRepository(this.db, opened.mark, opened.walSync, config.writerThread ? this.writer : null, config.batchWriterThread ? this.writer : null);
    this.auditLog = new SqliteAuditLog(this.db);
    this.outbox = new SqliteOutbox(this.db, opened.walSync);
    this.deadlineQueue = new SqliteDeadlineQueue(this.db);
    this.deliveryState = new SqliteDeliveryState(this.db);
    this.probe = this.db.prepare(`INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at`);
  }

  /** How many commits were asked for and in how many transactions (for tests and benchmarks). */
  commitStats(): { commits: number; transactions: number } {
    return this.repository.commitStats();
  }


  /** The open connection, for this adapter's own tools (backup and restore in sqlite-backup.ts). */
  connection(): Database.Database {
    return this.db;
  }

  /** The connection's synchronous setting now (1 NORMAL, 2 FULL): for tests that case commits stay FULL. */
  synchronousLevel(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  /**
   * The commit and the rewrite of the case's other rows, in one IMMEDIATE transaction, with
   * secure_delete on (what it frees is zeroed). Earlier versions of the rows may still sit in
   * freed pages or WAL frames: reclaimErasedSpace removes them.
   */
  async eraseCase<S>(commit: CaseCommit<S>, erase: (value: unknown) => unknown): Promise<CommitResult> {
    const normalised = normaliseCommit(commit) as CaseCommit<unknown>;
    this.db.pragma('secure_delete = ON');
    let result: CommitResult;
    try {
      result = this.db.transaction(() => {
        const applied = this.repository.applyErasure(normalised);
        if (applied.ok) eraseCaseRows(this.db, normalised.summary.caseId, erase);
        return applied;
      }).immediate();
    } finally {
      this.db.pragma('secure_delete = FAST');
    }
    return result;
  }

  /**
   * Rewrites the file without its free space (VACUUM), then checkpoints and truncates the WAL, so
   * no earlier copy of erased text is left in freed pages or old WAL frames. It holds writers back
   * while it runs (about a second for tens of megabytes), so retention calls it once per sweep.
   */
  async reclaimErasedSpace(): Promise<void> {
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** A real write to the file (a full disk or a read-only file fails it); a power cut may undo it harmlessly. */
  async checkWritable(at: Instant): Promise<void> {
    const when = normaliseInstant(at, 'at');
    relaxed(this.db, () => this.probe.run(when));
  }

  async close(): Promise<void> {
    // Commits already asked for are written, not dropped, and flushed before the file closes.
    if (this.db.open) this.repository.commitWaiting();
    await this.writer?.close();
    await this.walSync?.settled();
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating or migrating) the SQLite case store at `config.path`. */
export function createSqliteCaseStore(config: SqliteCaseStoreConfig): SqliteCaseStore {
  return new SqliteCaseStore(config);
}
