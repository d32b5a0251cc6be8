/**
 * The social worker cannot withdraw a case themselves: ending a case without a decision is the team
 * manager's, who agrees the case's assessment first (R-SIGN-4). So the social worker asks them, with
 * the reason; the team manager gets a card to withdraw the case as asked, or to decline with a reason.
 */
import type { CaseState, WithdrawalRequest } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { WITHDRAWAL_REASON_NAMES, type WithdrawalDeclined, type WithdrawalRequested } from './lifecycle-events';
import { refuse } from './refusal';
import { identitiesOf } from './case-people';
import { ownCaseWithdrawalBarred } from './withdraw-case';
import { withdrawalGroundsProblem } from './withdrawal-grounds';
import { dateText } from './calendar-date';
import { dateOf, notify, ok, personText, role, socialWorkerRecipient, stepBy, TransitionResult } from './transition';
import { hasVisibleText } from './visible-text';

export function pendingWithdrawalRequest(state: CaseState): WithdrawalRequest | null {
  const request = state.withdrawalRequest;
  return request && !request.declined ? request : null;
}

export function requestWithdrawal(state: CaseState, event: WithdrawalRequested, now: Now, policy: CasePolicy): TransitionResult {
  const why = event.details.trim();
  if (!hasVisibleText(why)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', 'R-SIGN-4', 'Say in a few words why the case should be withdrawn, then ask again. Nothing was recorded.') };
  const notInCare = withdrawalGroundsProblem(state, event.reason);
  if (notInCare) return { ok: false, refusal: notInCare };
  const pending = pendingWithdrawalRequest(state);
  if (pending) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-SIGN-4', `${personText(pending.by, pending.onBehalfOf)} already asked the team manager to withdraw this case on ${dateText(dateOf(pending))}; their answer is awaited.`) };
  state.withdrawalRequest = { ...stepBy(event.actor, now), withdrawal: event.reason, why };
  const grounds = WITHDRAWAL_REASON_NAMES[event.reason];
  return ok(state, [notify('withdrawal-requested', role('team-manager'), ['R-SIGN-4'], { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), grounds, why })],
    `Asked the team manager to withdraw the case: ${grounds} ("${why}"). Nothing is withdrawn until they agree`, now, policy);
}

export function declineWithdrawal(state: CaseState, event: WithdrawalDeclined, now: Now, policy: CasePolicy): TransitionResult {
  const pending = pendingWithdrawalRequest(state);
  if (!pending) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', 'Nobody has asked for this case to be withdrawn, so there is nothing to decline.') };
  const own = ownCaseWithdrawalBarred(state, identitiesOf(event.actor));
  if (own) return { ok: false, refusal: own };
  const why = event.reason.trim();
  if (!hasVisibleText(why)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', 'R-SIGN-4', 'Say in a few words why the case stays open, so the social worker knows what to do next. Nothing was recorded.') };
  state.withdrawalRequest = { ...pending, declined: { ...stepBy(event.actor, now), why } };
  return ok(state, [notify('withdrawal-declined', socialWorkerRecipient(state), ['R-SIGN-4'], { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), why, you: true })],
    `Declined to withdraw the case ("${why}"): it stays open`, now, policy);
}
