import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareDates,
  completedYears,
  dateInWords,
  dateProblem,
  datesAsText,
  dateText,
  daysBetween,
  daysInMonth,
  dayOfWeek,
  formatCalendarDate,
  fromDayNumber,
  isAfter,
  isCalendarDate,
  isLeapYear,
  isOnOrAfter,
  parseCalendarDate,
  toDayNumber,
} from '../../src/protocol/calendar-date';

const DAY_MS = 86_400_000;

/** JavaScript's own calendar, used as an independent oracle (UTC, so no zone shifts). */
function utcDayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function utcDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Year, month and day of a YYYY-MM-DD string, any year (parseCalendarDate refuses years before 1900). */
function partsOfText(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  assert.ok(year !== undefined && month !== undefined && day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date), `not YYYY-MM-DD: ${date}`);
  return { year, month, day };
}

const FIRST_DAY = utcDayNumber(1900, 1, 1);
const LAST_DAY = utcDayNumber(2200, 12, 31);

/** Any real date from 1900 to 2200, built by the oracle so the generator does not trust the code under test. */
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(utcDate);

/** Dates from 29 February to the 31st, where month arithmetic has to clamp. */
const monthEndDate = fc
  .record({ year: fc.integer({ min: 1900, max: 2200 }), month: fc.integer({ min: 1, max: 12 }), fromEnd: fc.integer({ min: 0, max: 3 }) })
  .map(({ year, month, fromEnd }) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return formatCalendarDate({ year, month, day: last - fromEnd });
  });

