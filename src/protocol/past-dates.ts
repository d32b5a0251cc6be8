/**
 * Dates of what has already happened (a visit, a letter finished, the day the carers were told):
 * refused after the organisation's today, whatever sends them. Each event declares its own
 * (`pastDates` in event-declarations.ts); the machine refuses them here, and the forms' date
 * pickers end at today from the same declaration, so a date the server would refuse cannot be picked.
 */
import { dateText, isAfter, isCalendarDate, type CalendarDate } from './calendar-date';
import { refuse, type Refusal } from './refusal';
import type { RuleId } from './rule-catalogue';

export interface PastDate {
  /** The date as a refusal names it: "visit date", "date they were told". */
  words: string;
  /** When it differs from the event's own rule (the 16-week horizon runs from the start of the work). */
  rule?: RuleId;
}

export type PastDates<E> = { readonly [K in keyof E]?: PastDate };

/** The first date of `event` listed in `pastDates` that is after today, refused; null when none is. */
export function futureDateRefusal<E extends object>(event: E, pastDates: PastDates<E> | undefined, today: CalendarDate, rule: RuleId | null): Refusal | null {
  for (const [field, past] of Object.entries(pastDates ?? {}) as [keyof E & string, PastDate][]) {
    const date = (event as Record<string, unknown>)[field];
    // Not yet a date (a form's dry run before anything is typed): the handler's own checks come first.
    if (typeof date === 'string' && isCalendarDate(date) && isAfter(date, today)) {
      return refuse('INVALID_DATE', past.rule ?? rule, `The ${past.words} (${dateText(date)}) is in the future. Record it on or after the day it happens.`);
    }
  }
  return null;
}

/** The last day a date field of this event may be: today when it is a past date, or null (no limit). */
export function latestDayFor<E extends object>(pastDates: PastDates<E> | undefined, field: string, today: CalendarDate): CalendarDate | null {
  return pastDates && Object.prototype.hasOwnProperty.call(pastDates, field) ? today : null;
}
