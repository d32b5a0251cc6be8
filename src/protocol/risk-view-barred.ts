/**
 * The view on a Legal Planning Meeting or ICPC is a manager's on the social worker's risk check
 * (R-UNPL-2): never the social worker's own, even when the social worker is a team manager who
 * opened the case (or whoever recorded the check). The handler refuses them with these words; the
 * case card and the request for the view leave them out, as for a decision on their own case.
 */
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

export function riskViewBarred(state: CaseState, actorIds: readonly string[]): Refusal | null {
  const own = [state.socialWorker.id, state.steps.immediateRisk?.by.id, state.steps.immediateRisk?.onBehalfOf?.id].filter((x): x is string => Boolean(x));
  if (!actorIds.some((id) => own.includes(id))) return null;
  return refuse('SELF_APPROVAL', 'R-UNPL-2', 'You are the social worker on this case (or recorded its risk check), so the view on a Legal Planning Meeting or ICPC must come from another manager. Nothing was recorded.');
}
