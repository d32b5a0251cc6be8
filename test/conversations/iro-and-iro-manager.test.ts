/**
 * The IRO and the IRO manager over HTTP, with only the buttons the cards show: what they are told
 * over a case, in person, by the rule that asks it.
 */
import { strict as assert } from 'node:assert';
import { overHttp, START, texts } from './support/over-http';
import { SEVERAL_PARTS, SP } from './support/several-parts-organisation';
import { walkByDay } from '../reliability/support/cards-only';

describe('over HTTP: the IRO and the IRO manager', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z', SEVERAL_PARTS, Object.values(SP));
  const { walk } = walkByDay(h);

  it('the IRO manager covering a case with no IRO named is told in person when the review closes it, as of every other step for the IRO (R-UNPL-10)', async () => {
    const { talk } = h;
    const ref = 'IRO-CLOSE1';
    let card = await walk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, returnedHomeOn: '' });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(SP.sw, ref, button, {}, card);
    await walk.step(SP.sw, ref, /Submit the assessment/, { viable: 'false', riskAnalysis: 'The risks at home are too high.' }, card);
    await walk.step(SP.sw, ref, /Record the not-viable actions/, { childAndParentsTold: 'true' });
    await talk.notices(SP.iroManager);
    await walk.step(SP.sw, ref, /Record the review and close/);
    assert.equal((await h.stateOf(ref)).stage, 'closed');
    const told = texts(await talk.notice(SP.iroManager, new RegExp(`Case closed — case ${ref}`)));
    assert.match(told, new RegExp(`Case ${ref} is closed after the reunification review`));
    assert.match(told, /R-UNPL-10/);
  });

  it('the IRO told of a child already home reads the day they went home, not only that their care may end (R-UNPL-3)', async () => {
    const { talk } = h;
    const ref = 'IRO-HOME1';
    let card = await walk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(SP.sw, ref, button, {}, card);
    const told = texts(await talk.notice(SP.iro, new RegExp(`For the IRO — case ${ref}`)));
    assert.match(told, new RegExp(`Case ${ref}: the social worker is telling you, as IRO, that the child went home on Fri 27 Feb 2026 \\(unplanned return home\\), so their care may end\\. Please decide whether to bring the review forward and consult the child\\.`));
    assert.match(told, /R-UNPL-3/);
  });

  it("an IRO handed a case whose IRO's view waits is told so with the rule that asks it (R-SIGN-4), from the IRO manager who covered", async () => {
    const { talk } = h;
    const ref = 'IRO-HAND1';
    let card = await walk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(SP.sw, ref, button, {}, card);
    await walk.step(SP.sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await walk.press(SP.tm, await talk.notice(SP.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await walk.step(SP.tm, ref, /Hand the case over/, { role: 'iro', person: SP.iro.id, reason: 'Indra takes it.' });
    const told = texts(await talk.notice(SP.iro, new RegExp(`A case handed to you — case ${ref}`)));
    assert.match(told, /you are its IRO, instead of Imogen Iro-Manager \(the IRO manager, who covered until an IRO was named\)/);
    assert.match(told, /The case is waiting for your view as IRO, which goes to the Head of Service with the assessment \(R-SIGN-4\)\. Open the case to record your view and see where it stands/);
    await walk.step(SP.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
  });
});
