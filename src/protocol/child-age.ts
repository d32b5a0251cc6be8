/**
 * A plausible date of birth (L10): section 20 accommodates children, so the child is under 18 on
 * the date accommodated, and born on or before it. Checked where a case is opened or its facts
 * corrected, not in the ruling's facts contract (which rules on any dates it is given). The
 * message never repeats the date of birth.
 */
import { completedYears, isAfter, type CalendarDate } from './calendar-date';

/** Children Act 1989 s.105: a child is a person under 18. */
export const ADULT_AGE = 18;

export const DATE_OF_BIRTH_AFTER_ACCOMMODATION = 'The date of birth must be on or before the date accommodated. Check both dates.';
export const ADULT_WHEN_ACCOMMODATED = 'With this date of birth the child was 18 or older when accommodated, and section 20 accommodation is for children under 18. Check the date of birth.';

export function dateOfBirthProblem(dateOfBirth: CalendarDate, accommodatedOn: CalendarDate): string | null {
  if (isAfter(dateOfBirth, accommodatedOn)) return DATE_OF_BIRTH_AFTER_ACCOMMODATION;
  if (completedYears(dateOfBirth, accommodatedOn) >= ADULT_AGE) return ADULT_WHEN_ACCOMMODATED;
  return null;
}
