/**
 * A move between pathways (R-UNPL-4, R-SCOPE-3) withdraws the requests waiting for a decision. The
 * team manager is always told of the move; whoever else a withdrawn request was waiting for (the
 * Head of Service, the Director) is told too, so nobody keeps a request they can no longer decide.
 */
import { APPROVER_ROLE } from './approval-stages';
import type { Effect, NoticeData } from './case-effects';
import type { CaseRole } from './case-people';
import type { CaseState } from './case-state';
import type { RuleId } from './rule-catalogue';
import { notify, role } from './transition';

/** The roles, other than the team manager, whose requests a move withdraws: asked before it does. */
export function approversOfRequestsToWithdraw(state: CaseState): Set<CaseRole> {
  const roles = new Set<CaseRole>();
  for (const a of state.approvals) {
    if (!a.decision && !a.cancelledAt && a.stage !== 'placement-end' && APPROVER_ROLE[a.stage] !== 'team-manager') roles.add(APPROVER_ROLE[a.stage]);
  }
  return roles;
}

export function tellApproversOfMove(roles: ReadonlySet<CaseRole>, rules: RuleId[], data: NoticeData): Effect[] {
  return [...roles].map((r) => notify('pathway-changed', role(r), rules, { ...data, requestWithdrawn: true }));
}
