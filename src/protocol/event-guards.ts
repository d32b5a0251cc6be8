/**
 * Named guards the event declarations share: the words for an event sent in a stage that does
 * not allow it. Pure, and free of transition.ts so declarations can use them while modules load.
 */
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

/** Any event but a deadline, on a case closed after its review (R-UNPL-10). */
export const CASE_IS_CLOSED: Refusal = refuse('CASE_CLOSED', 'R-UNPL-10', 'This case is closed after its reunification review. Start a new case if the child comes back into care.');

/** A stage refusal for an open case; a closed case gets CASE_IS_CLOSED. */
export function closedOr(notNow: (state: CaseState) => Refusal): (state: CaseState) => Refusal {
  return (state) => (state.stage === 'closed' ? CASE_IS_CLOSED : notNow(state));
}

/** The social worker's steps before the assessment goes for agreement (R-SIGN-4). */
export function onlyWhilePreparing(what: string): (state: CaseState) => Refusal {
  return closedOr(() => refuse('OUT_OF_ORDER', 'R-SIGN-4', `You can ${what} only before the assessment goes for agreement, or after changes are requested.`));
}
