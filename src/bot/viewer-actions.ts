/**
 * A case card's buttons for the person looking at it: only the steps and decisions they may take,
 * as src/cases/who-may-act.ts says (the IRO does not see the social worker's steps; the Director
 * sees their authorisation, not the visits). Buttons this file does not know are left as they are.
 */
import type { EventInput } from '../cases/case-service';
import type { CaseState } from '../protocol';
import type { CaseCardData } from './card-builder';
import { isStepId, stepFor } from './case-steps';

type CardAction = CaseCardData['actions'][number];

/** The event a button leads to (its form's values do not change which event it is). */
function eventOf(action: CardAction, state: CaseState): EventInput | undefined {
  if (action.verb === 'showApproval') return { type: 'DecisionGiven', approvalId: action.approvalId, outcome: 'approve', comment: null };
  if (action.verb === 'openStep' && isStepId(action.step)) return stepFor(action.step, state).toEvent({}, Number(action.index) || 0);
  return undefined;
}

/**
 * Whether the person looking may have this button. `mayTake` says who may send an event; `asker`:
 * the viewer is the case's social worker, who asked for the decision and may open the request to
 * read it (its buttons refuse them; a refresh shows them its status), though not decide it.
 */
export function viewerMayUse(action: CardAction, state: CaseState, mayTake: (event: EventInput) => boolean, asker = false): boolean {
  if (action.verb === 'showApproval' && asker) return true;
  const event = eventOf(action, state);
  return event === undefined || mayTake(event);
}