describe('calendar-date', () => {
  describe('isLeapYear and daysInMonth', () => {
    it('follows the Gregorian century rule', () => {
      assert.equal(isLeapYear(2024), true);
      assert.equal(isLeapYear(2025), false);
      assert.equal(isLeapYear(2026), false);
      assert.equal(isLeapYear(1900), false);
      assert.equal(isLeapYear(2000), true);
      assert.equal(isLeapYear(2100), false);
    });

    it('gives February 28 or 29 days and the other months their fixed lengths', () => {
      assert.equal(daysInMonth(2026, 2), 28);
      assert.equal(daysInMonth(2024, 2), 29);
      assert.equal(daysInMonth(2100, 2), 28);
      assert.deepEqual(
        [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2026, month)),
        [31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
      );
    });
  });

  describe('parseCalendarDate / isCalendarDate', () => {
    it('reads a well-formed real date into its parts', () => {
      assert.deepEqual(parseCalendarDate('2026-03-01'), { year: 2026, month: 3, day: 1 });
      assert.deepEqual(parseCalendarDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
      assert.deepEqual(parseCalendarDate('1900-01-01'), { year: 1900, month: 1, day: 1 });
      assert.deepEqual(parseCalendarDate('2026-12-31'), { year: 2026, month: 12, day: 31 });
    });

    const refused: Array<[string, string]> = [
      ['2026-3-1', 'unpadded month and day'],
      ['01/03/2026', 'UK-style slashes'],
      ['2026/03/01', 'slashes'],
      ['20260301', 'no dashes'],
      ['2026-03-01T00:00:00Z', 'a timestamp'],
      [' 2026-03-01', 'leading space'],
      ['2026-03-01 ', 'trailing space'],
      ['+2026-03-01', 'signed year'],
      ['', 'empty'],
      ['2026-02-30', '30 February'],
      ['2025-02-29', '29 February in a non-leap year'],
      ['1900-02-29', '29 February 1900 (not a leap year)'],
      ['2026-04-31', '31 April'],
      ['2026-13-01', 'month 13'],
      ['2026-00-10', 'month 0'],
      ['2026-01-00', 'day 0'],
      ['2026-01-32', 'day 32'],
      ['1899-12-31', 'before 1900 (taken as a typing mistake)'],
      ['٢٠٢٦-٠٣-٠١', 'non-ASCII digits'],
    ];
    for (const [text, why] of refused) {
      it(`refuses ${JSON.stringify(text)} (${why})`, () => {
        assert.equal(parseCalendarDate(text), undefined);
        assert.equal(isCalendarDate(text), false);
      });
    }

    it('dateProblem: names what is wrong with each refused date, in words, and what to do; nothing for a real date', () => {
      const again = ' Choose the date again from the calendar.';
      assert.equal(dateProblem('2024-02-29'), undefined);
      assert.equal(dateProblem('2025-02-29'), `29 February 2025 does not exist: 2025 is not a leap year.${again}`);
      assert.equal(dateProblem('1900-02-29'), `29 February 1900 does not exist: 1900 is not a leap year.${again}`);
      assert.equal(dateProblem('2026-02-30'), `30 February does not exist: February has 28 days.${again}`);
      assert.equal(dateProblem('2026-04-31'), `31 April does not exist: April has 30 days.${again}`);
      assert.equal(dateProblem('2026-13-01'), `There is no month 13 in a year.${again}`);
      assert.equal(dateProblem('2026-01-00'), `There is no day 0 in a month.${again}`);
      assert.equal(dateProblem('0026-03-01'), `The year 26 is not a full year: write it with four digits (such as 2026).${again}`);
      assert.equal(dateProblem('1899-12-31'), `The year 1899 is too early: check the year.${again}`);
      assert.equal(dateProblem('01/03/2026'), `This is not a date the Return home app can read.${again}`);
      for (const [text] of refused) assert.ok(dateProblem(text), text);
    });
  });

  describe('formatCalendarDate', () => {
    it('pads year, month and day', () => {
      assert.equal(formatCalendarDate({ year: 2026, month: 3, day: 1 }), '2026-03-01');
      assert.equal(formatCalendarDate({ year: 999, month: 12, day: 31 }), '0999-12-31');
    });
  });

  describe('toDayNumber / fromDayNumber', () => {
    it('counts days from 1970-01-01', () => {
      assert.equal(toDayNumber('1970-01-01'), 0);
      assert.equal(toDayNumber('1969-12-31'), -1);
      assert.equal(toDayNumber('1970-03-01'), 59);
      assert.equal(toDayNumber('2000-03-01'), 11017);
      assert.equal(fromDayNumber(0), '1970-01-01');
      assert.equal(fromDayNumber(-1), '1969-12-31');
      assert.equal(fromDayNumber(11016), '2000-02-29');
    });

    it('refuses text that is not a date rather than guessing', () => {
      assert.throws(() => toDayNumber('2026-02-30'), RangeError);
      assert.throws(() => toDayNumber('01/03/2026'), RangeError);
    });

    it('still works on dates before 1900 that arithmetic derives (3 months before January 1900)', () => {
      assert.equal(addMonths('1900-01-20', -3), '1899-10-20');
      assert.equal(toDayNumber('1899-10-20'), utcDayNumber(1899, 10, 20));
      assert.equal(isOnOrAfter('1900-01-01', '1899-10-20'), true);
    });

    it('agrees with Date.UTC for every date 1900–2200 (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (n) => {
          const date = fromDayNumber(n);
          assert.equal(date, utcDate(n));
          assert.equal(toDayNumber(date), n);
          const parts = parseCalendarDate(date);
          assert.ok(parts);
          assert.equal(toDayNumber(date), utcDayNumber(parts.year, parts.month, parts.day));
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('addDays / daysBetween', () => {
    it('counts whole days: 1 Jan → 21 Jan is 20', () => {
      assert.equal(daysBetween('2026-01-01', '2026-01-21'), 20);
      assert.equal(daysBetween('2026-01-21', '2026-01-01'), -20);
      assert.equal(daysBetween('2026-01-01', '2026-01-01'), 0);
    });

    it('crosses month, year and leap-day boundaries', () => {
      assert.equal(addDays('2024-02-28', 1), '2024-02-29');
      assert.equal(addDays('2025-02-28', 1), '2025-03-01');
      assert.equal(addDays('2025-12-31', 1), '2026-01-01');
      assert.equal(addDays('2026-01-01', -1), '2025-12-31');
      assert.equal(addDays('2026-01-12', 112), '2026-05-04');
      assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
      assert.equal(daysBetween('2025-01-01', '2026-01-01'), 365);
      assert.equal(daysBetween('1900-01-01', '1901-01-01'), 365);
    });

    it('round-trips: daysBetween(d, addDays(d, n)) = n and addDays back again is d (property)', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
          const moved = addDays(date, n);
          assert.equal(daysBetween(date, moved), n);
          assert.equal(addDays(moved, -n), date);
          const from = partsOfText(date);
          assert.equal(moved, utcDate(utcDayNumber(from.year, from.month, from.day) + n));
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('addMonths', () => {
    const cases: Array<[string, number, string, string]> = [
      ['2025-11-30', 3, '2026-02-28', '30 Nov + 3 months clamps to 28 Feb'],
      ['2023-11-30', 3, '2024-02-29', '30 Nov + 3 months clamps to 29 Feb in a leap year'],
      ['2026-05-31', -3, '2026-02-28', '31 May − 3 months clamps to 28 Feb'],
      ['2024-05-31', -3, '2024-02-29', '31 May − 3 months clamps to 29 Feb in a leap year'],
      ['2026-01-31', 1, '2026-02-28', '31 Jan + 1 month'],
      ['2026-03-31', 1, '2026-04-30', '31 Mar + 1 month'],
      ['2024-02-29', 12, '2025-02-28', '29 Feb + 12 months'],
      ['2024-02-29', 48, '2028-02-29', '29 Feb + 48 months'],
      ['2026-01-05', 3, '2026-04-05', 'same day when it exists'],
      ['2025-12-15', 1, '2026-01-15', 'into the next year'],
      ['2026-01-15', -1, '2025-12-15', 'into the previous year'],
      ['2026-03-02', -3, '2025-12-02', 'back across the year end'],
      ['2026-03-02', -24, '2024-03-02', 'back two years'],
      ['2026-03-02', 0, '2026-03-02', 'zero months'],
      ['2100-05-31', -3, '2100-02-28', '2100 is not a leap year'],
      ['2000-05-31', -3, '2000-02-29', '2000 is a leap year'],
    ];
    for (const [from, months, expected, why] of cases) {
      it(`${from} ${months >= 0 ? '+' : '−'} ${Math.abs(months)} months = ${expected} (${why})`, () => {
        assert.equal(addMonths(from, months), expected);
      });
    }

    it('moves exactly the month index, keeps the day when it exists, else clamps to the last day (property)', () => {
      fc.assert(
        fc.property(fc.oneof(anyDate, monthEndDate), fc.integer({ min: -36, max: 36 }), (date, months) => {
          const from = parseCalendarDate(date);
          assert.ok(from);
          const result = addMonths(date, months);
          const to = partsOfText(result);
          assert.equal(utcDate(utcDayNumber(to.year, to.month, to.day)), result, `${date} + ${months} months gave ${result}, not a real date`);
          const expectedIndex = from.year * 12 + (from.month - 1) + months;
          assert.equal(to.year * 12 + (to.month - 1), expectedIndex, 'month overflowed or underflowed');
          const lastDay = new Date(Date.UTC(to.year, to.month, 0)).getUTCDate();
          assert.equal(to.day, Math.min(from.day, lastDay));
          if (months > 0) assert.ok(isAfter(result, date));
          if (months < 0) assert.ok(isAfter(date, result));
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('compareDates / isAfter / isOnOrAfter', () => {
    it('orders dates by day, not by text', () => {
      assert.ok(compareDates('2026-03-01', '2026-02-28') > 0);
      assert.ok(compareDates('2026-02-28', '2026-03-01') < 0);
      assert.equal(compareDates('2026-03-01', '2026-03-01'), 0);
      assert.equal(isAfter('2026-03-02', '2026-03-01'), true);
      assert.equal(isAfter('2026-03-01', '2026-03-01'), false);
      assert.equal(isOnOrAfter('2026-03-01', '2026-03-01'), true);
      assert.equal(isOnOrAfter('2026-02-28', '2026-03-01'), false);
    });
  });

  describe('completedYears', () => {
    it('completes a year on the birthday, not the day before', () => {
      assert.equal(completedYears('2010-03-02', '2026-03-01'), 15);
      assert.equal(completedYears('2010-03-02', '2026-03-02'), 16);
      assert.equal(completedYears('2010-03-02', '2026-03-03'), 16);
      assert.equal(completedYears('2026-03-02', '2026-03-02'), 0);
      assert.equal(completedYears('2025-12-31', '2026-12-30'), 0);
      assert.equal(completedYears('2025-12-31', '2026-12-31'), 1);
    });

    it('a child born on 29 February completes a year on 1 March in a non-leap year', () => {
      assert.equal(completedYears('2008-02-29', '2026-02-28'), 17);
      assert.equal(completedYears('2008-02-29', '2026-03-01'), 18);
      assert.equal(completedYears('2008-02-29', '2024-02-28'), 15);
      assert.equal(completedYears('2008-02-29', '2024-02-29'), 16);
    });

    it('is n on the nth birthday and n − 1 the day before (property)', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: 1, max: 120 }), (dateOfBirth, n) => {
          const birth = parseCalendarDate(dateOfBirth);
          assert.ok(birth);
          const year = birth.year + n;
          // The implemented reading: a 29 February birthday falls on 1 March in a non-leap year.
          const leapling = birth.month === 2 && birth.day === 29 && !isLeapYear(year);
          const birthday = leapling ? formatCalendarDate({ year, month: 3, day: 1 }) : formatCalendarDate({ year, month: birth.month, day: birth.day });
          assert.equal(completedYears(dateOfBirth, birthday), n);
          assert.equal(completedYears(dateOfBirth, addDays(birthday, -1)), n - 1);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('dayOfWeek', () => {
    it('knows 1970-01-01 was a Thursday and agrees with Date (property)', () => {
      assert.equal(dayOfWeek('1970-01-01'), 4);
      assert.equal(dayOfWeek('2026-03-02'), 1);
      fc.assert(
        fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (n) => {
          assert.equal(dayOfWeek(fromDayNumber(n)), new Date(n * DAY_MS).getUTCDay());
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('dateText (how people read a date)', () => {
    const known: [string, string, string][] = [
      ['2026-12-02', 'Wed 2 Dec 2026', 'the brief\'s example'],
      ['2026-03-02', 'Mon 2 Mar 2026', 'a Monday'],
      ['1970-01-01', 'Thu 1 Jan 1970', 'day 0'],
      ['2000-02-29', 'Tue 29 Feb 2000', 'a leap day in a century leap year'],
      ['2024-02-28', 'Wed 28 Feb 2024', 'the day before a leap day'],
      ['2024-02-29', 'Thu 29 Feb 2024', 'a leap day'],
      ['2024-03-01', 'Fri 1 Mar 2024', 'the day after a leap day'],
      ['2025-02-28', 'Fri 28 Feb 2025', 'the last day of February in a common year'],
      ['2025-03-01', 'Sat 1 Mar 2025', 'the next day'],
      ['2026-01-31', 'Sat 31 Jan 2026', 'a 31-day month ends'],
      ['2026-04-30', 'Thu 30 Apr 2026', 'a 30-day month ends'],
      ['2026-09-01', 'Tue 1 Sep 2026', '1st of the month without a leading zero; three-letter September'],
      ['2026-12-31', 'Thu 31 Dec 2026', 'the year ends'],
      ['2027-01-01', 'Fri 1 Jan 2027', 'the next year starts'],
      ['2026-06-07', 'Sun 7 Jun 2026', 'a Sunday'],
      ['2026-10-10', 'Sat 10 Oct 2026', 'two-digit day and month'],
    ];
    for (const [date, expected, why] of known) {
      it(`${date} is "${expected}" (${why})`, () => assert.equal(dateText(date), expected));
    }

    it('has the weekday, the day without a leading zero, the month and the year Date gives, every day 1900–2200 (property)', () => {
      const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      fc.assert(
        fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (n) => {
          const d = new Date(n * DAY_MS);
          const expected = `${weekdays[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
          assert.equal(dateText(fromDayNumber(n)), expected);
        }),
        { numRuns: 500 },
      );
    });

    it('returns what is not a YYYY-MM-DD date as it is, without throwing', () => {
      for (const text of ['', 'not a date', '2026-02-30', '2026-2-1', '2026-13-01']) assert.equal(dateText(text), text);
    });
  });

  describe('dateInWords (the letter to the child)', () => {
    it('writes the day without a leading zero and the month in full, with no weekday', () => {
      assert.equal(dateInWords('2026-06-15'), '15 June 2026');
      assert.equal(dateInWords('2026-03-02'), '2 March 2026');
      assert.equal(dateInWords('2024-02-29'), '29 February 2024');
      assert.equal(dateInWords('2026-09-01'), '1 September 2026');
      assert.equal(dateInWords('2026-02-30'), '2026-02-30');
    });
  });

  describe('datesAsText', () => {
    it('writes every real date in a sentence as dateText and leaves the rest alone', () => {
      assert.equal(datesAsText('Visit recorded on 2026-03-02 (due 2026-03-06)'), 'Visit recorded on Mon 2 Mar 2026 (due Fri 6 Mar 2026)');
      assert.equal(datesAsText('No dates here'), 'No dates here');
      assert.equal(datesAsText('at 2026-03-02T10:00:00Z, not 2026-02-30'), 'at 2026-03-02T10:00:00Z, not 2026-02-30');
    });
  });
});
