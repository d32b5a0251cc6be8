import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bankHolidaysIn, easterSunday, isBankHoliday } from '../../src/protocol/bank-holidays';
import { CalendarDate, dayOfWeek, fromDayNumber, toDayNumber } from '../../src/protocol/calendar-date';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/protocol/working-days';

// Published at gov.uk/bank-holidays (England and Wales).
const PUBLISHED: Record<number, readonly string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

const dates = (year: number) => bankHolidaysIn(year).map((holiday) => holiday.date);

/** Any date from 1980 to 2100. */
const anyDate = fc.integer({ min: toDayNumber('1980-01-01'), max: toDayNumber('2100-12-31') }).map(fromDayNumber);

describe('bank holidays in England and Wales', () => {
  for (const [year, published] of Object.entries(PUBLISHED)) {
    it(`match the published list for ${year}`, () => {
      assert.deepEqual(dates(Number(year)), published);
    });
  }

  it('move Christmas and Boxing Day to the next weekdays when they fall at a weekend', () => {
    // 2021: Christmas on Saturday → Mon 27 (Christmas) and Tue 28 (Boxing Day).
    assert.deepEqual(bankHolidaysIn(2021).slice(-2), [
      { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2021-12-28', name: 'Boxing Day (substitute day)' },
    ]);
    // 2022: Christmas on Sunday → Boxing Day stays Mon 26, Christmas moves to Tue 27.
    assert.deepEqual(bankHolidaysIn(2022).slice(-2), [
      { date: '2022-12-26', name: 'Boxing Day' },
      { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    ]);
    // 2026: Boxing Day on Saturday → Mon 28.
    assert.equal(bankHolidaysIn(2026).at(-1)?.name, 'Boxing Day (substitute day)');
  });

  it("move New Year's Day off a weekend", () => {
    assert.equal(dates(2022)[0], '2022-01-03'); // Saturday
    assert.equal(dates(2023)[0], '2023-01-02'); // Sunday
    assert.equal(bankHolidaysIn(2023)[0]?.name, "New Year's Day (substitute day)");
  });

  it('keep the one-off days of 2011 and 2012', () => {
    assert.ok(isBankHoliday('2011-04-29'));
    assert.ok(isBankHoliday('2012-06-04'));
    assert.ok(isBankHoliday('2012-06-05'));
    assert.ok(!isBankHoliday('2012-05-28'), 'the 2012 spring bank holiday moved to 4 June');
  });

  it('find Easter Sunday by the Gregorian computus', () => {
    const known = { 2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2038: '2038-04-25', 2285: '2285-03-22' };
    for (const [year, easter] of Object.entries(known)) assert.equal(easterSunday(Number(year)), easter);
  });

  it('fall on weekdays, eight or more a year, in date order (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1978, max: 2400 }), (year) => {
        const list = dates(year);
        assert.ok(list.length >= 8);
        assert.deepEqual([...list].sort(), list);
        assert.equal(new Set(list).size, list.length);
        for (const day of list) assert.ok(dayOfWeek(day) >= 1 && dayOfWeek(day) <= 5, `${day} is a weekday`);
      }),
    );
  });
});

describe('working days', () => {
  it('exclude weekends, bank holidays and the organisation’s own closure days', () => {
    assert.ok(isWorkingDay('2026-01-02')); // Friday
    assert.ok(!isWorkingDay('2026-01-03')); // Saturday
    assert.ok(!isWorkingDay('2026-01-04')); // Sunday
    assert.ok(!isWorkingDay('2026-04-03')); // Good Friday
    assert.ok(isWorkingDay('2026-12-29'));
    assert.ok(!isWorkingDay('2026-12-29', ['2026-12-29']));
    assert.ok(!isWorkingDay('2026-12-29', new Set<CalendarDate>(['2026-12-29'])));
  });

  it('count forward over a weekend and a bank holiday', () => {
    assert.equal(addWorkingDays('2026-01-02', 1), '2026-01-05'); // Fri + 1 = Mon
    assert.equal(addWorkingDays('2026-04-02', 1), '2026-04-07'); // Thu before Easter + 1 = Tue after
    assert.equal(addWorkingDays('2026-04-02', 2), '2026-04-08');
    assert.equal(addWorkingDays('2026-12-24', 1), '2026-12-29'); // over Christmas and the substitute Boxing Day
    assert.equal(addWorkingDays('2026-12-24', 1, ['2026-12-29', '2026-12-30']), '2026-12-31');
  });

  it('count backward and treat zero as "this day or the next working day"', () => {
    assert.equal(addWorkingDays('2026-01-05', -1), '2026-01-02');
    assert.equal(addWorkingDays('2026-04-07', -1), '2026-04-02');
    assert.equal(addWorkingDays('2026-01-05', 0), '2026-01-05');
    assert.equal(addWorkingDays('2026-01-03', 0), '2026-01-05');
  });

  it('refuse a fractional count', () => {
    assert.throws(() => addWorkingDays('2026-01-05', 1.5), RangeError);
  });

  it('measure the working days between two dates', () => {
    assert.equal(workingDaysBetween('2026-01-05', '2026-01-07'), 2); // Mon → Wed
    assert.equal(workingDaysBetween('2026-01-02', '2026-01-05'), 1); // Fri → Mon
    assert.equal(workingDaysBetween('2026-04-02', '2026-04-07'), 1); // over Easter
    assert.equal(workingDaysBetween('2026-01-07', '2026-01-05'), -2);
    assert.equal(workingDaysBetween('2026-01-05', '2026-01-05'), 0);
    assert.equal(workingDaysBetween('2026-01-03', '2026-01-04'), 0); // a weekend
  });

  it('always land on a working day (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -60, max: 60 }), (day, n) => {
        assert.ok(isWorkingDay(addWorkingDays(day, n)));
      }),
    );
  });

  it('grow with n: more working days never give an earlier date (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -60, max: 60 }), fc.integer({ min: -60, max: 60 }), (day, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        assert.ok(toDayNumber(addWorkingDays(day, low)) <= toDayNumber(addWorkingDays(day, high)));
        if (low < high && low !== 0 && high !== 0) {
          assert.ok(toDayNumber(addWorkingDays(day, low)) < toDayNumber(addWorkingDays(day, high)));
        }
      }),
    );
  });

  it('are counted back by workingDaysBetween (property)', () => {
    const closures = fc.uniqueArray(anyDate, { maxLength: 20 });
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -40, max: 40 }), closures, (day, n, extra) => {
        fc.pre(n !== 0);
        assert.equal(workingDaysBetween(day, addWorkingDays(day, n, extra), extra), n);
      }),
    );
  });

  it('never count a day the organisation is closed (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 30 }), (day, n) => {
        const closed = addWorkingDays(day, 1);
        const result = addWorkingDays(day, n, [closed]);
        assert.notEqual(result, closed);
        assert.ok(isWorkingDay(result, [closed]));
      }),
    );
  });
});
