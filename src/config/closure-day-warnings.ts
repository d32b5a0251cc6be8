/**
 * EXTRA_NON_WORKING_DAYS is a list the operator keeps by hand (a council's Christmas shutdown), unlike
 * bank holidays, which are computed for any year: once its last day has passed, the next shutdown is
 * counted as working days without a word, so reminders and escalations fall days early. Said at
 * start-up, with days that could not have been meant (a weekend or a bank holiday already); a bot
 * that runs for months also says it each day from the day the list runs out (closure-days-watch.ts).
 */
import { bankHolidaysIn } from '../protocol/bank-holidays';
import { compareDates, dateText, dayOfWeek, parseCalendarDate, type CalendarDate } from '../protocol/calendar-date';

function notWorkingAnyway(day: CalendarDate): string | undefined {
  const weekday = dayOfWeek(day);
  if (weekday === 0 || weekday === 6) return `${dateText(day)} (a weekend)`;
  const holiday = bankHolidaysIn(parseCalendarDate(day)!.year).find((h) => h.date === day);
  return holiday ? `${dateText(day)} (${holiday.name}, a bank holiday)` : undefined;
}

/** The warning that the list has run out (its last day is before `today`), or undefined while a listed day is still to come. */
export function closureDaysRunOut(days: readonly CalendarDate[], today: CalendarDate): string | undefined {
  if (days.length === 0) return undefined;
  const last = days.reduce((a, b) => (compareDates(a, b) >= 0 ? a : b));
  if (compareDates(last, today) >= 0) return undefined;
  return (
    `EXTRA_NON_WORKING_DAYS lists no day after today: the last is ${dateText(last)}, so from now on every weekday but a bank holiday counts as a working day for reminders and escalations, your next closure days included. ` +
    'Add your coming closure days (YYYY-MM-DD, comma-separated) and restart the bot'
  );
}

/** The warnings about the closure days as configured, on `today` in the organisation's time zone. */
export function closureDayWarnings(days: readonly CalendarDate[], today: CalendarDate): string[] {
  if (days.length === 0) return [];
  const warnings: string[] = [];
  const runOut = closureDaysRunOut(days, today);
  if (runOut) warnings.push(runOut);
  const ignored = [...new Set(days)].flatMap((day) => notWorkingAnyway(day) ?? []);
  if (ignored.length > 0) {
    warnings.push(
      `EXTRA_NON_WORKING_DAYS lists ${ignored.join(', ')}, which ${ignored.length === 1 ? 'is not a working day' : 'are not working days'} anyway, so ${ignored.length === 1 ? 'it changes' : 'they change'} nothing. ` +
        'Check the date is the one you meant (the year, the month); bank holidays in England and Wales need not be listed',
    );
  }
  return warnings;
}
