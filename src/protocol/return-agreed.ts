/**
 * The Head of Service's written agreement to the return home (R-SIGN-4) is the line between the two
 * pathways' ways home: before it the pathway may change (R-SCOPE-3, R-UNPL-4) and a planned return's
 * child is not yet expected home; from it the return is agreed, and a child who goes home sooner than
 * planned goes home on that agreement (the Director's authorisation, if it still waits, is then
 * retrospective, R-SIGN-5). The words for both refusals, in one place.
 */
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';
import { dateText, type CalendarDate } from './calendar-date';

/** A change of pathway once the return home is agreed, or after a not-viable decision. */
export function pathwayFixed(state: CaseState): Refusal {
  if (state.stage === 'not-viable') return refuse('OUT_OF_ORDER', 'R-UNPL-8', 'The return home was assessed as not viable, so the pathway can no longer change (R-UNPL-8).');
  const agreed = 'The Head of Service has already agreed the return home, so the pathway can no longer change (R-SIGN-4).';
  if (state.facts.returnedHomeOn) return refuse('OUT_OF_ORDER', 'R-SIGN-4', agreed);
  const when = state.pathway === 'planned' ? 'If the child goes home sooner than planned, record' : 'When the child goes home, record';
  const director = state.stage === 'awaiting-director' ? " The Director's authorisation still waits: given after the child has gone home, it is retrospective (R-SIGN-5)." : '';
  return refuse('OUT_OF_ORDER', 'R-SIGN-4', `${agreed} ${when} the return home from the case card: the visits follow from that day (R-VISIT-1).${director}`);
}

/** "Record the return home" on a planned return the Head of Service has not agreed yet. */
export function plannedReturnNotAgreed(): Refusal {
  return refuse(
    'RETURN_NOT_AGREED',
    'R-SCOPE-3',
    'On a planned return the child goes home once the Head of Service has agreed the return (R-SIGN-4), and this one has not been agreed yet. If the child has gone home already, the return is unplanned: press "Move to the unplanned pathway" on the case card and choose what happened, then record the return home (R-SCOPE-3).',
  );
}

/**
 * A planned case opened with the child already home: a planned return is agreed before the child
 * goes home (R-SIGN-4), so a child home first returned in an unplanned way (R-SCOPE-3), as a move to
 * the planned pathway and "Record the return home" before the agreement already say.
 */
export function alreadyHomeNotPlanned(homeOn: CalendarDate): Refusal {
  return refuse(
    'RETURN_NOT_AGREED',
    'R-SCOPE-3',
    `The child went home on ${dateText(homeOn)}, and a planned return is agreed by the Head of Service before the child goes home (R-SIGN-4): a child already home returned in an unplanned way. Choose "Unplanned return home" and what started it, and the assessment and sign-off follow as for any child already home (R-SIGN-5); or, if the child is not home yet, leave the return date empty. Nothing was saved.`,
  );
}
