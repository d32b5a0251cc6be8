/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, in the organisation's time zone.
 * Pure arithmetic on (year, month, day): no clock and no time zone, so a ruling
 * never shifts by a day because of where the server runs.
 */
import { APP_NAME } from './app-name';

export type CalendarDate = string & { readonly __calendarDate?: never };

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month - 1] ?? 0;
}

/** Earliest year accepted as input: earlier years are taken to be typing mistakes. */
const EARLIEST_INPUT_YEAR = 1900;

const DASH = 0x2d;
const ZERO = 0x30;

/** The number the `length` ASCII digits at `from` spell, or -1 if any is not one. */
function digitsAt(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Any real YYYY-MM-DD date, whatever its year: arithmetic must work on dates it derives itself. */
function parseIsoDate(text: string): DateParts | undefined {
  // YYYY-MM-DD read digit by digit (no regular expression's match array and substrings): the protocol
  // and the cards read dates many times a click.
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** The parts of a well-formed, real calendar date from 1900 on; undefined for "2026-02-30" or "2026-2-1". */
export function parseCalendarDate(text: string): DateParts | undefined {
  const parts = parseIsoDate(text);
  return parts && parts.year >= EARLIEST_INPUT_YEAR ? parts : undefined;
}

/**
 * What is wrong with a date a person gave, in words naming it ("29 February 2026 does not exist: 2026
 * is not a leap year"), ending with what to do; undefined for a real date from 1900 on. A date picker
 * sends YYYY-MM-DD, but a year typed short ("26") arrives as the year 26.
 */
export function dateProblem(text: string): string | undefined {
  if (isCalendarDate(text)) return undefined;
  const again = 'Choose the date again from the calendar.';
  const shape = typeof text === 'string' && text.length === 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH;
  const [year, month, day] = shape ? [digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2)] : [-1, -1, -1];
  if (year < 0 || month < 0 || day < 0) return `This is not a date ${APP_NAME} can read. ${again}`;
  if (year < 100) return `The year ${year} is not a full year: write it with four digits (such as 2026). ${again}`;
  if (year < EARLIEST_INPUT_YEAR) return `The year ${year} is too early: check the year. ${again}`;
  if (month < 1 || month > 12) return `There is no month ${month} in a year. ${again}`;
  if (day < 1) return `There is no day 0 in a month. ${again}`;
  const monthName = MONTH_NAMES[month - 1]!;
  if (month === 2 && day === 29) return `29 February ${year} does not exist: ${year} is not a leap year. ${again}`;
  return `${day} ${monthName} does not exist: ${monthName} has ${daysInMonth(year, month)} days. ${again}`;
}

export function isCalendarDate(text: string): text is CalendarDate {
  return parseCalendarDate(text) !== undefined;
}

// Not parseCalendarDate: "3 months before 20 Jan 1900" is 1899 and must still compare.
function partsOf(date: CalendarDate): DateParts {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return parts;
}

export function formatCalendarDate({ year, month, day }: DateParts): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian), computed without Date so it is exact and zone-free. */
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = partsOf(date);
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatCalendarDate({ year, month, day });
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (1 Jan → 21 Jan is 20). Negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Calendar-month arithmetic that clamps to the month's last day:
 * 30 Nov + 3 months = 28 Feb (29 Feb in a leap year); 31 May − 3 months = 28/29 Feb.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = partsOf(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (((index % 12) + 12) % 12) + 1;
  return formatCalendarDate({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

export function isAfter(a: CalendarDate, b: CalendarDate): boolean {
  return compareDates(a, b) > 0;
}

export function isOnOrAfter(a: CalendarDate, b: CalendarDate): boolean {
  return compareDates(a, b) >= 0;
}

/**
 * Completed years of age on `on`. A child born on 29 February completes a year on
 * 1 March in a non-leap year (the usual reading in England and Wales).
 */
export function completedYears(dateOfBirth: CalendarDate, on: CalendarDate): number {
  const birth = partsOf(dateOfBirth);
  const day = partsOf(on);
  const beforeBirthday = day.month < birth.month || (day.month === birth.month && day.day < birth.day);
  return day.year - birth.year - (beforeBirthday ? 1 : 0);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

// Dates as people read them: fixed English names, so the words never depend on the server's locale,
// ICU version or time zone (Intl's en-GB writes "Wed, 2 Sept 2026"; plain UK English here is "Wed 2 Sep 2026").
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * "Wed 2 Dec 2026": how a date is shown to people on cards, in messages and in refusals (the day's
 * short name, the day without a leading zero, the short month, the year). Anything that is not a
 * YYYY-MM-DD date is returned as it is: words for people never throw.
 */
export function dateText(date: CalendarDate): string {
  const parts = parseIsoDate(date);
  if (!parts) return date;
  const weekday = WEEKDAY_NAMES[dayOfWeek(date)]!.slice(0, 3);
  return `${weekday} ${parts.day} ${MONTH_NAMES[parts.month - 1]!.slice(0, 3)} ${parts.year}`;
}

/** "2 December 2026": the long form, for writing to a child (the letter); anything else is returned as it is. */
export function dateInWords(date: CalendarDate): string {
  const parts = parseIsoDate(date);
  return parts ? `${parts.day} ${MONTH_NAMES[parts.month - 1]!} ${parts.year}` : date;
}

/**
 * A sentence with every real YYYY-MM-DD date in it written as dateText. For sentences that are kept
 * as written with ISO dates (the audit trail's action, the facts contract's messages) when a person
 * is shown them; only for sentences that hold no free text, which could hold a date-like reference.
 */
export function datesAsText(sentence: string): string {
  return sentence.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => dateText(date));
}
