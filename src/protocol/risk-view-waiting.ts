/**
 * The view on a Legal Planning Meeting or ICPC (R-UNPL-2) is a step of an unplanned return. A case
 * moved to the planned pathway (R-UNPL-4) no longer waits on it: a planned return takes the child's,
 * the parents' and the IRO's views (R-PLAN-6) and its own risk analysis instead, so nothing there
 * asks for it, and the manager's card stops offering it. The check stays on the case as recorded:
 * moved back to unplanned (R-SCOPE-3), the view is waited on again.
 */
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

/** Whether the risk check's view is still wanted from the manager consulted. */
export function riskViewWaiting(state: CaseState): boolean {
  return state.pathway === 'unplanned' && state.steps.immediateRisk?.viewAwaited === true;
}

/** The answer to a view given (or a stale button pressed) once the case is a planned return. */
export function riskViewNoLongerWanted(): Refusal {
  return refuse('OUT_OF_ORDER', 'R-UNPL-2', "Your view on a Legal Planning Meeting or ICPC is no longer needed: this case moved to the planned pathway, and the view is a step of an unplanned return (R-UNPL-2). A planned return takes the child's, the parents' and the IRO's views instead (R-PLAN-6), so nothing more is needed from you on it.");
}
