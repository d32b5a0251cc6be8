/**
 * Dates people give on the forms, over HTTP: a day the calendar does not have (29 February in a year
 * that is not a leap year, 31 April) or a year typed short ("26", which a form sends as the year 26)
 * was refused with only 'This must be a real date.', which names no problem: the person could not
 * tell what was wrong with "29/02/2027". The refusal now names it, and says what to do.
 */
import { strict as assert } from 'node:assert';
import { inputs } from '../bot/support/conversation-driver';
import { overHttp, PEOPLE, START, texts } from './support/over-http';

describe('over HTTP: dates people give that the calendar does not have', function () {
  this.timeout(120_000);
  const h = overHttp('2028-03-10T10:00:00Z');
  const sw = PEOPLE.sw;

  async function start(ref: string, dates: Record<string, string>): Promise<string> {
    const form = await h.talk.sayForCard(sw, 'new case');
    return texts(await h.talk.press(sw, form, /Start the case/, { ...START, ref, accommodatedOn: '2028-01-10', dateOfBirth: '2012-05-14', ...dates }));
  }

  it('the start form names the problem with each date and saves nothing', async () => {
    const refused = await start('DATES-1', { returnedHomeOn: '2027-02-29', accommodatedOn: '0026-01-10' });
    assert.match(refused, /Please correct the fields marked below\. Nothing was saved\./);
    assert.match(refused, /29 February 2027 does not exist: 2027 is not a leap year\. Choose the date again from the calendar\./);
    assert.match(refused, /The year 26 is not a full year: write it with four digits \(such as 2026\)\. Choose the date again from the calendar\./);
    assert.doesNotMatch(refused, /must be a real date/);
    assert.equal(await h.bot.runtime.app.service.getByRef('DATES-1'), undefined, 'no case');
    assert.match(await start('DATES-2', { returnedHomeOn: '2028-04-31' }), /31 April does not exist: April has 30 days\./);
  });

  it('29 February in a leap year is a date like any other: the child home on Tue 29 Feb 2028, the first visit due Fri 3 Mar 2028 (R-VISIT-1, calendar days)', async () => {
    const opened = await start('DATES-3', { returnedHomeOn: '2028-02-29' });
    assert.doesNotMatch(opened, /Nothing was saved/);
    const state = (await h.bot.runtime.app.service.getByRef('DATES-3'))!.state as { visits: { due: string }[] };
    assert.deepEqual(state.visits.map((v) => v.due), ['2028-03-03', '2028-03-07', '2028-03-14', '2028-03-21', '2028-03-28']);
  });

  it("a step's date field names the problem too, and the form keeps what was written", async () => {
    await start('DATES-4', { returnedHomeOn: '2028-03-06' });
    const card = await h.talk.sayForCard(sw, 'case DATES-4');
    const form = await h.talk.press(sw, card, /Record the first home visit/);
    const refused = await h.talk.press(sw, form, /^Record /, { outcome: 'seen', notes: 'Seen at home with mum.', on: '2028-02-30' });
    assert.match(texts(refused), /: 30 February does not exist: February has 29 days\. Choose the date again from the calendar\./);
    assert.equal(inputs(refused).get('notes')?.value, 'Seen at home with mum.');
    assert.equal(((await h.bot.runtime.app.service.getByRef('DATES-4'))!.state as { visits: { doneOn: string | null }[] }).visits[0]!.doneOn, null, 'nothing recorded');
  });

  it('a visit dated before the child went home is refused saying which day that was, not only its date', async () => {
    await start('DATES-5', { returnedHomeOn: '2028-03-06' });
    const form = await h.talk.press(sw, await h.talk.sayForCard(sw, 'case DATES-5'), /Record the first home visit/);
    const refused = texts(await h.talk.press(sw, form, /^Record /, { outcome: 'seen', notes: 'Seen.', on: '2028-03-05' }));
    assert.match(refused, /The visit date \(Sun 5 Mar 2028\) is before the day the child went home \(Mon 6 Mar 2028\)\. Check the date and try again\./);
    assert.match(refused, /Nothing was recorded|Not recorded/);
  });
});
