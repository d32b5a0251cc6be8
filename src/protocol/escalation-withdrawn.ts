/**
 * Those up the line told to chase an escalated request (escalation.ts) are told once when it is
 * withdrawn undecided, whatever withdrew it (the case withdrawn or closed, a correction, a pathway
 * change, an undone step): the machine compares the requests before and after each transition, so
 * a new way of withdrawing one cannot forget them. Its decision tells them in decision-given.ts.
 */
import type { Effect } from './case-effects';
import type { CaseEvent } from './case-events';
import type { CaseState } from './case-state';
import type { Now } from './case-policy';
import { APPROVER_ROLE, STAGE_RULES, withdrawnWhy } from './approval-stages';
import { ROLE_NAMES } from './case-people';
import { ESCALATES_TO } from './escalation';
import { notify, personText, role } from './transition';

/**
 * One notice to the chasers of each escalated request that `after` withdrew, saying why and whether it
 * is asked again. `told`: the transition's own effects; when they tell the part the request waited for
 * (the move's, the withdrawal's, the correction's notice), the copy is marked `approverTold`, so one who
 * holds that part too is not told twice (src/cases/told-once.ts).
 */
export function escalationsWithdrawn(before: CaseState, after: CaseState, event: CaseEvent, now: Now, told: readonly Effect[] = []): Effect[] {
  const effects: Effect[] = [];
  for (const was of before.approvals) {
    if (!was.escalatedOn || was.decision || was.cancelledAt) continue;
    const later = after.approvals.find((a) => a.approvalId === was.approvalId);
    if (!later?.cancelledAt || later.decision) continue;
    // Asked again as a new request (a correction re-asks the team manager): the chasers are told it is that one now.
    const askedAgain = after.approvals.some((a) => a.stage === was.stage && !a.decision && !a.cancelledAt && !before.approvals.some((b) => b.approvalId === a.approvalId));
    const data = {
      ref: before.ref,
      stage: was.stage,
      escalatedOn: was.escalatedOn,
      withdrawnOn: now.today,
      why: withdrawnWhy(later),
      ...(event.actor.role === 'system' ? {} : { withdrawnBy: personText(event.actor, event.actor.onBehalfOf), withdrawnById: event.actor.id }),
      ...(askedAgain ? { askedAgainOf: ROLE_NAMES[APPROVER_ROLE[was.stage]] } : {}),
      ...(told.some((e) => e.type === 'notify' && e.to.kind === 'role' && e.to.role === APPROVER_ROLE[was.stage] && !e.to.includeDeputies) ? { approverTold: true } : {}),
    };
    effects.push(notify('escalation-withdrawn', role(ESCALATES_TO[was.stage]), STAGE_RULES[was.stage], data));
  }
  return effects;
}
