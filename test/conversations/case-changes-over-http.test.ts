/**
 * Issue 12's paths over HTTP, against the real bot and the strict local Bot Connector, pressing only
 * the buttons the cards show and reading each notice where Teams would show it: correcting the facts
 * (approvals asked again; a Care Order ends the case, R-SCOPE-2), undoing a step before and after it
 * was relied on, Reject as a final no (child home or not), request changes and the revised form
 * opening filled in, planned instead (R-UNPL-4), reopening within and after the period, a visit with
 * no access, and the forms refusing what cannot apply to the child's age.
 */
import { strict as assert } from 'node:assert';
import { caseCard, iroView, openCase, prepare, preparePlanned, submit } from './support/case-steps-over-http';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';
import { overHttp, PEOPLE, START, texts } from './support/over-http';

/** 10 days in care, not home: no Director sign-off (R-SIGN-6) until the facts say otherwise. */
const SHORT = { ...START, accommodatedOn: '2026-02-20', returnedHomeOn: '' };
/** The same child on a planned return: the parents still agree to S20, so a final no leaves them accommodated. */
const PLANNED = { ...SHORT, pathway: 'planned', trigger: '' };

describe('over HTTP: real cases change (issue 12)', function () {
  this.timeout(120_000);
  const h = overHttp();
  beforeEach(() => h.setNow('2026-03-02T10:00:00Z'));

  async function toHeadOfService(ref: string, start: Record<string, string>): Promise<void> {
    const { talk } = h;
    await submit(talk, await prepare(talk, await openCase(talk, { ...start, ref })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
  }

  it('a correction that changes the ruling withdraws the decisions given and asks the team manager again, saying why', async () => {
    const { talk } = h;
    const ref = 'MOS-5201';
    await toHeadOfService(ref, SHORT);
    let card = await caseCard(talk, PEOPLE.sw, ref);
    assert.match(texts(card), /Director sign-off is not required/);
    const form = await talk.press(PEOPLE.sw, card, /^Correct the facts$/);
    card = await talk.press(PEOPLE.sw, form, /^Correct the facts$/, { accommodatedOn: '2026-01-21', reason: 'The start date was typed wrong.' });
    assert.match(texts(card), /Director sign-off is now needed: R-SIGN-1, R-SIGN-2/);
    assert.match(texts(card), /the team manager's agreement is asked again/);
    const told = await talk.notice(PEOPLE.tm, /Facts corrected/);
    assert.match(texts(told), /your earlier decision was withdrawn and you are asked again/);
    const request = await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    assert.match(texts(request), /Director sign-off\nNeeded \(R-SIGN-1, R-SIGN-2\)/);
    assert.ok(talk.titles(request).includes('Approve'));
  });

  it("once the Head of Service has agreed, a correction is the team manager's; the end of the care episode says only what was recorded", async () => {
    const { talk } = h;
    const ref = 'MOS-5211';
    await toHeadOfService(ref, SHORT);
    // The social worker opened the correction form before the Head of Service agreed.
    const form = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Correct the facts$/);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    // Their case card no longer offers a correction, which could only be refused them.
    assert.ok(!talk.titles(await caseCard(talk, PEOPLE.sw, ref)).includes('Correct the facts'), "the social worker's card offers no correction now");
    const refused = await talk.press(PEOPLE.sw, form, /^Correct the facts$/, { previousEpisodeEndedOn: '2024-01-01', reason: 'An earlier episode was found.' });
    assert.match(texts(refused), /^Not recorded\. Only this case's team manager, or their deputy, can correct the facts once the Head of Service has agreed the return home\.\nRule R-SIGN-4/);
    const corrected = await talk.press(PEOPLE.tm, await talk.press(PEOPLE.tm, await caseCard(talk, PEOPLE.tm, ref), /^Correct the facts$/), /^Correct the facts$/, { previousEpisodeEndedOn: '2024-01-01', reason: 'An earlier episode was found.' });
    assert.match(texts(corrected), /Facts corrected/);
    await talk.notices(PEOPLE.iro);
    const ended = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Record the end of the care episode/), /^Record /, { agenciesInformed: 'false' });
    assert.match(texts(ended), /Care episode ended/);
    const told = await talk.notice(PEOPLE.iro, /Care episode ended/);
    assert.match(texts(told), /The agencies involved have not yet been recorded as told of the support and safety plan\./);
    assert.doesNotMatch(texts(told), /have been told what support/);
  });

  it('a correction to a Care Order ends the case under R-SCOPE-2 with the court-route words', async () => {
    const { talk } = h;
    const card = await prepare(talk, await openCase(talk, { ...SHORT, ref: 'MOS-5202' }));
    const closed = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /^Correct the facts$/), /^Correct the facts$/, { legalStatus: 'CO', reason: 'The child is on a care order.' });
    assert.match(texts(closed), /Closed: the child is on a court order \(R-SCOPE-2\)/);
    assert.match(texts(closed), /court route/);
    assert.equal((await h.stateOf('MOS-5202')).stage, 'closed');
  });

  it('a step is undone by the social worker before it is relied on; after the Head of Service agreed, even the team manager is refused with the rule', async () => {
    const { talk } = h;
    const ref = 'MOS-5203';
    let card = await prepare(talk, await openCase(talk, { ...SHORT, ref }));
    card = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Undo a recorded step/), /Undo the step/, { undo: 'iroInformed', reason: 'Ticked by mistake: the IRO was not told yet.' });
    assert.match(texts(card), /Undone: IRO informed/);
    card = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Inform the IRO/), /Inform the IRO now/);
    await submit(talk, card);
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    // The team manager's undo form, opened while the Head of Service's request waits, is pressed once they have agreed.
    const tmForm = await talk.press(PEOPLE.tm, await caseCard(talk, PEOPLE.tm, ref), /Undo a recorded step/);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.ok(!talk.titles(await caseCard(talk, PEOPLE.tm, ref)).includes('Undo a recorded step'), 'nothing left to offer that would not be refused');
    const refused = await talk.press(PEOPLE.tm, tmForm, /Undo the step/, { undo: 'iroInformed', reason: 'Mistake.' });
    assert.match(texts(refused), /Not recorded\. The Head of Service agreed the return home relying on the IRO having been informed, so it cannot be undone now \(R-UNPL-3\)/);
    assert.ok((await h.stateOf(ref)).steps.iroInformed, 'still recorded');
  });

  it("a step undone by the team manager while the IRO's view is awaited sends the assessment back: the social worker is told it is back with them and what to do", async () => {
    const { talk } = h;
    const ref = 'MOS-5213';
    await submit(talk, await prepare(talk, await openCase(talk, { ...SHORT, ref })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.notices(PEOPLE.sw);
    const undone = await talk.press(PEOPLE.tm, await talk.press(PEOPLE.tm, await caseCard(talk, PEOPLE.tm, ref), /Undo a recorded step/), /Undo the step/, { undo: 'childViews', reason: 'Recorded on the wrong case.' });
    assert.match(texts(undone), /the assessment is back with the social worker/);
    assert.equal((await h.stateOf(ref)).stage, 'revising');
    const told = texts(await talk.notice(PEOPLE.sw, new RegExp(`Step undone — case ${ref}`)));
    assert.match(told, /Taylor Manager undid "the child's views" \("Recorded on the wrong case\."\), so the assessment is back with you: record the child's views again on the case card, then submit the assessment again\./);
  });

  it('"Undo a recorded step" pressed on an old case card once nothing is left to undo opens a card Teams can show (a choice list is never empty), saying it cannot be recorded now', async () => {
    const { talk } = h;
    const ref = 'MOS-5299';
    const opened = await openCase(talk, { ...SHORT, ref });
    const withViews = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, opened, /Record the child's views/), /^Record /, { views: 'Wants to go home.' });
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, withViews, /Undo a recorded step/), /Undo the step/, { undo: 'childViews', reason: 'Typed on the wrong case.' });
    assert.equal((await h.stateOf(ref)).steps.childViews, undefined);
    // The old card still shows the button: the form it opens parses cleanly (HttpConversation checks every card) and records nothing.
    const stale = await talk.press(PEOPLE.sw, withViews, /Undo a recorded step/);
    assert.match(texts(stale), /You cannot record this step now/);
    assert.deepEqual(talk.titles(stale).filter((t) => /Undo the step/.test(t)), [], 'no button that could only be refused');
  });

  it('Reject on a planned return with the child not home is a final no: the case closes, the social worker is told the child stays accommodated; the team manager reopens it within the period', async () => {
    const { talk } = h;
    const ref = 'MOS-5204';
    await submit(talk, await preparePlanned(talk, await openCase(talk, { ...PLANNED, ref })));
    const request = await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    assert.match(texts(request), /Reject ends this return-home request: the child stays accommodated/);
    const rejected = await talk.press(PEOPLE.tm, request, /^Reject/, { comment: 'Not safe yet: the home is not ready.' });
    assert.match(texts(rejected), /Rejected by Taylor Manager/);
    const told = await talk.notice(PEOPLE.sw, /Return home rejected/);
    assert.match(texts(told), /Taylor Manager \(team manager\) rejected the return home \(their reason: "Not safe yet: the home is not ready\."\)\. The child stays accommodated and this request has ended: the case is closed\. Please tell the child and the parents \(and others with parental responsibility\) of this decision \(R-VOICE-1\)\./);
    h.setNow('2026-03-20T10:00:00Z');
    const closed = await caseCard(talk, PEOPLE.tm, ref);
    assert.deepEqual(talk.titles(closed), ['Reopen the case (team manager)']);
    const card = await talk.press(PEOPLE.tm, await talk.press(PEOPLE.tm, closed, /Reopen the case/), /Reopen the case/, { reason: 'The family asked again; circumstances changed.' });
    assert.match(texts(card), /Case reopened by the team manager/);
    assert.match(texts(await talk.notice(PEOPLE.sw, /Case reopened/)), /was reopened by Taylor Manager: "The family asked again; circumstances changed\."/);
    // Revised after a final no, not after a request for changes: the card and the form say which.
    const reopened = await caseCard(talk, PEOPLE.sw, ref);
    assert.match(texts(reopened), /Team manager's agreement: rejected by Taylor Manager on Mon 2 Mar 2026: "Not safe yet: the home is not ready\.", and the case reopened — revise the assessment and submit it again/);
    const form = await talk.press(PEOPLE.sw, reopened, /Submit the assessment/);
    assert.match(texts(form), /Taylor Manager rejected this on Mon 2 Mar 2026: "Not safe yet: the home is not ready\.", and the case was reopened — the form below holds what you sent/);
    for (const shown of [reopened, form]) assert.doesNotMatch(texts(shown), /sent (this )?back/);
  });

  it('after the reopening period a closed case offers no Reopen, and "new case" with its reference offers the next numbered one', async () => {
    const { talk } = h;
    const ref = 'MOS-5205';
    await submit(talk, await preparePlanned(talk, await openCase(talk, { ...PLANNED, ref })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Reject/, { comment: 'No.' });
    h.setNow('2026-04-20T10:00:00Z');
    const closed = await caseCard(talk, PEOPLE.tm, ref);
    assert.deepEqual(talk.titles(closed), []);
    const again = await talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...SHORT, ref, accommodatedOn: '2026-04-01' });
    assert.match(texts(again), /Case MOS-5205 is closed\. For a later return home of the same child, start a new case with a numbered reference such as MOS-5205\/2\./);
    const opened = await talk.press(PEOPLE.sw, again, /Start the case/, { ref: 'MOS-5205/2' });
    assert.match(texts(opened), /Case MOS-5205\/2/);
  });

  it('Reject by the Director with the child already home starts the not-viable route; the Director saw the chain and that the child is home', async () => {
    const { talk } = h;
    const ref = 'MOS-5206';
    await toHeadOfService(ref, START);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/, { comment: 'Agreed with the stepdown plan.' });
    const request = await talk.notice(PEOPLE.director, new RegExp(`needed: case ${ref}`));
    const t = texts(request);
    assert.match(t, /Child at home\nYes, since Fri 27 Feb 2026: your authorisation will be retrospective \(R-SIGN-5\)/);
    assert.match(t, /- Head of Service Harper Head agreed on Mon 2 Mar 2026 \(version 1\): "Agreed with the stepdown plan\."/);
    await talk.press(PEOPLE.director, request, /^Reject/, { comment: 'Not safe yet.' });
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.match(texts(card), /Return home not viable/);
    assert.ok(talk.titles(card).includes('Record the not-viable actions'));
    assert.match(texts(await talk.notice(PEOPLE.sw, /Return home rejected/)), /The child is already home, so the not-viable route follows: you will tell the child/);
    const done = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Record the not-viable actions/), /^Record /, { childAndParentsTold: 'true' });
    assert.doesNotMatch(texts(done), /Director sign-off is needed/, 'a not-viable case needs no Director');
  });

  it('Request changes: the revised form opens filled in under the comment, and the team manager sees what changed', async () => {
    const { talk } = h;
    const ref = 'MOS-5207';
    await submit(talk, await prepare(talk, await openCase(talk, { ...SHORT, ref })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Request changes/, { comment: "Add the school's view to the safety plan." });
    assert.match(texts(await talk.notice(PEOPLE.sw, /Changes asked for/)), /Add the school's view to the safety plan/);
    const card = await caseCard(talk, PEOPLE.sw, ref);
    const form = await talk.press(PEOPLE.sw, card, /Submit the assessment/);
    assert.match(texts(form), /Taylor Manager sent this back on Mon 2 Mar 2026: "Add the school's view to the safety plan\."/);
    // Only the safety plan is retyped; the rest goes as the form shows it.
    await talk.press(PEOPLE.sw, form, /Submit for agreement/, { safetyPlan: 'Daily contact with school; the school agrees.' });
    const revised = (await h.stateOf(ref)).assessment;
    assert.equal(revised?.riskAnalysis, VIABLE_ASSESSMENT_FORM.riskAnalysis);
    assert.equal(revised?.stepdownPlan[0]?.purpose, VIABLE_ASSESSMENT_FORM.purpose);
    const again = await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    assert.match(texts(again), /Safety plan: was "Daily contact with school\."/);
    assert.doesNotMatch(texts(again), /Risks: was/);
  });

  it('planned instead: after the parents agree a planned return, the same case moves to the planned pathway (R-UNPL-4)', async () => {
    const { talk } = h;
    const ref = 'MOS-5208';
    const card = await prepare(talk, await openCase(talk, { ...SHORT, ref }), { plannedReturnAgreed: 'true' });
    const moved = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    assert.match(texts(moved), /Moved from the unplanned to the planned pathway: the parents agreed a planned return \(R-UNPL-4\)/);
    assert.ok(talk.titles(moved).includes('Record the start of reunification work'));
    assert.match(texts(await talk.notice(PEOPLE.tm, /Now a planned return/)), /moved from an unplanned to a planned return home: the parents agreed a planned return/);
    const state = await h.stateOf(ref);
    assert.equal(state.pathway, 'planned', 'the same case, now planned');
    assert.equal(state.pathwayChanges.at(-1)?.by.id, PEOPLE.sw.id, 'who moved it is kept');
  });

  it('a visit with no access does not count and the team manager is told at once', async () => {
    const { talk } = h;
    const ref = 'MOS-5209';
    const card = await openCase(talk, { ...START, ref });
    const form = await talk.press(PEOPLE.sw, card, /Record the first home visit/);
    const after = await talk.press(PEOPLE.sw, form, /^Record /, { on: '2026-03-02', outcome: 'no-access', notes: 'Nobody answered.' });
    assert.match(texts(after), /no access; it does not count/);
    assert.ok(talk.titles(after).includes('Record the first home visit'), 'still to do');
    // The attempt is on the card, where the team manager told of it looks.
    assert.match(texts(await talk.sayForCard(PEOPLE.tm, `case ${ref}`)), /Due Mon 2 Mar 2026; not counted: Mon 2 Mar 2026, no access to the home/);
    const warned = await talk.notice(PEOPLE.tm, /Child not seen at a visit/);
    assert.match(texts(warned), /there was no access to the home\. It does not count as the visit due on Mon 2 Mar 2026/);
    assert.match(texts(warned), /Please agree the next step with the social worker today/);
    // The social worker's own copy: not asked to agree the next step with the social worker.
    const theirs = texts(await talk.notice(PEOPLE.sw, /Child not seen at a visit/));
    assert.match(theirs, /there was no access to the home\. It does not count as the visit due on Mon 2 Mar 2026, which is still to be done\. Your team manager has been told: agree the next step with them today/);
    assert.doesNotMatch(theirs, /with the social worker/);
  });

  it("the start form refuses the 16/17 reason for a younger child beside the field, with R-UNPL-1; nothing is saved", async () => {
    const { talk } = h;
    const form = await talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...SHORT, ref: 'MOS-5210', dateOfBirth: '2015-01-01', trigger: 'young-person-left' });
    assert.match(texts(form), /Nothing was saved/);
    assert.match(texts(form), /this child is not 16 or 17\. Choose another reason\. \(R-UNPL-1\)/);
    assert.equal(await h.bot.runtime.app.service.getByRef('MOS-5210'), undefined);
  });
});
