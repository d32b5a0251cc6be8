/**
 * "The child is staying in care" cannot be the reason to withdraw a case whose care episode has
 * ended: the child has left care, and the visits and the review after the return (R-VISIT-1,
 * R-UNPL-10) are still owed. Another reason (opened in error, a duplicate) still may be given.
 */
import { dateText } from './calendar-date';
import type { CaseState } from './case-state';
import type { WithdrawalReason } from './lifecycle-events';
import { refuse, type Refusal } from './refusal';
import { dateOf } from './transition';

export function withdrawalGroundsProblem(state: CaseState, reason: WithdrawalReason): Refusal | null {
  if (reason !== 'staying-in-care' || !state.episodeEnded) return null;
  return refuse('OUT_OF_ORDER', 'R-SIGN-4', `The care episode ended on ${dateText(dateOf(state.episodeEnded))}, so the child is not staying in care: the visits and the review after the return are still to be done on this case. If the child has come back into care, record that on the child's record and talk to the team manager. Nothing was recorded.`);
}
