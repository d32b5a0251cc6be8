/**
 * How a case ends other than by its reunification review: a final no from an approver, a
 * withdrawal, or facts corrected to a court order (R-SCOPE-2). One place closes a case, so
 * every ending withdraws what was still waiting and stops the reminders in the same way.
 */
import type { Actor } from './case-people';
import type { Effect } from './case-effects';
import type { Approval, CaseStage, CaseState, StepRecord } from './case-state';
import type { Now } from './case-policy';
import { cancelApprovalDeadlines, horizonDeadlineIds, stepBy } from './transition';

export const CLOSURE_REASONS = ['review', 'rejected', 'withdrawn', 'out-of-scope'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export interface CaseClosure extends StepRecord {
  reason: ClosureReason;
  /** The words given for it: the approver's comment, or the reason for withdrawing or correcting. */
  why: string;
  /** The stage the case was in when it closed (a reopened case goes back to it, or to revising). */
  fromStage: CaseStage;
  /** A withdrawn case's reference before it was freed. */
  ref?: string;
}

/** The reference a case was opened with: a withdrawn case gives its own up (withdraw-case.ts) and keeps it in its closure. */
export function refOpenedWith(state: Pick<CaseState, 'ref' | 'closure'>): string {
  return state.closure?.reason === 'withdrawn' && state.closure.ref ? state.closure.ref : state.ref;
}

export const CLOSURE_TEXT: Record<ClosureReason, string> = {
  review: 'Closed after the reunification review',
  rejected: 'Closed: the return home was rejected',
  withdrawn: 'Closed: the case was withdrawn',
  'out-of-scope': 'Closed: the child is on a court order (R-SCOPE-2)',
};

/** A case closed: what it takes off the schedule, and the requests it withdrew (for the words about them). */
export interface Closing {
  effects: Effect[];
  withdrawn: Approval[];
}

/**
 * Closes the case: every request still waiting is withdrawn (with `why` for the approver), its
 * reminders and the planned horizon's are cancelled, and visits still due stop being chased.
 */
export function closeCase(state: CaseState, reason: ClosureReason, why: string, actor: Actor, now: Now, requestWhy: string): Closing {
  const effects: Effect[] = [];
  const withdrawn: Approval[] = [];
  for (const approval of state.approvals) {
    if (approval.decision || approval.cancelledAt) continue;
    approval.cancelledAt = now.at;
    approval.cancelledWhy = requestWhy;
    effects.push(...cancelApprovalDeadlines(approval.approvalId));
    withdrawn.push(approval);
  }
  if (state.placement.status === 'consent-requested') state.placement.status = 'open';
  effects.push(...horizonDeadlineIds(state).map((deadlineId): Effect => ({ type: 'cancel-deadline', deadlineId })));
  for (const visit of state.visits) {
    if (visit.doneOn) continue;
    effects.push(
      { type: 'cancel-deadline', deadlineId: `${state.caseId}:visit:${visit.index}:reminder` },
      { type: 'cancel-deadline', deadlineId: `${state.caseId}:visit:${visit.index}:overdue` },
    );
  }
  state.closure = { ...stepBy(actor, now), reason, why, fromStage: state.stage };
  state.stage = 'closed';
  return { effects, withdrawn };
}
