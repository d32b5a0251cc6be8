import { strict as assert } from 'node:assert';
import { calendarDateIn, localDateText, localDateTimeText, localTimeOn, localTimeText, nowIn } from '../../src/cases/org-time';

const LONDON = 'Europe/London';
const local = (instant: string, timeZone = LONDON) => `${calendarDateIn(new Date(instant), timeZone)} ${localTimeText(new Date(instant), timeZone)}`;

describe("the organisation's local date and time (org-time)", () => {
  it('in summer (BST) half past midnight is the next day, though UTC is still on the day before', () => {
    assert.equal(local('2026-06-14T23:30:00Z'), '2026-06-15 00:30');
    assert.deepEqual(nowIn(new Date('2026-06-14T23:30:00Z'), LONDON), { at: '2026-06-14T23:30:00.000Z', today: '2026-06-15' });
  });

  it('in winter (GMT) local time is UTC: a late decision stays on its day', () => {
    assert.equal(local('2026-01-14T23:30:00Z'), '2026-01-14 23:30');
    assert.equal(local('2026-01-15T00:05:00Z'), '2026-01-15 00:05');
  });

  it('follows the clock changes: forward on 29 March 2026, back on 25 October 2026', () => {
    assert.equal(local('2026-03-29T00:30:00Z'), '2026-03-29 00:30');
    assert.equal(local('2026-03-29T01:30:00Z'), '2026-03-29 02:30');
    assert.equal(local('2026-10-25T00:30:00Z'), '2026-10-25 01:30');
    assert.equal(local('2026-10-25T01:30:00Z'), '2026-10-25 01:30');
  });

  it('uses the 24-hour clock with two-digit hours, never "24:00"', () => {
    assert.equal(localTimeText(new Date('2026-06-14T23:00:00Z'), LONDON), '00:00');
    assert.equal(localTimeText(new Date('2026-06-14T13:05:00Z'), LONDON), '14:05');
  });

  it('uses the zone it is given, not the server’s', () => {
    assert.equal(local('2026-06-14T23:30:00Z', 'UTC'), '2026-06-14 23:30');
    assert.equal(local('2026-06-14T23:30:00Z', 'America/New_York'), '2026-06-14 19:30');
  });

  it('writes the date and time for people as "Wed 2 Dec 2026, 14:05", on the local day', () => {
    assert.equal(localDateTimeText(new Date('2026-12-02T14:05:00Z'), LONDON), 'Wed 2 Dec 2026, 14:05');
    assert.equal(localDateTimeText(new Date('2026-06-14T23:30:00Z'), LONDON), 'Mon 15 Jun 2026, 00:30');
    assert.equal(localDateText(new Date('2026-06-14T23:30:00Z'), LONDON), 'Mon 15 Jun 2026');
    assert.equal(localDateText(new Date('2026-06-14T23:30:00Z'), 'UTC'), 'Sun 14 Jun 2026');
  });

  it('gives the same answers when asked again (they are kept): each minute its own date, each zone its own, each deadline hour its instant', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(calendarDateIn(new Date('2026-06-14T22:59:59.999Z'), LONDON), '2026-06-14');
      assert.equal(calendarDateIn(new Date('2026-06-14T23:00:00.000Z'), LONDON), '2026-06-15');
      assert.equal(calendarDateIn(new Date('2026-06-14T23:00:30.000Z'), 'UTC'), '2026-06-14');
      assert.equal(calendarDateIn(new Date('2026-06-14T23:00:59.000Z'), LONDON), '2026-06-15');
      assert.equal(localTimeOn('2026-03-29', 9, LONDON).toISOString(), '2026-03-29T08:00:00.000Z');
      assert.equal(localTimeOn('2026-03-28', 9, LONDON).toISOString(), '2026-03-28T09:00:00.000Z');
      assert.equal(localTimeOn('2026-03-29', 9, 'America/New_York').toISOString(), '2026-03-29T13:00:00.000Z');
    }
    // A caller changing the Date it was given changes nobody else's.
    localTimeOn('2026-10-26', 9, LONDON).setTime(0);
    assert.equal(localTimeOn('2026-10-26', 9, LONDON).toISOString(), '2026-10-26T09:00:00.000Z');
  });
});
