/**
 * Bank holidays in England and Wales, computed for any year so the bot never needs a
 * downloaded calendar. The regular pattern is set by the Banking and Financial Dealings
 * Act 1971 and royal proclamations; the exceptions below are the days that were moved or
 * added by proclamation (checked against gov.uk/bank-holidays). The pattern is accurate
 * from 1978, the first year of the early May bank holiday.
 *
 * Days not yet proclaimed (a future jubilee, a state funeral) cannot be known in advance:
 * an organisation adds them with EXTRA_NON_WORKING_DAYS.
 */
import { CalendarDate, addDays, dayOfWeek, formatCalendarDate, parseCalendarDate } from './calendar-date';

export interface BankHoliday {
  date: CalendarDate;
  name: string;
}

const MONDAY = 1;
const SATURDAY = 6;
const SUNDAY = 0;

/** Regular days moved to another date by proclamation, by year. */
const EARLY_MAY_MOVED: Readonly<Record<number, CalendarDate>> = {
  1995: '1995-05-08', // VE Day 50th anniversary
  2020: '2020-05-08', // VE Day 75th anniversary (a Friday)
};

const SPRING_MOVED: Readonly<Record<number, CalendarDate>> = {
  2002: '2002-06-04', // Golden Jubilee
  2012: '2012-06-04', // Diamond Jubilee
  2022: '2022-06-02', // Platinum Jubilee (a Thursday)
};

/** Extra one-off bank holidays. */
const ONE_OFF: readonly BankHoliday[] = [
  { date: '1981-07-29', name: 'Royal wedding' },
  { date: '1999-12-31', name: 'Millennium celebrations' },
  { date: '2002-06-03', name: 'Golden Jubilee bank holiday' },
  { date: '2011-04-29', name: 'Royal wedding' },
  { date: '2012-06-05', name: 'Diamond Jubilee bank holiday' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', name: 'State funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Coronation of King Charles III' },
];

function date(year: number, month: number, day: number): CalendarDate {
  return formatCalendarDate({ year, month, day });
}

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return date(year, month, day);
}

function firstMondayOf(year: number, month: number): CalendarDate {
  const first = date(year, month, 1);
  return addDays(first, (MONDAY - dayOfWeek(first) + 7) % 7);
}

function lastMondayOf(year: number, month: number): CalendarDate {
  const firstOfNext = month === 12 ? date(year + 1, 1, 1) : date(year, month + 1, 1);
  const last = addDays(firstOfNext, -1);
  return addDays(last, -((dayOfWeek(last) - MONDAY + 7) % 7));
}

/** A weekend date moves to the following Monday. */
function weekdayOrNextMonday(day: CalendarDate): CalendarDate {
  const weekday = dayOfWeek(day);
  if (weekday === SATURDAY) return addDays(day, 2);
  if (weekday === SUNDAY) return addDays(day, 1);
  return day;
}

/**
 * Christmas Day and Boxing Day with their substitute days: when either falls at a weekend
 * the holiday moves to the next weekday not already a holiday (25 Dec on a Saturday gives
 * Monday 27 and Tuesday 28; on a Sunday, Boxing Day stays Monday 26 and Christmas moves to
 * Tuesday 27).
 */
function christmas(year: number): BankHoliday[] {
  const christmasDay = date(year, 12, 25);
  const weekday = dayOfWeek(christmasDay);
  if (weekday === SATURDAY) {
    return [
      { date: date(year, 12, 27), name: 'Christmas Day (substitute day)' },
      { date: date(year, 12, 28), name: 'Boxing Day (substitute day)' },
    ];
  }
  if (weekday === SUNDAY) {
    return [
      { date: date(year, 12, 26), name: 'Boxing Day' },
      { date: date(year, 12, 27), name: 'Christmas Day (substitute day)' },
    ];
  }
  if (weekday === 5) {
    return [
      { date: christmasDay, name: 'Christmas Day' },
      { date: date(year, 12, 28), name: 'Boxing Day (substitute day)' },
    ];
  }
  return [
    { date: christmasDay, name: 'Christmas Day' },
    { date: date(year, 12, 26), name: 'Boxing Day' },
  ];
}

function computeBankHolidays(year: number): readonly BankHoliday[] {
  const newYear = date(year, 1, 1);
  const newYearObserved = weekdayOrNextMonday(newYear);
  const easter = easterSunday(year);
  const holidays: BankHoliday[] = [
    { date: newYearObserved, name: newYearObserved === newYear ? "New Year's Day" : "New Year's Day (substitute day)" },
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: EARLY_MAY_MOVED[year] ?? firstMondayOf(year, 5), name: 'Early May bank holiday' },
    { date: SPRING_MOVED[year] ?? lastMondayOf(year, 5), name: 'Spring bank holiday' },
    { date: lastMondayOf(year, 8), name: 'Summer bank holiday' },
    ...christmas(year),
    ...ONE_OFF.filter((holiday) => holiday.date.startsWith(`${String(year).padStart(4, '0')}-`)),
  ];
  return Object.freeze(holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)));
}

// Years are few and the computation deterministic, so a cache keeps isWorkingDay cheap in loops.
const cache = new Map<number, readonly BankHoliday[]>();

/** The bank holidays of one year, in date order. */
export function bankHolidaysIn(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
  let holidays = cache.get(year);
  if (!holidays) {
    holidays = computeBankHolidays(year);
    cache.set(year, holidays);
  }
  return holidays;
}

export function isBankHoliday(day: CalendarDate): boolean {
  const parts = parseCalendarDate(day);
  if (!parts) throw new RangeError(`not a calendar date: ${JSON.stringify(day)}`);
  return bankHolidaysIn(parts.year).some((holiday) => holiday.date === day);
}
