/**
 * The council's own closure days (EXTRA_NON_WORKING_DAYS) are a list kept by hand: once its last day
 * has passed, the next Christmas shutdown counted as working days without a word (a request asked on
 * Wed 23 Dec 2027 escalated on Thu 30 Dec, mid-shutdown). The operator is now told at start-up, and of
 * days that change nothing (a weekend, a bank holiday: most likely a year or month typed wrong).
 */
import { strict as assert } from 'node:assert';
import { closureDayWarnings } from '../../src/config/closure-day-warnings';

describe('EXTRA_NON_WORKING_DAYS warnings at start-up', () => {
  const shutdown2026 = ['2026-12-29', '2026-12-30', '2026-12-31'];

  it('none set, or days still to come: no warning', () => {
    assert.deepEqual(closureDayWarnings([], '2027-06-01'), []);
    assert.deepEqual(closureDayWarnings(shutdown2026, '2026-12-06'), []);
    assert.deepEqual(closureDayWarnings(shutdown2026, '2026-12-31'), [], 'the last day itself is still counted today');
  });

  it('every listed day past: says the list has run out, from which day, what that does, and what to do', () => {
    const warnings = closureDayWarnings(shutdown2026, '2027-01-01');
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0],
      'EXTRA_NON_WORKING_DAYS lists no day after today: the last is Thu 31 Dec 2026, so from now on every weekday but a bank holiday counts as a working day for reminders and escalations, your next closure days included. ' +
        'Add your coming closure days (YYYY-MM-DD, comma-separated) and restart the bot',
    );
  });

  it('a day that is a weekend or a bank holiday already is named, once, as changing nothing', () => {
    const warnings = closureDayWarnings(['2026-12-24', '2026-12-26', '2026-12-28', '2026-12-26', '2026-12-29'], '2026-12-06');
    assert.deepEqual(warnings, [
      'EXTRA_NON_WORKING_DAYS lists Sat 26 Dec 2026 (a weekend), Mon 28 Dec 2026 (Boxing Day (substitute day), a bank holiday), which are not working days anyway, so they change nothing. ' +
        'Check the date is the one you meant (the year, the month); bank holidays in England and Wales need not be listed',
    ]);
    assert.match(closureDayWarnings(['2027-01-01'], '2026-12-06')[0]!, /lists Fri 1 Jan 2027 \(New Year's Day, a bank holiday\), which is not a working day anyway, so it changes nothing\./);
  });
});
