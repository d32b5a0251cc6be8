/**
 * Whole cases walked from the outside, over HTTP against the real bot (SQLite, outbox, the strict
 * local Bot Connector), as each person: only the buttons the cards they were given show, only the
 * form fields those cards have, each notice read where Teams shows it. No card data is built by
 * hand (test/reliability/support/cards-only.ts). Unplanned to closed with the letter; planned
 * with a correction, a handover and a reopening; a withdrawal asked for and given.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { CardsOnly } from './support/cards-only';

describe('cards only, over HTTP: whole cases walked as each person sees them', function () {
  this.timeout(180_000);
  const h = overHttp();
  let today = '2026-03-02';
  const on = (day: string): void => {
    today = day;
    h.setNow(`${day}T10:00:00Z`);
  };
  const walk = new CardsOnly(h, () => today);
  beforeEach(() => on('2026-03-02'));

  /** A request waiting for `who`, opened from the notice the bot sent them, and approved there. */
  async function approveFromNotice(who: { id: string; name: string }, about: RegExp): Promise<void> {
    const request = await h.talk.notice(who, about);
    const decided = await walk.press(who, request, /^Approve$/, { comment: 'Agreed.' });
    assert.match(texts(decided), new RegExp(`Approved by ${who.name}`));
  }

  it('unplanned: opened, prepared, agreed up the chain, placement and care episode ended, five visits, the letter, the review: closed', async () => {
    const { talk } = h;
    const ref = 'WALK-U1';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    assert.match(texts(card), /Director sign-off is needed/);
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-team-manager');

    // The social worker may read the request they made, with no buttons that would refuse them.
    const theirs = await walk.press(sw, await walk.caseCard(sw, ref), /Open the request: Team manager's agreement/);
    assert.deepEqual(walk.titles(theirs), ['Back to the case'], 'no Approve, Request changes or Reject for the social worker');
    assert.match(texts(theirs), /This decision is for the team manager/);

    await approveFromNotice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    await walk.step(sw, ref, /Ask to end the placement/, { proposedEndDate: '2026-03-06' });
    await approveFromNotice(PEOPLE.hos, /Head of Service's written agreement needed/);
    await approveFromNotice(PEOPLE.hos, /consent to end the placement needed/i);
    await approveFromNotice(PEOPLE.director, new RegExp(`needed: case ${ref}`));
    assert.equal((await h.stateOf(ref)).stage, 'director-authorised');

    await walk.step(sw, ref, /Record the end of the care episode/, { directorAgreementUploaded: 'true', agenciesInformed: 'true' });
    // Each visit on the day it is due (home since Fri 27 Feb: +3, then weekly to +28).
    for (const [day, button] of [['2026-03-02', /first home visit/], ['2026-03-06', /weekly check-in 1/], ['2026-03-13', /weekly check-in 2/], ['2026-03-20', /weekly check-in 3/], ['2026-03-27', /weekly check-in 4/]] as const) {
      on(day);
      await walk.step(sw, ref, button, { outcome: 'seen', notes: 'Child seen at home.' });
    }
    await walk.step(sw, ref, /Record the end of the placement/, { endDate: '2026-03-06', carersToldOn: '2026-03-03' });
    const letter = 'Dear Jo,\n\nThis letter is about your time in our care and why you went home.\n\nFrom your social worker, Sam.';
    await walk.step(sw, ref, /Record the letter/, { letter, parentsWords: 'We are proud of you.' });
    const closed = await walk.step(sw, ref, /Record the review and close/, { continueWith: 'CIN', notes: 'Stepdown to child in need.' });
    assert.match(texts(closed), /closed/i);

    const state = await h.stateOf(ref);
    assert.equal(state.stage, 'closed');
    assert.equal(state.letter?.text, letter);
    assert.equal(state.visits.filter((v) => v.doneOn).length, 5);
    assert.deepEqual(walk.titles(await walk.caseCard(PEOPLE.tm, ref)), ['Reopen the case (team manager)'], 'closed: only the reopening is left, and only for the team manager');
    assert.deepEqual(walk.titles(await walk.caseCard(sw, ref)), [], 'nothing left for the social worker to press');
  });
});

