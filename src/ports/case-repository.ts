/**
 * The case repository: a case's state, read and committed with everything that goes with it (see
 * CaseCommit), and the commands already committed. The case service's port.
 */
import type { AuditEntryInput } from './case-audit-log';
import type { DeadlineFiring, DeadlineInput } from './deadline-queue';
import type { Instant } from './instant';
import type { OutboxItemInput } from './outbox';

export interface CaseSummary {
  caseId: string;
  /** The case reference shown to people (the case-record id) — never a child's name. */
  ref: string;
  pathway: string;
  stage: string;
  /** Entra object ids of the people named on the case, for "my cases". */
  participants: string[];
  openedAt: Instant;
  updatedAt: Instant;
}

export interface StoredCase<S = unknown> {
  summary: CaseSummary;
  version: number;
  state: S;
}

export interface CommandRecord {
  /** The idempotency key the command carried (a card click's id, an activity id …). */
  key: string;
  /** What the command returned the first time; returned again on a repeat. */
  outcome: unknown;
}

export interface CaseCommit<S = unknown> {
  summary: CaseSummary;
  /** 0 to create the case; otherwise the version that was read. */
  expectedVersion: number;
  state: S;
  audit: AuditEntryInput;
  outbox: OutboxItemInput[];
  /**
   * Deadlines of this case to schedule (replacing any with the same id, which also clears its
   * firedAt), to cancel (they never come due again), and to mark fired at `audit.at` (the
   * deadlines whose event this commit records, so a crash cannot fire them twice).
   */
  deadlines?: { schedule?: DeadlineInput[]; cancel?: string[]; fired?: string[] };
  /** When given and the key was already committed, nothing is written: DUPLICATE_COMMAND. */
  command?: CommandRecord;
}

/** What commitBatch writes: firings first, then the commits in order. */
export interface CommitBatch<S = unknown> {
  firings?: DeadlineFiring[];
  commits: CaseCommit<S>[];
  /**
   * Called once with the results when the whole batch is written and readable, which may be before
   * it is on disk (SQLite flushes it afterwards; commitBatch answers only then). The scheduler reads
   * its next batch meanwhile. Not called when the batch throws.
   */
  written?: (results: CommitResult[]) => void;
  /**
   * Called when the batch has been handed to another thread to write (the SQLite store's batch
   * writer), before it is written: its deadlines are not yet marked fired, but will be by this batch
   * unless it fails. The scheduler decides its next batch meanwhile, leaving out these deadlines
   * and their cases. Not called by a store that writes the batch before commitBatch returns.
   */
  handedOver?: () => void;
}

export type CommitResult =
  | { ok: true; version: number }
  | { ok: false; code: 'VERSION_CONFLICT'; currentVersion: number }
  | { ok: false; code: 'DUPLICATE_REF'; existingCaseId: string }
  | { ok: false; code: 'DUPLICATE_COMMAND'; outcome: unknown };

export interface CaseListFilter {
  participant?: string;
  stage?: string;
  limit?: number;
}

/** What SharePoint sees of a case's reference in its folder and file names: no capitals, "/" written "-". */
export const sameFolderKey = (ref: string): string => ref.toUpperCase().replace(/\//g, '-');

/** The first key after every key that starts with `prefix` (not empty): its last character moved on by one. */
export const afterEveryKeyStartingWith = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** A reference in any case: its letters a-z as capitals, nothing else changed (references are ASCII; "ı" is not "I"). */
export const anyCaseKey = (ref: string): string => ref.replace(/[a-z]+/g, (letters) => letters.toUpperCase());

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
  /**
   * The case holding `ref` as typed or with its capitals another way ("mos-1042" for "Mos-1042"):
   * the one holding it as typed if any, else the first by ref (several only in a store from before
   * such refs were refused). One indexed read, whatever is typed: for every "case REF", forged too.
   */
  getByRefAnyCase<S>(ref: string): Promise<StoredCase<S> | undefined>;
  /**
   * The refs cases hold now (this one's too, if held) that name the same SharePoint folder as `ref`:
   * SharePoint does not tell capitals apart in folder and file names, and the case file writes "/"
   * as "-" (sameFolderKey). An indexed read, as getByRefAnyCase's.
   */
  refsSharingFolder(ref: string): Promise<string[]>;
  /**
   * The refs cases hold now whose SharePoint folder name starts with `prefix`'s (sameFolderKey), in
   * order: a range of the same index. Opening a case asks it for the withdrawn cases that gave its
   * reference up ("MOS-1042_W_…"), whose documents stay in the reference's folder. None for "".
   */
  refsStartingWith(prefix: string): Promise<string[]>;
  list(filter?: CaseListFilter): Promise<CaseSummary[]>;
  /** The first outcome of a command already committed with this idempotency key. */
  findCommand(key: string): Promise<CommandRecord | undefined>;
}
