/**
 * The commit rules every CaseStore adapter keeps, as pure functions both adapters call, so each
 * rule is written and tested once (test/ports/commit-rules.test.ts): the order of a commit's
 * checks, a batch's refusals, the order of a commit's deadline changes, and how an outbox item is
 * settled; when retention's erasure applies; and the arguments both check the same way. The
 * adapters only read what a rule needs and write what it decides.
 */
import type { CaseCommit, CommitResult } from './case-repository';
import type { Deadline, DeadlineInput } from './deadline-queue';
import type { Instant } from './instant';
import type { OutboxStatus } from './outbox';

/** What the store found for a commit, read however the adapter reads it. */
export interface CommitFacts {
  /** The outcome stored with the commit's command key, when that key was already committed. */
  committed?: { outcome: unknown };
  /** The case's current version (0: no such case yet). */
  currentVersion: number;
  /** Another case holding the commit's reference, if one does. */
  refHeldBy?: string;
}

/**
 * Why the store refuses a commit, or null to write it. In this order: the command key
 * (DUPLICATE_COMMAND: a repeat is answered, whatever else changed), the version
 * (VERSION_CONFLICT; creating an existing case is a conflict with its version), the reference
 * (DUPLICATE_REF). A refused commit writes nothing.
 */
export function commitRefusal(commit: Pick<CaseCommit<unknown>, 'command' | 'expectedVersion'>, facts: CommitFacts): Exclude<CommitResult, { ok: true }> | null {
  if (commit.command && facts.committed) return { ok: false, code: 'DUPLICATE_COMMAND', outcome: facts.committed.outcome };
  if (facts.currentVersion !== commit.expectedVersion) return { ok: false, code: 'VERSION_CONFLICT', currentVersion: facts.currentVersion };
  if (facts.refHeldBy !== undefined) return { ok: false, code: 'DUPLICATE_REF', existingCaseId: facts.refHeldBy };
  return null;
}

/**
 * A batch's refusals (commitBatch): once a commit of a case is refused, the later commits of that
 * case in the batch were built on it, so they are refused too, as a version conflict with the
 * case's current version; the other cases' commits go ahead.
 */
export class BatchRefusals {
  private readonly refused = new Set<string>();

  /** True when an earlier commit of this case in the batch was refused. */
  refusesLater(caseId: string): boolean {
    return this.refused.has(caseId);
  }

  /** The answer for a later commit of a refused case. */
  laterRefusal(currentVersion: number): CommitResult {
    return { ok: false, code: 'VERSION_CONFLICT', currentVersion };
  }

  note(caseId: string, result: CommitResult): void {
    if (!result.ok) this.refused.add(caseId);
  }
}

/** One change a commit makes to its case's deadlines. */
export type DeadlineStep = { kind: 'fire'; deadlineId: string } | { kind: 'cancel'; deadlineId: string } | { kind: 'schedule'; deadline: DeadlineInput };

/**
 * A commit's deadline changes in the order they apply: fired, then cancelled, then scheduled, so
 * an event that answers a deadline may set the same id again (a new reminder), and a deadline
 * both cancelled and scheduled ends scheduled.
 */
export function deadlineSteps(deadlines: CaseCommit<unknown>['deadlines']): DeadlineStep[] {
  return [
    ...(deadlines?.fired ?? []).map((deadlineId): DeadlineStep => ({ kind: 'fire', deadlineId })),
    ...(deadlines?.cancel ?? []).map((deadlineId): DeadlineStep => ({ kind: 'cancel', deadlineId })),
    ...(deadlines?.schedule ?? []).map((deadline): DeadlineStep => ({ kind: 'schedule', deadline })),
  ];
}

/**
 * A deadline after one step, for a store that keeps deadlines as rows it rewrites: fired only
 * while unfired (at `at`); cancelled is gone (it must never come due, and nothing reads it);
 * scheduled replaces it, unfired.
 */
export function deadlineAfter(before: Deadline | undefined, step: DeadlineStep, caseId: string, at: Instant): Deadline | undefined {
  switch (step.kind) {
    case 'fire':
      return before && before.firedAt === null ? { ...before, firedAt: at } : before;
    case 'cancel':
      return undefined;
    case 'schedule':
      return { deadlineId: step.deadline.deadlineId, caseId, kind: step.deadline.kind, dueAt: step.deadline.dueAt, payload: step.deadline.payload, firedAt: null };
  }
}

/** The order due deadlines come in: by due time (instants in stored form), then id, as SQLite and the `due` index keys sort them (code units, not locale). */
export function inDueOrder(a: Pick<Deadline, 'dueAt' | 'deadlineId'>, b: Pick<Deadline, 'dueAt' | 'deadlineId'>): number {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.deadlineId < b.deadlineId ? -1 : a.deadlineId > b.deadlineId ? 1 : 0;
}

/** The longest error text kept with an outbox item. */
export const MAX_OUTBOX_ERROR_LENGTH = 2000;

/** What settling a leased outbox item writes (the lease is released either way). */
export interface OutboxSettlement {
  status: OutboxStatus;
  deliveredAt?: Instant;
  /** A failed attempt: counted, with its error and when it may be tried again. */
  failure?: { lastError: string; notBefore: Instant };
}

export function deliveredSettlement(at: Instant): OutboxSettlement {
  return { status: 'delivered', deliveredAt: at };
}

/** A failed attempt: dead (given up, until replayed) or pending again from `notBefore`. */
export function failedSettlement(error: string, notBefore: Instant, dead: boolean): OutboxSettlement {
  return { status: dead ? 'dead' : 'pending', failure: { lastError: error.slice(0, MAX_OUTBOX_ERROR_LENGTH), notBefore } };
}

/**
 * Why retention's erasure (eraseCase) is refused, or null to apply it: only to a case that exists,
 * at the version read, so erasing never creates a case. `currentVersion` is undefined when there
 * is no such case (a conflict with version 0). The commit it applies then makes every check again.
 */
export function erasureRefusal(expectedVersion: number, currentVersion: number | undefined): Exclude<CommitResult, { ok: true }> | null {
  if (currentVersion === undefined) return { ok: false, code: 'VERSION_CONFLICT', currentVersion: 0 };
  return currentVersion === expectedVersion ? null : { ok: false, code: 'VERSION_CONFLICT', currentVersion };
}

/** How many list() and listOutbox() answer when the caller names no limit. */
export const DEFAULT_LIST_LIMIT = 100;

/** A limit is a whole number of at least 1; anything else is a caller's mistake, thrown. */
export function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${field} must be a positive integer, got ${value}`);
  return value;
}

/** The longest case id or reference kept with a refusal in the store's own log (NO_MATCHING_CASE). */
export const MAX_REFUSAL_NAMED_LENGTH = 100;

export function namedAsKept(named: string): string {
  return named.slice(0, MAX_REFUSAL_NAMED_LENGTH);
}
