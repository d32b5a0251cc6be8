/**
 * The commits of a scheduler's batch (commitBatch), inside its transaction. Each commit is checked
 * and written as applyCommit would, with one difference: when the next commit of the batch is of
 * the same case (a visit's reminder and its overdue notice fire together), the case's row is
 * written once, by the last of them, instead of once for each. The row, its JSON and its two
 * `updated_at` index entries were a quarter of what a sweep wrote. What the file holds when the
 * transaction ends is the same: every commit's audit entry, outbox items, deadline changes and
 * command, and the case's row at the last commit's version and state.
 */
import type Database from 'better-sqlite3';
import type { CaseCommit, CommitResult, DeadlineFiring } from '../../ports/case-store';
import { BatchRefusals } from '../../ports/commit-rules';
import { caseRowNow, nextSeqs, refusalOf, writeCaseRow, writeCommitRows, type CaseRowNow, type CommitStatements, type NextSeqs } from './sqlite-commit';
import type { CommitColumns } from './sqlite-commit-columns';

/**
 * A commit of a batch with its JSON columns written out, but for its state, which is asked for
 * only if the case's row is written at this commit (on the caller's connection the state is then
 * written out; in the batch writer's thread it came as text).
 */
export interface BatchCommit {
  columns: CommitColumns;
  state(): string;
}

/**
 * A batch's commits as the batch writer's thread writes them (rebuilt from the list they cross in,
 * sqlite-packed-batch.ts): their JSON columns written out, the state only where the case's row will be written (a new case's first commit, the last of a case's
 * consecutive commits); null elsewhere, which saves writing out and copying a state that is only
 * written if a later commit of its case in the batch is refused (someone acted meanwhile).
 */
export type BatchCommitColumns = Omit<CommitColumns, 'state'> & { state: string | null };

/**
 * Whether the i-th commit's state crosses with it (its case's row is written at that commit): the
 * rule behind BatchCommitColumns' nulls.
 */
export function stateSentWith(commits: readonly CaseCommit<unknown>[]): (i: number) => boolean {
  return (i) => commits[i]!.expectedVersion === 0 || commits[i + 1]?.summary.caseId !== commits[i]!.summary.caseId;
}

/**
 * The states left out of a batch (stateSent false), written out, by commit (null where the state
 * was sent): what the batch writer's thread is sent for a batch it gave back with STATE_NOT_SENT.
 */
export function statesLeftOut(commits: readonly CaseCommit<unknown>[], stateSent: (i: number) => boolean): () => Array<string | null> {
  // Only the states are kept (not the commits, nor their text) until the batch is written.
  const leftOut = commits.map((commit, i) => (stateSent(i) ? undefined : commit.state));
  return () => leftOut.map((state) => (state === undefined ? null : JSON.stringify(state)));
}

/** The batch writer's thread asked for a state it was not sent: the batch wrote nothing, and is written again once the thread has the states left out (statesLeftOut). */
export const STATE_NOT_SENT = 'BatchStateNotSentError';

/** In the batch writer's thread: each commit's state as it came, throwing STATE_NOT_SENT (rolling the batch back) where it did not. */
export function batchCommitsFrom(columns: readonly BatchCommitColumns[]): BatchCommit[] {
  return columns.map((c) => ({
    columns: { ...c, state: c.state ?? '' },
    state: () => c.state ?? stateNotSent(c.summary.caseId),
  }));
}

function stateNotSent(caseId: string): never {
  throw Object.assign(new Error(`the batch writer was not sent case ${caseId}'s state at a commit before a refused one`), { name: STATE_NOT_SENT });
}

/** A case the batch is writing: its row as the file holds it, and as its commits so far leave it. */
interface CaseInHand {
  caseId: string;
  /** The row in the file (undefined: none yet). */
  row: CaseRowNow | undefined;
  /** The row as the commits written so far leave it. */
  now: CaseRowNow | undefined;
  seqs: NextSeqs | undefined;
  /** The last commit written, whose row is not written yet. */
  unwritten: BatchCommit | undefined;
}

export function writeBatchCommits(s: CommitStatements, commits: readonly BatchCommit[]): CommitResult[] {
  const refusals = new BatchRefusals();
  let inHand: CaseInHand | undefined;
  const writeRow = (): void => {
    const commit = inHand?.unwritten;
    if (!inHand || !commit) return;
    writeCaseRow(s, { summary: commit.columns.summary, expectedVersion: commit.columns.expectedVersion, state: commit.state() }, inHand.row);
    inHand.row = inHand.now;
    inHand.unwritten = undefined;
  };
  return commits.map((batchCommit, i): CommitResult => {
    const commit = batchCommit.columns;
    const caseId = commit.summary.caseId;
    if (inHand?.caseId !== caseId) {
      writeRow();
      const row = caseRowNow(s, caseId);
      inHand = { caseId, row, now: row, seqs: undefined, unwritten: undefined };
    }
    const hand = inHand;
    if (refusals.refusesLater(caseId)) return refusals.laterRefusal(hand.now?.version ?? 0);
    const columns = commit;
    const refusal = refusalOf(s, columns, hand.now);
    if (refusal) {
      // The case's row stays as its last written commit left it.
      writeRow();
      refusals.note(caseId, refusal);
      return refusal;
    }
    // A new case's row goes first: the other rows refer to it.
    const participantsBefore = hand.now?.participants;
    hand.unwritten = batchCommit;
    hand.now = { version: commit.expectedVersion + 1, ref: commit.summary.ref, participants: JSON.stringify(commit.summary.participants) };
    if (!hand.row) writeRow();
    hand.seqs ??= nextSeqs(s, caseId);
    writeCommitRows(s, columns, participantsBefore, hand.seqs);
    if (commits[i + 1]?.columns.summary.caseId !== caseId) writeRow();
    return { ok: true, version: commit.expectedVersion + 1 };
  });
}

/**
 * The batch's one IMMEDIATE transaction: the firings (deadlines fired without a commit), then the
 * commits. The same on the store's own connection and in the batch writer's thread.
 */
export function batchTransaction(db: Database.Database, writes: CommitStatements): (firings: readonly DeadlineFiring[], commits: readonly BatchCommit[]) => CommitResult[] {
  const fireDeadlineDue = db.prepare('UPDATE deadlines SET fired_at = ?, unfired = NULL WHERE deadline_id = ? AND due_at = ? AND fired_at IS NULL');
  const transaction = db.transaction((firings: readonly DeadlineFiring[], commits: readonly BatchCommit[]) => {
    for (const f of firings) fireDeadlineDue.run(f.at, f.deadlineId, f.dueAt);
    return writeBatchCommits(writes, commits);
  });
  return (firings, commits) => transaction.immediate(firings, commits);
}
