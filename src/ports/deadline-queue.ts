/** The deadlines commits schedule and cancel: what the scheduler finds due and marks fired. */
import type { Deadline, Instant } from './case-store';

export interface DeadlineQueue {
  /** Deadlines due at or before `now` that have not fired, oldest first. */
  dueDeadlines(now: Instant, limit: number): Promise<Deadline[]>;
  /** Marks a deadline fired (normally done in the commit of the event it caused; this is for deadlines that no longer apply). */
  markDeadlineFired(deadlineId: string, at: Instant): Promise<void>;
  deadlines(caseId: string): Promise<Deadline[]>;
}
