/**
 * The CaseRepository port on SQLite: commits (each one IMMEDIATE transaction, or several asked for
 * at once sharing one: group commit), the scheduler's batches, and reading cases and commands.
 * What one commit writes: sqlite-commit.ts.
 */
import type Database from 'better-sqlite3';
import type { CaseCommit, CaseListFilter, CaseSummary, CommandRecord, CommitBatch, CommitResult, DeadlineFiring, StoredCase } from '../../ports/case-store';
import { afterEveryKeyStartingWith, anyCaseKey, sameFolderKey, type CaseRepository } from '../../ports/case-repository';
import { DEFAULT_LIST_LIMIT, erasureRefusal, positiveInteger } from '../../ports/commit-rules';
import { normaliseCommit, normaliseFiring } from '../normalise-commit';
import { applyCommit, prepareCommitStatements, type CommitStatements } from './sqlite-commit';
import { batchTransaction, stateSentWith, statesLeftOut, type BatchCommit } from './sqlite-batch-commits';
import { packBatch } from './sqlite-packed-batch';
import { commitColumns, type CommitColumns } from './sqlite-commit-columns';
import { relaxed, type CasesKeptMark } from './sqlite-connection';
import { groupWriter, type GroupWriter, type Written } from './sqlite-group-write';
import type { WalSync } from './wal-sync';
import type { WriterThread } from './sqlite-writer-thread';
import { fromJson, toStoredCase, toSummary, type CaseRow } from './sqlite-rows';


function prepareStatements(db: Database.Database) {
  return {
    caseById: db.prepare('SELECT * FROM cases WHERE case_id = ?'),
    caseByRef: db.prepare('SELECT * FROM cases WHERE ref = ?'),
    // sameFolderKey in SQL (refs are ASCII: upper() suffices), read through its index (cases_ref_folder, migration 11).
    refsSharingFolder: db.prepare("SELECT ref FROM cases WHERE upper(replace(ref, '/', '-')) = ? ORDER BY ref").pluck(),
    refsStartingWith: db.prepare("SELECT ref FROM cases WHERE upper(replace(ref, '/', '-')) >= @from AND upper(replace(ref, '/', '-')) < @to ORDER BY ref").pluck(),
    // The same index, then anyCaseKey: "/" and "-" told apart. The ref as typed first.
    caseByRefAnyCase: db.prepare(`SELECT * FROM cases WHERE upper(replace(ref, '/', '-')) = @folder AND upper(ref) = @anyCase
      ORDER BY ref <> @ref, ref LIMIT 1`),
    versionById: db.prepare('SELECT version FROM cases WHERE case_id = ?'),
    listCases: db.prepare(`SELECT c.* FROM cases AS c WHERE (@stage IS NULL OR c.stage = @stage)
      ORDER BY c.updated_at DESC, c.case_id LIMIT @limit`),
    listCasesOfParticipant: db.prepare(`SELECT c.* FROM case_participants AS p JOIN cases AS c ON c.case_id = p.case_id
      WHERE p.participant = @participant AND (@stage IS NULL OR c.stage = @stage)
      ORDER BY c.updated_at DESC, c.case_id LIMIT @limit`),
  };
}

export class SqliteCaseRepository implements CaseRepository {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly writes: CommitStatements;
  private readonly groupWrite: GroupWriter;
  private readonly batchTransaction: (firings: readonly DeadlineFiring[], commits: readonly BatchCommit[]) => CommitResult[];
  private waiting: { commit: CommitColumns; resolve: (result: CommitResult) => void; reject: (error: unknown) => void }[] = [];
  private readonly groupStats = { commits: 0, transactions: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly mark: CasesKeptMark,
    /** Flushes the write-ahead log after a group commit, off the event loop; null: commits wait for the disk themselves (FULL). */
    private readonly walSync: WalSync | null = null,
    /** Writes the commits in a thread of its own (the server's click thread); null: on this connection. */
    private readonly writer: WriterThread | null = null,
    /** Writes the scheduler's batches in a thread of their own (the server's background thread); null: on this connection. */
    private readonly batchWriter: WriterThread | null = null,
  ) {
    this.statements = prepareStatements(db);
    this.writes = prepareCommitStatements(db);
    this.groupWrite = groupWriter(db, this.writes, mark);
    this.batchTransaction = batchTransaction(db, this.writes);
  }

