/**
 * Named guards the event declarations share: the words for an event sent in a stage that does
 * not allow it. Pure, and free of transition.ts so declarations can use them while modules load.
 */
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

/** Any event but a deadline, on a closed case: in the words of how it closed (a withdrawn case is not "closed after its review"). */
export function caseIsClosed(state: CaseState): Refusal {
  switch (state.closure?.reason) {
    case 'withdrawn':
      return refuse('CASE_CLOSED', 'R-SIGN-4', 'This case was withdrawn, so nothing more can be recorded on it. Start a new case if one is needed (its reference is free again).');
    case 'rejected':
      return refuse('CASE_CLOSED', 'R-SIGN-4', 'This case is closed: the return home was rejected. Nothing more can be recorded on it unless the team manager reopens it.');
    case 'out-of-scope':
      return refuse('CASE_CLOSED', 'R-SCOPE-2', 'This case closed because the child is on a court order: their return home follows the court route, not this protocol.');
    default:
      return refuse('CASE_CLOSED', 'R-UNPL-10', 'This case is closed after its reunification review. Start a new case if the child comes back into care.');
  }
}

/** A stage refusal for an open case; a closed case gets caseIsClosed. */
export function closedOr(notNow: (state: CaseState) => Refusal): (state: CaseState) => Refusal {
  return (state) => (state.stage === 'closed' ? caseIsClosed(state) : notNow(state));
}

/** The social worker's steps before the assessment goes for agreement (R-SIGN-4). */
export function onlyWhilePreparing(what: string): (state: CaseState) => Refusal {
  return closedOr(() => refuse('OUT_OF_ORDER', 'R-SIGN-4', `You can ${what} only before the assessment goes for agreement, or after changes are requested.`));
}
