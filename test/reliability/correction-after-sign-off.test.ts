/**
 * A correction of the facts once the Head of Service has agreed, met over HTTP through the cards
 * alone: the team manager corrects the date accommodated, which changes the ruling, while the
 * Director's request waits. Everyone whose decision or waiting request was withdrawn is told, each
 * in words that fit what is now asked of them.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { CardsOnly } from './support/cards-only';

describe('cards only, over HTTP: the facts corrected while the Director is asked', function () {
  this.timeout(120_000);
  const h = overHttp();
  const walk = new CardsOnly(h, () => '2026-03-02');

  it("tells the Director (and their deputy) that the request waiting for them was withdrawn, and the social worker that the team manager is asked again (not that a request will come to them)", async () => {
    const ref = 'FIX-C1';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { stepdown: 'direct-work', purpose: 'Talk it through.' }, card);
    await walk.press(PEOPLE.tm, await walk.press(PEOPLE.tm, await walk.caseCard(PEOPLE.tm, ref), /Open the request: Team manager's agreement/), /^Approve$/);
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    await walk.press(PEOPLE.hos, await walk.press(PEOPLE.hos, await walk.caseCard(PEOPLE.hos, ref), /Open the request: Head of Service's written agreement/), /^Approve$/);
    for (const who of [PEOPLE.sw, PEOPLE.director, PEOPLE.deputy, PEOPLE.hos]) await h.talk.notices(who);

    // In care since 20 February, not 5 January: Director sign-off is no longer needed (R-SIGN-6).
    const corrected = await walk.step(PEOPLE.tm, ref, /^Correct the facts$/, { accommodatedOn: '2026-02-20', reason: 'Date typed wrong.' });
    assert.match(texts(corrected), /Director sign-off is no longer needed/);

    for (const who of [PEOPLE.director, PEOPLE.deputy]) {
      const told = texts(await h.talk.notice(who, new RegExp(`Facts corrected — case ${ref}`)));
      assert.match(told, /so the request waiting for your decision was withdrawn\. Nothing is needed from you now: if it is still needed on the corrected facts, it will come to you again in order\./, who.name);
    }
    const toSocialWorker = texts(await h.talk.notice(sw, new RegExp(`Facts corrected — case ${ref}`)));
    assert.match(toSocialWorker, /the decisions and requests on the earlier facts were withdrawn and the team manager is asked to agree again\. Nothing is needed from you now\./);
    assert.doesNotMatch(toSocialWorker, /come to you again/);
    const toHeadOfService = texts(await h.talk.notice(PEOPLE.hos, new RegExp(`Facts corrected — case ${ref}`)));
    assert.match(toHeadOfService, /so the decision given on the earlier facts was withdrawn; if it is still needed on the corrected facts, the request will come to you again in order\./);
  });
});