  /** Retention's commit, in the caller's transaction (beside its rewrite of the case's rows): see erasureRefusal. */
  applyErasure(commit: CaseCommit<unknown>): CommitResult {
    const current = this.statements.versionById.get(commit.summary.caseId) as { version: number } | undefined;
    return erasureRefusal(commit.expectedVersion, current?.version) ?? applyCommit(this.writes, commitColumns(commit));
  }

  /**
   * Group commit: the commits asked for in one turn of the event loop (say, ten approvers' clicks
   * that arrived together) are written in one transaction, so they share one fsync. Each gets the
   * result it would have had alone, in order, and resolves only once the transaction is on disk.
   * The transaction is written without waiting for the disk, which is then flushed off the event
   * loop (wal-sync.ts): clicks go on being answered during the fsync, and the commits asked for
   * meanwhile share the next one.
   */
  async commit<S>(commit: CaseCommit<S>): Promise<CommitResult> {
    // Written out as text now (one that cannot be is refused alone), and not again by the writer thread.
    const normalised = commitColumns(normaliseCommit(commit));
    return new Promise<CommitResult>((resolve, reject) => {
      this.waiting.push({ commit: normalised, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.commitWaiting());
    });
  }

  /** How many commits were asked for and in how many transactions (for tests and benchmarks). */
  commitStats(): { commits: number; transactions: number } {
    return { ...this.groupStats };
  }

  /** Writes the commits still waiting (the store calls it on closing, so none is dropped). */
  commitWaiting(): void {
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    this.groupStats.commits += group.length;
    const acknowledge = (written: Written[]): void => group.forEach((g, i) => (written[i]!.ok ? g.resolve(written[i]!.result) : g.reject(written[i]!.error)));
    const failAll = (error: unknown): void => group.forEach((g) => g.reject(error));
    const commits = group.map((g) => g.commit);
    if (this.writer?.running) {
      this.writer.write(commits).then(({ written, transactions }) => {
        this.groupStats.transactions += transactions;
        acknowledge(written);
      }, failAll);
      return;
    }
    const walSync = this.walSync;
    const { written, transactions } = walSync ? relaxed(this.db, () => this.groupWrite.write(commits)) : this.groupWrite.write(commits);
    this.groupStats.transactions += transactions;
    if (!walSync) return acknowledge(written);
    // Nobody is told a commit is done before it is on disk; a failed flush fails them all.
    walSync.sync().then(() => acknowledge(written), failAll);
  }

  /**
   * One IMMEDIATE transaction for the whole batch: all or nothing, one fsync. On a file the batch is
   * written without waiting for the disk and then flushed as a group commit is (wal-sync.ts), so the
   * scheduler's batch (a few megabytes of log) holds the file's write lock, and its thread, for the
   * writing only: a click's commit meanwhile waits for no fsync of the sweep's. Its results come
   * once it is on disk; a failed flush fails the batch, which the caller applies again (command keys
   * make what was written a repeat).
   */
  async commitBatch<S>(batch: CommitBatch<S>): Promise<CommitResult[]> {
    const firings = (batch.firings ?? []).map(normaliseFiring);
    const commits = batch.commits.map((commit) => normaliseCommit(commit) as CaseCommit<unknown>);
    if (firings.length === 0 && commits.length === 0) {
      batch.written?.([]);
      return [];
    }
    if (this.batchWriter?.running) return this.commitBatchElsewhere(this.batchWriter, batch, firings, commits);
    // The state is written out only for the rows that are written (sqlite-batch-commits.ts).
    const columns = commits.map((commit): BatchCommit => ({ columns: commitColumns({ ...commit, state: null }), state: () => JSON.stringify(commit.state) }));
    const walSync = this.walSync;
    const results = walSync ? relaxed(this.db, () => this.batchTransaction(firings, columns)) : this.batchTransaction(firings, columns);
    this.mark.afterCommits(commits, results);
    batch.written?.(results);
    if (walSync) await walSync.sync();
    return results;
  }

  /**
   * The batch written in the batch writer's thread, exactly as on this connection, its columns
   * written out here: the caller is told it is handed over (the scheduler decides its next batch
   * meanwhile), then when it is written, and answered once it is on disk.
   *
   * Not async itself: once handed over, the thread has its own copy, so the commits are let go here
   * (only the states left out are kept, for the thread to ask for should a later commit of their
   * case be refused) rather than held while the batch is written and flushed (batchWritten). Held,
   * a batch's commits (a few megabytes of objects) outlived the deciding thread's young-generation
   * collections and were copied by each: 150 MB copied in a sweep of 20,000 deadlines against 90.
   */
  private commitBatchElsewhere<S>(writer: WriterThread, batch: CommitBatch<S>, firings: DeadlineFiring[], commits: CaseCommit<unknown>[]): Promise<CommitResult[]> {
    const stateSent = stateSentWith(commits);
    const handed = writer.writeBatch(firings, packBatch(commits, stateSent), statesLeftOut(commits, stateSent));
    batch.handedOver?.();
    return this.batchWritten(handed, commits.map(({ expectedVersion }) => ({ expectedVersion })), batch.written);
  }

  private async batchWritten(handed: ReturnType<WriterThread['writeBatch']>, versions: Array<Pick<CaseCommit<unknown>, 'expectedVersion'>>, written: CommitBatch<unknown>['written']): Promise<CommitResult[]> {
    const results = await handed.written;
    this.mark.afterCommits(versions, results);
    written?.(results);
    await handed.onDisk;
    return results;
  }

  async get<S>(caseId: string): Promise<StoredCase<S> | undefined> {
    const row = this.statements.caseById.get(caseId) as CaseRow | undefined;
    return row && toStoredCase<S>(row);
  }

  async getByRef<S>(ref: string): Promise<StoredCase<S> | undefined> {
    const row = this.statements.caseByRef.get(ref) as CaseRow | undefined;
    return row && toStoredCase<S>(row);
  }

  async getByRefAnyCase<S>(ref: string): Promise<StoredCase<S> | undefined> {
    const row = this.statements.caseByRefAnyCase.get({ folder: sameFolderKey(ref), anyCase: anyCaseKey(ref), ref }) as CaseRow | undefined;
    return row && toStoredCase<S>(row);
  }

  async refsSharingFolder(ref: string): Promise<string[]> {
    return this.statements.refsSharingFolder.all(sameFolderKey(ref)) as string[];
  }

  async refsStartingWith(prefix: string): Promise<string[]> {
    const from = sameFolderKey(prefix);
    return from === '' ? [] : (this.statements.refsStartingWith.all({ from, to: afterEveryKeyStartingWith(from) }) as string[]);
  }

  /** Most recently updated first. */
  async list(filter: CaseListFilter = {}): Promise<CaseSummary[]> {
    const limit = positiveInteger(filter.limit ?? DEFAULT_LIST_LIMIT, 'limit');
    const params = { participant: filter.participant ?? null, stage: filter.stage ?? null, limit };
    const statement = filter.participant === undefined ? this.statements.listCases : this.statements.listCasesOfParticipant;
    return (statement.all(params) as CaseRow[]).map(toSummary);
  }

  async findCommand(key: string): Promise<CommandRecord | undefined> {
    const row = this.writes.commandByKey.get(key) as { key: string; outcome: string | null } | undefined;
    return row && { key: row.key, outcome: fromJson(row.outcome) };
  }
}
