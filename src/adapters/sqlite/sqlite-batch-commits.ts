/**
 * The commits of a scheduler's batch (commitBatch), inside its transaction. Each commit is checked
 * and written as applyCommit would, with one difference: when the next commit of the batch is of
 * the same case (a visit's reminder and its overdue notice fire together), the case's row is
 * written once, by the last of them, instead of once for each. The row, its JSON and its two
 * `updated_at` index entries were a quarter of what a sweep wrote. What the file holds when the
 * transaction ends is the same: every commit's audit entry, outbox items, deadline changes and
 * command, and the case's row at the last commit's version and state.
 */
import type { CaseCommit, CommitResult } from '../../ports/case-store';
import { BatchRefusals } from '../../ports/commit-rules';
import { caseRowNow, nextSeqs, refusalOf, writeCaseRow, writeCommitRows, type CaseRowNow, type CommitStatements, type NextSeqs } from './sqlite-commit';
import { commitColumns } from './sqlite-commit-columns';

/** A case the batch is writing: its row as the file holds it, and as its commits so far leave it. */
interface CaseInHand {
  caseId: string;
  /** The row in the file (undefined: none yet). */
  row: CaseRowNow | undefined;
  /** The row as the commits written so far leave it. */
  now: CaseRowNow | undefined;
  seqs: NextSeqs | undefined;
  /** The last commit written, whose row is not written yet. */
  unwritten: CaseCommit<unknown> | undefined;
}

export function writeBatchCommits(s: CommitStatements, commits: readonly CaseCommit<unknown>[]): CommitResult[] {
  const refusals = new BatchRefusals();
  let inHand: CaseInHand | undefined;
  const writeRow = (): void => {
    const commit = inHand?.unwritten;
    if (!inHand || !commit) return;
    writeCaseRow(s, { summary: commit.summary, expectedVersion: commit.expectedVersion, state: JSON.stringify(commit.state) }, inHand.row);
    inHand.row = inHand.now;
    inHand.unwritten = undefined;
  };
  return commits.map((commit, i): CommitResult => {
    const caseId = commit.summary.caseId;
    if (inHand?.caseId !== caseId) {
      writeRow();
      const row = caseRowNow(s, caseId);
      inHand = { caseId, row, now: row, seqs: undefined, unwritten: undefined };
    }
    const hand = inHand;
    if (refusals.refusesLater(caseId)) return refusals.laterRefusal(hand.now?.version ?? 0);
    // The state is written out only for the row that is written (below).
    const columns = commitColumns({ ...commit, state: null });
    const refusal = refusalOf(s, columns, hand.now);
    if (refusal) {
      // The case's row stays as its last written commit left it.
      writeRow();
      refusals.note(caseId, refusal);
      return refusal;
    }
    // A new case's row goes first: the other rows refer to it.
    const participantsBefore = hand.now?.participants;
    hand.unwritten = commit;
    hand.now = { version: commit.expectedVersion + 1, ref: commit.summary.ref, participants: JSON.stringify(commit.summary.participants) };
    if (!hand.row) writeRow();
    hand.seqs ??= nextSeqs(s, caseId);
    writeCommitRows(s, columns, participantsBefore, hand.seqs);
    if (commits[i + 1]?.summary.caseId !== caseId) writeRow();
    return { ok: true, version: commit.expectedVersion + 1 };
  });
}
