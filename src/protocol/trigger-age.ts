/**
 * Options that cannot apply to the child's age are refused with the rule: "a young person aged 16
 * or 17 wants to go home or has left" is a trigger for 16 and 17 year olds only (R-UNPL-1, R-SIGN-1).
 */
import { completedYears, type CalendarDate } from './calendar-date';
import type { UnplannedTrigger } from './case-state';
import { refuse, type Refusal } from './refusal';

export function triggerAgeProblem(trigger: UnplannedTrigger | null, dateOfBirth: CalendarDate, on: CalendarDate): Refusal | null {
  if (trigger !== 'young-person-left') return null;
  const age = completedYears(dateOfBirth, on);
  if (age === 16 || age === 17) return null;
  return refuse('OUT_OF_ORDER', 'R-UNPL-1', 'That reason is for a young person aged 16 or 17, and this child is not 16 or 17. Choose another reason.');
}
