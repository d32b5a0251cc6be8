/**
 * Working days: Monday to Friday, not a bank holiday in England and Wales, and not one of
 * the organisation's own closure days (EXTRA_NON_WORKING_DAYS, e.g. a council's Christmas
 * shutdown). Approval reminders and escalations are counted in these days.
 */
import { isBankHoliday } from './bank-holidays';
import { CalendarDate, addDays, compareDates, dayOfWeek } from './calendar-date';

/** The organisation's closure days; a list or a prebuilt set (cheaper in loops). */
export type ExtraNonWorkingDays = readonly CalendarDate[] | ReadonlySet<CalendarDate>;

const NONE: ReadonlySet<CalendarDate> = new Set();

function asSet(extra: ExtraNonWorkingDays): ReadonlySet<CalendarDate> {
  return extra instanceof Set ? extra : new Set(extra as readonly CalendarDate[]);
}

function isWorking(day: CalendarDate, extra: ReadonlySet<CalendarDate>): boolean {
  const weekday = dayOfWeek(day);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(day) && !extra.has(day);
}

export function isWorkingDay(day: CalendarDate, extraNonWorkingDays: ExtraNonWorkingDays = NONE): boolean {
  return isWorking(day, asSet(extraNonWorkingDays));
}

/**
 * The n-th working day after `day` (n > 0), or before it (n < 0), never counting `day`
 * itself: Friday + 1 is the next Monday. With n = 0, `day` itself if it is a working day,
 * else the next working day — so the result is always a working day.
 */
export function addWorkingDays(day: CalendarDate, n: number, extraNonWorkingDays: ExtraNonWorkingDays = NONE): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  const extra = asSet(extraNonWorkingDays);
  if (n === 0) {
    let result = day;
    while (!isWorking(result, extra)) result = addDays(result, 1);
    return result;
  }
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let result = day;
  while (remaining > 0) {
    result = addDays(result, step);
    if (isWorking(result, extra)) remaining -= 1;
  }
  return result;
}

/**
 * Working days from `from` to `to`, counted the way addWorkingDays counts them, so that
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n` for any n ≠ 0 (Monday → Wednesday
 * is 2; Friday → Monday is 1). Forwards it counts the working days after `from` up to and
 * including `to`; backwards (`to` earlier) it counts, as a negative number, the working
 * days from `to` up to but not including `from`.
 */
export function workingDaysBetween(from: CalendarDate, to: CalendarDate, extraNonWorkingDays: ExtraNonWorkingDays = NONE): number {
  const extra = asSet(extraNonWorkingDays);
  const order = compareDates(from, to);
  if (order === 0) return 0;
  // Forwards: (from, to]. Backwards: [to, from).
  const [first, last, sign] = order < 0 ? [addDays(from, 1), to, 1] : [to, addDays(from, -1), -1];
  let count = 0;
  for (let day = first; compareDates(day, last) <= 0; day = addDays(day, 1)) {
    if (isWorking(day, extra)) count += 1;
  }
  return sign * count;
}
