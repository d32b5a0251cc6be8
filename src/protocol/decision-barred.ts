/**
 * Who may never decide a request on this case, whatever roles they hold (R-SIGN-4): the social
 * worker (or whoever submitted the assessment); for the Head of Service's agreement and the
 * Director's authorisation, whoever gave the team manager's agreement, and the person who gave the other one. The decision handler refuses them
 * with these words; the cards ask the same so that they never offer such a person the buttons.
 */
import type { Approval, ApprovalStage, CaseState } from './case-state';
import { identitiesOf } from './case-people';
import { refuse, type Refusal } from './refusal';

export function decisionBarred(state: CaseState, approval: Pick<Approval, 'stage'>, actorIds: readonly string[]): Refusal | null {
  const caseWorkers = [state.socialWorker.id, state.assessment?.submittedBy.id, state.assessment?.onBehalfOf?.id].filter((x): x is string => Boolean(x));
  if (actorIds.some((id) => caseWorkers.includes(id))) {
    return refuse('SELF_APPROVAL', 'R-SIGN-4', 'You are the social worker on this case (or submitted its assessment), so you cannot approve it. Another manager holding the role must decide.');
  }
  // Each agreement of the chain is a check of its own: who gave the team manager's agreement (a
  // team manager who is also the Head of Service's deputy, say) gives neither of the later ones.
  if ((approval.stage === 'head-of-service' || approval.stage === 'director') && decidedBy(state, 'team-manager', true, actorIds)) {
    const later = approval.stage === 'director' ? 'the Director’s authorisation' : 'the Head of Service’s written agreement';
    return refuse('SELF_APPROVAL', 'R-SIGN-4', `You gave the team manager’s agreement on this case, so ${later} must come from someone else: each agreement in the chain is given by a different person.`);
  }
  if (approval.stage === 'director') {
    if (decidedBy(state, 'head-of-service', true, actorIds)) {
      return refuse('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', 'You gave the Head of Service agreement on this case, so the Director’s authorisation must come from someone else.');
    }
  }
  if (approval.stage === 'head-of-service') {
    if (decidedBy(state, 'director', false, actorIds)) {
      return refuse('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', 'You decided on this case as Director, so the Head of Service agreement must come from someone else.');
    }
  }
  return null;
}

/** Whether the latest decision at `stage` (only an agreement, with `agreed`) was given by, or on behalf of, one of `actorIds`. */
function decidedBy(state: CaseState, stage: ApprovalStage, agreed: boolean, actorIds: readonly string[]): boolean {
  const decision = state.approvals.filter((a) => a.stage === stage && (agreed ? a.decision?.outcome === 'approve' : a.decision)).at(-1)?.decision;
  if (!decision) return false;
  return identitiesOf({ id: decision.by.id, onBehalfOf: decision.onBehalfOf }).some((id) => actorIds.includes(id));
}
