/**
 * R-SIGN-5: the Director's agreement given after the child went home is retrospective. A return
 * home recorded only after the Director authorised, but dated before that day, shows the
 * authorisation was retrospective after all. The decision stays as it was given (what the Director
 * knew then); a note beside it says who recorded the return and when, and every record of the
 * authorisation reads the two together. A correction of the return date keeps the note true.
 */
import { dateText, isAfter } from './calendar-date';
import type { Actor } from './case-people';
import type { Now } from './case-policy';
import type { Approval, CaseState } from './case-state';
import type { Effect } from './case-effects';
import { dateOf, notify, personText, role, stepBy } from './transition';

/** The Director's authorisation standing (given, approved, not withdrawn), if any. */
function authorisation(state: CaseState): Approval | undefined {
  return [...state.approvals].reverse().find((a) => a.stage === 'director' && !a.cancelledAt && a.decision?.outcome === 'approve');
}

/**
 * After the return date is recorded or corrected: notes the authorisation as found retrospective
 * when the child went home before the day it was given, or drops a note no longer true. Returns the
 * words for the audit trail's action ('' when nothing changed), and the Director's notice when it is
 * newly found so: they gave it, and are the one to know it now reads as retrospective (R-SIGN-5).
 */
export function noteRetrospective(state: CaseState, actor: Actor, now: Now): { words: string; effects: Effect[] } {
  const approval = authorisation(state);
  const before = approval?.foundRetrospective;
  const words = foundOrDropped(state, actor, now);
  const found = approval?.foundRetrospective;
  if (before || !found || !approval.decision) return { words, effects: [] };
  const data = { ref: state.ref, by: personText(actor, actor.onBehalfOf), homeOn: found.homeOn, authorisedOn: dateOf(approval.decision) };
  return { words, effects: [notify('authorisation-found-retrospective', role('director'), ['R-SIGN-5'], data)] };
}

function foundOrDropped(state: CaseState, actor: Actor, now: Now): string {
  const approval = authorisation(state);
  const d = approval?.decision;
  const home = state.facts.returnedHomeOn;
  if (!approval || !d || d.retrospective) return '';
  const before = home !== null && isAfter(dateOf(d), home);
  if (before && !approval.foundRetrospective) {
    approval.foundRetrospective = { ...stepBy(actor, now), homeOn: home };
    return `; the Director's authorisation of ${dateText(dateOf(d))} came after that day, so it is retrospective (R-SIGN-5)`;
  }
  if (before && approval.foundRetrospective && approval.foundRetrospective.homeOn !== home) {
    approval.foundRetrospective = { ...stepBy(actor, now), homeOn: home };
    return '';
  }
  if (!before && approval.foundRetrospective) {
    delete approval.foundRetrospective;
    return `; the Director's authorisation of ${dateText(dateOf(d))} no longer came after the return home, so it is not retrospective (R-SIGN-5)`;
  }
  return '';
}

/** Whether a decision counts as retrospective: given so, or found so later. */
export function isRetrospective(approval: Approval): boolean {
  return Boolean(approval.decision?.retrospective || approval.foundRetrospective);
}

/** The words after a decision's outcome: " (retrospective, R-SIGN-5)", with when it was found so if later; or ''. */
export function retrospectiveWords(approval: Approval): string {
  const found = approval.foundRetrospective;
  if (approval.decision?.retrospective || !found) return approval.decision?.retrospective ? ' (retrospective, R-SIGN-5)' : '';
  return ` (retrospective, R-SIGN-5: the child went home on ${dateText(found.homeOn)}, before it; that return was recorded on ${dateText(dateOf(found))} by ${personText(found.by, found.onBehalfOf)})`;
}
