/**
 * The case card's second row of buttons, under "If something is wrong or has changed": correct
 * the facts, undo a step, move to the planned pathway (R-UNPL-4), record an extra visit, hand the
 * case over to someone else (src/bot/handover-form.ts), withdraw,
 * or reopen a closed case. Shown where the protocol could allow them; it decides on the click.
 */
import { addDays, BEFORE_AGREEMENT, CasePolicy, CaseState, CalendarDate, dateOf, isAfter, pendingWithdrawalRequest, visitsLimitRefusal } from '../protocol';
import type { CaseCardData } from './card-builder';
import { undoChoices } from './lifecycle-steps';

type CardAction = CaseCardData['actions'][number];
const step = (title: string, id: string, index = ''): CardAction => ({ title, verb: 'openStep', step: id, approvalId: '', index });

export function changeActionsFor(state: CaseState, policy: CasePolicy, today: CalendarDate): CardAction[] {
  if (state.stage === 'closed') {
    const c = state.closure;
    const closedOn = c ? dateOf(c) : state.review ? dateOf(state.review) : null;
    const reopenable = (!c || c.reason === 'review' || c.reason === 'rejected') && closedOn !== null && !isAfter(today, addDays(closedOn, policy.reopenWithinDays));
    return reopenable ? [step('Reopen the case (team manager)', 'reopen')] : [];
  }
  const actions: CardAction[] = [step('Correct the facts', 'correctFacts')];
  if (undoChoices(state).length > 0) actions.push(step('Undo a recorded step', 'undo'));
  if (state.pathway === 'unplanned' && state.steps.parentsConsulted?.plannedReturnAgreed && !state.facts.returnedHomeOn && BEFORE_AGREEMENT.includes(state.stage)) {
    actions.push(step('Move to the planned pathway (R-UNPL-4)', 'plannedInstead'));
  }
  if (state.visits.length > 0 && state.visits.every((v) => v.doneOn) && !state.backInCare && !visitsLimitRefusal(state)) actions.push(step('Record an extra visit', 'visit', String(state.visits.length)));
  // The return broke down during the visits after the care episode ended (R-VISIT-1): the visits stop, the review closes the case.
  if (state.stage === 'episode-ended' && state.facts.returnedHomeOn && !state.backInCare) actions.push(step('Record that the child came back into care', 'backInCare'));
  actions.push(step('Hand the case over', 'handOver'));
  // The social worker asks; the team manager withdraws (R-SIGN-4). Both buttons show: the card is everyone's.
  if (pendingWithdrawalRequest(state)) {
    actions.push(step('Withdraw the case as asked (team manager)', 'withdraw'), step('Decline the withdrawal (team manager)', 'withdrawalDecline'));
  } else {
    actions.push(step('Withdraw the case (team manager)', 'withdraw'), step('Ask the team manager to withdraw', 'withdrawalRequest'));
  }
  return actions;
}
