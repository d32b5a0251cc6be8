/** The deadlines commits schedule and cancel: what the scheduler finds due and marks fired. */
import type { Instant } from './instant';

export interface DeadlineInput {
  /** Stable id, e.g. `${caseId}:visit:1:overdue`; scheduling the same id again replaces it. */
  deadlineId: string;
  kind: string;
  /** When it falls due. */
  dueAt: Instant;
  payload: unknown;
}

export interface Deadline extends DeadlineInput {
  caseId: string;
  firedAt: Instant | null;
}

/**
 * A deadline to mark fired outside any commit: its event was refused, no longer applies, or its
 * case is gone, so nothing else changes (see commitBatch).
 */
export interface DeadlineFiring {
  deadlineId: string;
  /** The due time it was read with: a deadline rescheduled since then (another dueAt) is left alone. */
  dueAt: Instant;
  at: Instant;
}

export interface DeadlineQueue {
  /**
   * Deadlines due at or before `now` that have not fired, oldest first, but for those named in
   * `except` (the scheduler's batch being written meanwhile: read past, not counted in `limit`).
   */
  dueDeadlines(now: Instant, limit: number, except?: ReadonlySet<string>): Promise<Deadline[]>;
  /**
   * The same, of the cases named only (however many): the scheduler fires a case's due deadlines
   * in one batch, so the case's rows are written once for all of them (src/cases/due-batch.ts).
   * Oldest first (by due time, then id).
   */
  dueDeadlinesOfCases(caseIds: readonly string[], now: Instant): Promise<Deadline[]>;
  /** Marks a deadline fired (normally done in the commit of the event it caused; this is for deadlines that no longer apply). */
  markDeadlineFired(deadlineId: string, at: Instant): Promise<void>;
  deadlines(caseId: string): Promise<Deadline[]>;
}
