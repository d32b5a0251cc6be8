/** Shared by every CaseStore adapter: a commit checked and put in stored form before anything is written. */
import type { CaseCommit, DeadlineFiring } from '../ports/case-store';
import { normaliseInstant } from './instant';

/** A commit with every instant in stored form (UTC, toISOString), checked before anything is read or written. */
export function normaliseCommit<S>(commit: CaseCommit<S>): CaseCommit<S> {
  if (!Number.isInteger(commit.expectedVersion) || commit.expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a non-negative integer, got ${commit.expectedVersion}`);
  }
  return {
    ...commit,
    summary: {
      ...commit.summary,
      openedAt: normaliseInstant(commit.summary.openedAt, 'summary.openedAt'),
      updatedAt: normaliseInstant(commit.summary.updatedAt, 'summary.updatedAt'),
    },
    audit: { ...commit.audit, at: normaliseInstant(commit.audit.at, 'audit.at') },
    deadlines: {
      schedule: (commit.deadlines?.schedule ?? []).map((d) => ({ ...d, dueAt: normaliseInstant(d.dueAt, `deadline ${d.deadlineId} dueAt`) })),
      cancel: commit.deadlines?.cancel ?? [],
      fired: commit.deadlines?.fired ?? [],
    },
  };
}

/** A firing with its instants in stored form; a malformed one throws. */
export function normaliseFiring(firing: DeadlineFiring): DeadlineFiring {
  return {
    deadlineId: firing.deadlineId,
    dueAt: normaliseInstant(firing.dueAt, `firing ${firing.deadlineId} dueAt`),
    at: normaliseInstant(firing.at, `firing ${firing.deadlineId} at`),
  };
}
