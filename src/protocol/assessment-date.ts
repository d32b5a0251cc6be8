/**
 * The last Child & Family assessment cannot have been completed after today. The ruling contract
 * does not forbid it (it compares dates only), but a typed-ahead year would make the assessment
 * look recent and allow the short form (R-ASSESS-3), so the forms refuse it.
 */
import { isAfter, type CalendarDate } from './calendar-date';

export function lastAssessmentProblem(lastAssessmentCompletedOn: CalendarDate | null, today: CalendarDate): string | null {
  if (lastAssessmentCompletedOn === null || !isAfter(lastAssessmentCompletedOn, today)) return null;
  return 'The last assessment cannot have been completed after today: check the date (R-ASSESS-3).';
}
