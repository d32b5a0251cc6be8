/**
 * Issue 12 over HTTP, against the real bot and the strict local Bot Connector, pressing only the
 * buttons the cards show: the view on an LPM or ICPC is given by the manager consulted on a card
 * to them (R-UNPL-2) and every approver sees it as theirs; on the not-viable route what they said
 * is needed must be booked; a social worker asks the team manager to withdraw a case, who agrees
 * or declines on a card of their own.
 */
import { strict as assert } from 'node:assert';
import { caseCard, openCase, prepare, submit } from './support/case-steps-over-http';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';
import { overHttp, PEOPLE, START, texts } from './support/over-http';

describe('over HTTP: the LPM / ICPC view is the manager’s; asking the team manager to withdraw (issue 12)', function () {
  this.timeout(120_000);
  const h = overHttp();

  it("the risk check flags an LPM: the team manager's card asks for their view; the social worker cannot give it; the Head of Service sees it as the manager's", async () => {
    const { talk } = h;
    const ref = 'MOS-5101';
    let card = await openCase(talk, { ...START, ref });
    const form = await talk.press(PEOPLE.sw, card, /immediate risk/);
    assert.match(texts(form), /the manager you consulted is sent a card to give their view/);
    assert.doesNotMatch(texts(form), /the view they gave you/);
    card = await prepare(talk, card, { risk: { legalPlanningMeetingNeeded: 'true' } });
    assert.match(texts(card), /waiting for the team manager's view on an LPM or ICPC/);
    assert.ok(!talk.titles(card).includes('Submit the assessment'), 'the assessment waits for the view');

    // The view is the manager's: the social worker's card offers no way to give it; the team manager's does.
    assert.ok(!talk.titles(card).some((t) => /Give the view on an LPM or ICPC/.test(t)), 'not on the social worker\'s card');
    assert.ok(talk.titles(await caseCard(talk, PEOPLE.tm, ref)).includes('Give the view on an LPM or ICPC (team manager)'));
    assert.equal((await h.stateOf(ref)).steps.immediateRisk?.viewAwaited, true);

    const notice = await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/);
    assert.match(texts(notice), /flags that a Legal Planning Meeting may be needed\. Your view, as team manager, is asked/);
    const viewForm = await talk.press(PEOPLE.tm, notice, /^Give my view$/);
    // The form names the part consulted, not both.
    assert.match(texts(viewForm), /Give your view on a Legal Planning Meeting or ICPC \(team manager\)/);
    assert.doesNotMatch(texts(viewForm), /Head of Service\)/);
    const given = await talk.press(PEOPLE.tm, viewForm, /Give my view/, { legalPlanningMeetingNeeded: 'true', view: 'Needed: a new partner is in the home.' });
    assert.match(texts(given), /The team manager's view on the immediate risk: a Legal Planning Meeting needed/);

    await submit(talk, await caseCard(talk, PEOPLE.sw, ref));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.press(PEOPLE.iro, await talk.press(PEOPLE.iro, await caseCard(talk, PEOPLE.iro, ref), /IRO's view/), /^Record /, { view: 'Supports the return.' });
    const hosRequest = await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));
    assert.match(texts(hosRequest), /Legal Planning Meeting needed; Initial Child Protection Conference not needed: the view of Taylor Manager \(team manager\), given by them on Mon 2 Mar 2026: "Needed: a new partner is in the home\."/);
  });

  it('not viable: the LPM the manager said is needed must be booked before the actions are recorded', async () => {
    const { talk } = h;
    const ref = 'MOS-5102';
    await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' }), { risk: { notSure: 'true' } });
    const notice = await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/);
    assert.match(texts(notice), /flags whether a Legal Planning Meeting or ICPC is needed/);
    await talk.press(PEOPLE.tm, await talk.press(PEOPLE.tm, notice, /^Give my view$/), /Give my view/, { legalPlanningMeetingNeeded: 'true', childProtectionConferenceNeeded: 'true', view: 'Both.' });
    const card = await submit(talk, await caseCard(talk, PEOPLE.sw, ref), { ...VIABLE_ASSESSMENT_FORM, viable: 'false' });
    assert.match(texts(card), /Return home not viable/);
    const swNotice = await talk.notice(PEOPLE.sw, /not viable/);
    assert.match(texts(swNotice), /you will tell the child and the parents or carers, and book an ICPC or Legal Planning Meeting where needed \(the immediate risk check said one is needed\)/);
    const actions = await talk.press(PEOPLE.sw, card, /Record the not-viable actions/);
    const refused = await talk.press(PEOPLE.sw, actions, /^Record /, { childAndParentsTold: 'true', childProtectionConferenceBooked: 'true', legalPlanningMeetingBooked: 'false' });
    assert.match(texts(refused), /said a Legal Planning Meeting is needed\. Book it first, then record the actions\.[\s\S]*R-UNPL-8/);
    assert.ok(!(await h.stateOf(ref)).notViable?.actions, 'nothing recorded');
    const done = await talk.press(PEOPLE.sw, actions, /^Record /, { childAndParentsTold: 'true', childProtectionConferenceBooked: 'true', legalPlanningMeetingBooked: 'true' });
    assert.match(texts(done), /Not-viable actions recorded/);
    const closed = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, done, /Record the review and close/), /Record and close the case/, { heldOn: '2026-03-02' });
    assert.equal((await h.stateOf(ref)).stage, 'closed');
    assert.doesNotMatch(texts(closed), /Director sign-off is needed/, 'a closed not-viable case needs no Director');
    assert.match(texts(closed), /Director sign-off is not needed: the return home is not going ahead/);
  });

  it("the view still waited when the case moved to the planned pathway: the team manager's card no longer offers it, and their request card's button and an open form answer that it is no longer needed, nothing recorded (R-UNPL-2)", async () => {
    const { talk } = h;
    const ref = 'MOS-5104';
    await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' }), { risk: { legalPlanningMeetingNeeded: 'true' }, plannedReturnAgreed: 'true' });
    const notice = await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/);
    const openForm = await talk.press(PEOPLE.tm, notice, /^Give my view$/);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    assert.equal((await h.stateOf(ref)).pathway, 'planned');
    const tmCard = await caseCard(talk, PEOPLE.tm, ref);
    assert.ok(!talk.titles(tmCard).some((t) => /view on an LPM or ICPC/.test(t)), talk.titles(tmCard).join(' | '));
    const stale = await talk.press(PEOPLE.tm, notice, /^Give my view$/);
    assert.match(texts(stale), /Your view on a Legal Planning Meeting or ICPC is no longer needed: this case moved to the planned pathway, and the view is a step of an unplanned return \(R-UNPL-2\)\..*Nothing was recorded\./s);
    assert.ok(!talk.titles(stale).includes('Give my view'), 'no button that could only be refused');
    const sent = await talk.press(PEOPLE.tm, openForm, /Give my view/, { legalPlanningMeetingNeeded: 'true', view: 'Needed.' });
    assert.match(texts(sent), /Not recorded\. Your view on a Legal Planning Meeting or ICPC is no longer needed/);
    const risk = (await h.stateOf(ref)).steps.immediateRisk;
    assert.equal(risk?.viewBy, undefined);
    assert.equal(risk?.view, undefined);
  });

  it("the social worker asks the team manager to withdraw; the team manager declines on their card, then agrees to a second request", async () => {
    const { talk } = h;
    const ref = 'MOS-5103';
    const card = await prepare(talk, await openCase(talk, { ...START, ref }));
    // The social worker's card offers to ask; only the team manager's offers to withdraw.
    assert.ok(!talk.titles(card).includes('Withdraw the case (team manager)'));
    assert.ok(talk.titles(await caseCard(talk, PEOPLE.tm, ref)).includes('Withdraw the case (team manager)'));

    const askForm = await talk.press(PEOPLE.sw, card, /^Ask the team manager to withdraw$/);
    const asked = await talk.press(PEOPLE.sw, askForm, /Ask the team manager/, { withdrawal: 'duplicate', reason: 'Opened twice: MOS-5099 is the same child.' });
    assert.match(texts(asked), /Asked the team manager to withdraw the case: a duplicate of another case \("Opened twice: MOS-5099 is the same child\."\)\. Nothing is withdrawn until they agree/);
    assert.equal((await h.stateOf(ref)).stage, 'preparing');

    let notice = await talk.notice(PEOPLE.tm, /Asked to withdraw the case/);
    assert.match(texts(notice), /Sam Social asks you, as team manager, to withdraw the case: a duplicate of another case \("Opened twice: MOS-5099 is the same child\."\)/);
    assert.deepEqual(talk.titles(notice), ['Withdraw the case', 'Decline: keep it open', 'Open the case']);
    const decline = await talk.press(PEOPLE.tm, notice, /^Decline: keep it open$/);
    const declined = await talk.press(PEOPLE.tm, decline, /Keep the case open/, { reason: 'MOS-5099 is a different child: same surname.' });
    assert.match(texts(declined), /Declined to withdraw the case \("MOS-5099 is a different child: same surname\."\): it stays open/);
    const swTold = await talk.notice(PEOPLE.sw, /Withdrawal declined/);
    assert.match(texts(swTold), /Taylor Manager \(team manager\) declined to withdraw the case \("MOS-5099 is a different child: same surname\."\)\. The case stays open/);

    // Asked again, the team manager's card opens the withdrawal form with the social worker's reason.
    const again = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Ask the team manager to withdraw$/), /Ask the team manager/, { withdrawal: 'staying-in-care', reason: 'The parents have agreed to S20 again.' });
    assert.match(texts(again), /Nothing is withdrawn until they agree/);
    notice = await talk.notice(PEOPLE.tm, /Asked to withdraw the case/);
    const withdrawForm = await talk.press(PEOPLE.tm, notice, /^Withdraw the case$/);
    const done = await talk.press(PEOPLE.tm, withdrawForm, /^Withdraw the case$/);
    assert.match(texts(done), /Case withdrawn by the team manager: the child is staying in care \(the parents have agreed again\) \("The parents have agreed to S20 again\."\)/);
    const withdrawnNotice = await talk.notice(PEOPLE.sw, /Case withdrawn/);
    assert.match(texts(withdrawnNotice), /was withdrawn by Taylor Manager: the child is staying in care/);
    // Headed with the reference people know, then the one it now has (its own is free for a new case).
    const now = /MOS-5103_W_\w{8}/.exec(texts(withdrawnNotice))?.[0];
    assert.ok(now, texts(withdrawnNotice));
    assert.match(texts(withdrawnNotice), new RegExp(`^Case withdrawn — case MOS-5103 \\(withdrawn; now ${now}\\)\n`));
    const closedCard = texts(await caseCard(talk, PEOPLE.sw, now));
    assert.match(closedCard, new RegExp(`^Case MOS-5103 \\(withdrawn; now ${now}\\)\n`));
    // Closed, it is chased no more: what was left undone is not shown as next or overdue.
    assert.doesNotMatch(closedCard, /^(Next|Later|Overdue)$/m);
    // The checklist counts the visits (on purpose: each is listed once, under "Visits after the return home"), not "overdue" once closed.
    assert.match(closedCard, /^Not done\nVisits after the return home \(R-VISIT-1\)\nVisits done: 0 of 5; next due Mon 2 Mar 2026\. Each is listed below\.\n/m);
    assert.match(closedCard, /^First home visit\nDue Mon 2 Mar 2026\n/m);
    assert.match(closedCard, /^Not done\nAssessment and plan \(R-UNPL-5\)\nNot done before the case closed\n/m);
    assert.doesNotMatch(closedCard, /Ready to submit/);
    const state = await h.stateOf(`${ref}`).catch(() => null);
    assert.equal(state, null, 'the reference is free for a new case');
  });
});
