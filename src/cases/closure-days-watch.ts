/**
 * A bot left running for months never saw its start-up warning again: the day EXTRA_NON_WORKING_DAYS
 * ran out (its last closure day passed) went by without a word, and the next shutdown was counted as
 * working days. The running scheduler asks this on each tick; it warns once each organisation day,
 * from the first day after start-up on which the list has run out (start-up said it for that day).
 */
import { closureDaysRunOut } from '../config/closure-day-warnings';
import type { CalendarDate } from '../protocol/calendar-date';
import { calendarDateIn } from './org-time';

export class ClosureDaysWatch {
  private checkedOn: CalendarDate;

  constructor(
    private readonly deps: {
      days: readonly CalendarDate[];
      timeZone: string;
      /** The bot's start: that day's warning is the start-up one. */
      startedAt: Date;
      warn: (line: string) => void;
    },
  ) {
    this.checkedOn = calendarDateIn(deps.startedAt, deps.timeZone);
  }

  check(now: Date): void {
    const today = calendarDateIn(now, this.deps.timeZone);
    if (today <= this.checkedOn) return;
    this.checkedOn = today;
    const warning = closureDaysRunOut(this.deps.days, today);
    if (warning) this.deps.warn(warning);
  }
}
