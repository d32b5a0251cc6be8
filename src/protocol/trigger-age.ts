/**
 * Options that cannot apply to the child's age are refused with the rule: "a young person aged 16
 * or 17 wants to go home or has left" is a trigger for 16 and 17 year olds only (R-UNPL-1, R-SIGN-1).
 * Their age is taken on the day they went home, as the ruling takes it (its end date): a young
 * person who left at 17 and has turned 18 since still left at 17, and one who left at 15 did not.
 */
import { completedYears, dateText, isAfter, type CalendarDate } from './calendar-date';
import type { UnplannedTrigger } from './case-state';
import { refuse, type Refusal } from './refusal';

export function triggerAgeProblem(trigger: UnplannedTrigger | null, dateOfBirth: CalendarDate, returnedHomeOn: CalendarDate | null, today: CalendarDate): Refusal | null {
  if (trigger !== 'young-person-left') return null;
  const age = completedYears(dateOfBirth, returnedHomeOn ?? today);
  if (age === 16 || age === 17) return null;
  const when = returnedHomeOn === null ? 'is not 16 or 17' : `${isAfter(returnedHomeOn, today) ? 'will not be' : 'was not'} 16 or 17 on the day they ${isAfter(returnedHomeOn, today) ? 'go' : 'went'} home (${dateText(returnedHomeOn)})`;
  return refuse('OUT_OF_ORDER', 'R-UNPL-1', `That reason is for a young person aged 16 or 17, and this child ${when}. Choose another reason.`);
}
