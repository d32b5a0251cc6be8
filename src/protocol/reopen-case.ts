/**
 * Reopening a closed case, by a team manager, within the policy's period (REOPEN_WITHIN_DAYS) when
 * the return breaks down early. The case goes back to where it closed from; a rejected one goes
 * back to the social worker to revise. Withdrawn and court-order cases are not reopened.
 */
import { addDays, dateText, isAfter } from './calendar-date';
import type { CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import type { CaseReopened } from './lifecycle-events';
import { refuse } from './refusal';
import { CHAIN_STAGES, dateOf, iroRecipient, notify, ok, personText, socialWorkerRecipient, stepBy, TransitionResult } from './transition';
import { hasVisibleText } from './visible-text';

export function reopenCase(state: CaseState, event: CaseReopened, now: Now, policy: CasePolicy): TransitionResult {
  const reason = event.reason.trim();
  if (!hasVisibleText(reason)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Say in a few words why the case is reopened, then reopen it again. Nothing was recorded.') };
  const closure = state.closure ?? (state.review ? { ...state.review, reason: 'review' as const, why: state.review.notes, fromStage: (state.notViable ? 'not-viable' : 'episode-ended') as CaseState['stage'] } : null);
  if (!closure) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-10', 'This case has no record of how it closed, so it cannot be reopened. Start a new case.') };
  if (closure.reason === 'withdrawn') return { ok: false, refusal: refuse('OUT_OF_ORDER', null, 'A withdrawn case is not reopened: start a new case (the reference is free again).') };
  if (closure.reason === 'out-of-scope') return { ok: false, refusal: refuse('OUT_OF_SCOPE', 'R-SCOPE-2', 'This case closed because the child is on a court order: their return home follows the court route, not this protocol.') };
  const closedOn = dateOf(closure);
  const lastDay = addDays(closedOn, policy.reopenWithinDays);
  if (isAfter(now.today, lastDay)) {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-10', `This case closed on ${dateText(closedOn)}, more than ${policy.reopenWithinDays} days ago, so it cannot be reopened. Start a new case: "new case" offers the next numbered reference.`) };
  }
  state.reopenings = [...(state.reopenings ?? []), { ...stepBy(event.actor, now), reason, closure }];
  state.stage = closure.reason === 'rejected' || CHAIN_STAGES.includes(closure.fromStage) ? 'revising' : closure.fromStage;
  state.closure = null;
  state.review = null;
  const data = { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), reason };
  return ok(state, [
    notify('case-reopened', socialWorkerRecipient(state), ['R-UNPL-10'], data),
    notify('case-reopened', iroRecipient(state), ['R-UNPL-10'], data),
  ], `Case reopened by the team manager ("${reason}"); it was closed on ${closedOn}`, now, policy);
}
