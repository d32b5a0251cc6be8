/**
 * R-UNPL-4: when the parents agree a planned return instead, the unplanned case moves to the
 * planned pathway: the same case, the move recorded, as planned → unplanned moves under R-SCOPE-3.
 * Requests waiting are withdrawn: the planned steps (R-PLAN-1..6) come before the assessment.
 */
import type { Effect } from './case-effects';
import type { CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import type { PathwayChangedToPlanned } from './lifecycle-events';
import { tellApproversOfMove, withdrawRequestsOnMove } from './pathway-move-requests';
import { refuse } from './refusal';
import { iroRecipient, notify, ok, role, TransitionResult } from './transition';

export function changeToPlanned(state: CaseState, event: PathwayChangedToPlanned, now: Now, policy: CasePolicy): TransitionResult {
  if (state.pathway === 'planned') return { ok: false, refusal: refuse('ALREADY_DONE', 'R-UNPL-4', 'This case is already on the planned pathway.') };
  if (state.facts.returnedHomeOn) {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-4', 'The child is already home, so the return stays unplanned: a planned return is agreed before the child goes home.') };
  }
  if (!state.steps.parentsConsulted?.plannedReturnAgreed) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-4', "Record the parents' views with a planned return agreed first; then the case can move to the planned pathway.") };
  }
  const reason = event.reason.trim();
  const effects: Effect[] = [];
  const waitingFor = withdrawRequestsOnMove(state, now, effects, 'the case moved to the planned pathway (R-UNPL-4)');
  state.pathwayChanges.push({ from: 'unplanned', to: 'planned', trigger: state.trigger, at: now.at, by: { id: event.actor.id, name: event.actor.name }, ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}), ...(reason ? { reason } : {}) });
  state.pathway = 'planned';
  state.trigger = null;
  state.stage = state.assessment ? 'revising' : 'preparing';
  const data = { ref: state.ref, to: 'planned', reason };
  effects.push(notify('pathway-changed', iroRecipient(state), ['R-UNPL-4', 'R-UNPL-3'], data), notify('pathway-changed', role('team-manager'), ['R-UNPL-4'], data), ...tellApproversOfMove(waitingFor, ['R-UNPL-4'], data));
  return ok(state, effects, `Moved from the unplanned to the planned pathway: the parents agreed a planned return (R-UNPL-4)${reason ? ` ("${reason}")` : ''}`, now, policy);
}
