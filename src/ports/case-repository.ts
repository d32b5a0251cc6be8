/**
 * The case repository: a case's state, read and committed with everything that goes with it (see
 * CaseCommit), and the commands already committed. The case service's port.
 */
import type { CaseCommit, CaseListFilter, CaseSummary, CommandRecord, CommitBatch, CommitResult, StoredCase } from './case-store';

export interface CaseRepository {
  /**
   * Checks, in this order: the command key (DUPLICATE_COMMAND), the version (VERSION_CONFLICT;
   * creating an existing caseId is a conflict with its current version), the ref (DUPLICATE_REF).
   * A refused commit writes nothing. Instants are normalised; a malformed one throws.
   */
  commit<S>(commit: CaseCommit<S>): Promise<CommitResult>;
  /**
   * Many commits at once, for the scheduler's sweep, returning one result per commit in order.
   * The firings are applied first (each like markDeadlineFired, but only while the deadline is
   * still due at the dueAt given), then each commit as commit() would apply it, against the store
   * as the earlier ones left it, so two commits of one case chain their versions. A refused commit
   * writes nothing and the other cases' commits go ahead; once a commit of a case is refused, the
   * later commits of that case in the batch are refused too (VERSION_CONFLICT with the case's
   * current version), since they were built on it.
   *
   * Durability: SQLite writes the whole batch in one transaction (one fsync): after a crash, all of
   * it or none of it. Azure Table Storage has no transaction across partitions (one per case), so
   * it writes the firings, then each commit as its own transaction, one after another: after a
   * crash, a prefix of the batch, each commit whole.
   *
   * Malformed instants (or, for Azure, a commit too large) throw before anything is written. Any
   * other error (a duplicate effect id, a deadline id of another case, the store failing) throws
   * too: SQLite has then written nothing of the batch, Azure Tables the commits before the failing
   * one. Either way a caller can apply the batch again commit by commit: command keys make a
   * repeat a DUPLICATE_COMMAND.
   */
  commitBatch<S>(batch: CommitBatch<S>): Promise<CommitResult[]>;
  get<S>(caseId: string): Promise<StoredCase<S> | undefined>;
  getByRef<S>(ref: string): Promise<StoredCase<S> | undefined>;
  list(filter?: CaseListFilter): Promise<CaseSummary[]>;
  /** The first outcome of a command already committed with this idempotency key. */
  findCommand(key: string): Promise<CommandRecord | undefined>;
}
