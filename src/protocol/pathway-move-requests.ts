/**
 * A move between pathways (R-UNPL-4, R-SCOPE-3) withdraws the requests waiting for a decision (but
 * the placement's end, R-PLACE-1, which the move does not touch). The team manager is always told
 * of the move; whoever else a withdrawn request was waiting for (the Head of Service: the pathway is
 * fixed once they agree, return-agreed.ts) is told too, so nobody keeps a request they can no longer decide.
 */
import { APPROVER_ROLE } from './approval-stages';
import type { Effect, NoticeData } from './case-effects';
import type { CaseRole } from './case-people';
import type { CaseState } from './case-state';
import type { Now } from './case-policy';
import type { RuleId } from './rule-catalogue';
import { cancelApprovalDeadlines, notify, role } from './transition';

/** Withdraws the waiting requests (their deadlines cancelled); returns the roles, other than the team manager, they waited for. */
export function withdrawRequestsOnMove(state: CaseState, now: Now, effects: Effect[], why?: string): Set<CaseRole> {
  const approvers = new Set<CaseRole>();
  for (const approval of state.approvals) {
    if (approval.decision || approval.cancelledAt || approval.stage === 'placement-end') continue;
    approval.cancelledAt = now.at;
    if (why !== undefined) approval.cancelledWhy = why;
    effects.push(...cancelApprovalDeadlines(approval.approvalId));
    if (APPROVER_ROLE[approval.stage] !== 'team-manager') approvers.add(APPROVER_ROLE[approval.stage]);
  }
  return approvers;
}

export function tellApproversOfMove(approvers: ReadonlySet<CaseRole>, rules: RuleId[], data: NoticeData): Effect[] {
  return [...approvers].map((r) => notify('pathway-changed', role(r), rules, { ...data, requestWithdrawn: true }));
}
