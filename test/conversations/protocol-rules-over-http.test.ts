/**
 * The protocol rule by rule over HTTP, against the real bot and the strict local Bot Connector,
 * pressing only the buttons the cards show, on the paths less walked: a young person who left at
 * 16 or 17 and has had a birthday since (R-UNPL-1, R-SIGN-1); the placement ended with the Head of
 * Service's consent while the Director's authorisation waits (R-PLACE-1); a final no on an
 * unplanned return with the child not home yet, who cannot simply stay in care (R-UNPL-8); the
 * child and parents told of the decision when the care episode ends (R-VOICE-1).
 */
import { strict as assert } from 'node:assert';
import { caseCard, iroView, openCase, prepare, submit } from './support/case-steps-over-http';
import { overHttp, PEOPLE, START, texts } from './support/over-http';

/** 18 on Sun 1 Mar 2026: 17 when they left on Fri 27 Feb. */
const LEFT_AT_17 = { ...START, trigger: 'young-person-left', dateOfBirth: '2008-03-01' };

describe('over HTTP: the protocol rule by rule, on the paths less walked', function () {
  this.timeout(120_000);
  const h = overHttp();
  beforeEach(() => h.setNow('2026-03-02T10:00:00Z'));

  it('a young person who left at 17 and has turned 18 since: the case opens on that reason, with R-SIGN-1 (their age the day they left)', async () => {
    const { talk } = h;
    const card = await openCase(talk, { ...LEFT_AT_17, ref: 'MOS-5301' });
    assert.doesNotMatch(texts(card), /Choose another reason/);
    assert.match(texts(card), /R-SIGN-1/);
    assert.equal((await h.stateOf('MOS-5301')).trigger, 'young-person-left');
  });

  it('a young person who left at 15 and has turned 16 since: the 16/17 reason is refused, naming the day they went home (R-UNPL-1)', async () => {
    const { talk } = h;
    const form = await talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref: 'MOS-5302', trigger: 'young-person-left', dateOfBirth: '2010-03-01' });
    assert.match(texts(form), /That reason is for a young person aged 16 or 17, and this child was not 16 or 17 on the day they went home \(Fri 27 Feb 2026\)\. Choose another reason\. \(R-UNPL-1\)/);
    assert.ok(!(await h.bot.runtime.app.service.getByRef('MOS-5302')), 'no case opened');
  });

  it('a case opened for a 17-year-old who left: after their 18th birthday a correction of another date is still recorded', async () => {
    const { talk } = h;
    h.setNow('2026-02-27T10:00:00Z');
    const ref = 'MOS-5303';
    await openCase(talk, { ...LEFT_AT_17, ref, dateOfBirth: '2008-02-28', returnedHomeOn: '2026-02-26' });
    h.setNow('2026-03-02T10:00:00Z');
    const form = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Correct the facts$/);
    const corrected = await talk.press(PEOPLE.sw, form, /^Correct the facts$/, { previousEpisodeEndedOn: '2025-12-20', reason: 'An earlier episode was found.' });
    assert.doesNotMatch(texts(corrected), /Choose another reason/);
    assert.match(texts(corrected), /Facts corrected/);
    assert.equal((await h.stateOf(ref)).facts.previousEpisodeEndedOn, '2025-12-20');
  });

  it("the Head of Service has agreed and the Director's authorisation waits: the card offers to ask to end the placement, as the rule allows (R-PLACE-1)", async () => {
    const { talk } = h;
    const ref = 'MOS-5304';
    // Eight weeks in care, not home yet: the Director must authorise (R-SIGN-2).
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-director');
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.ok(talk.titles(card).includes('Ask to end the placement'), talk.titles(card).join(' | '));
    const form = await talk.press(PEOPLE.sw, card, /^Ask to end the placement$/);
    const asked = await talk.press(PEOPLE.sw, form, /^Ask the Head of Service$|^Send|^Ask/, { proposedEndDate: '2026-03-09' });
    assert.doesNotMatch(texts(asked), /Not recorded/);
    assert.equal((await h.stateOf(ref)).placement.status, 'consent-requested');
  });

  it('Reject on an unplanned return with the young person not home yet: they cannot simply stay in care, so the not-viable route follows, not a closed case saying they stay accommodated (R-UNPL-8)', async () => {
    const { talk } = h;
    const ref = 'MOS-5305';
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, trigger: 'young-person-left', returnedHomeOn: '' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    const request = await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));
    assert.match(texts(request), /Reject ends this return-home request\. The young person, aged 16 or 17, wants to go home or has left: they cannot simply stay in care, so the not-viable route of R-UNPL-8 follows\./);
    assert.doesNotMatch(texts(request), /stays accommodated/);
    await talk.press(PEOPLE.hos, request, /^Reject/, { comment: 'The risks at home are too high.' });
    const state = await h.stateOf(ref);
    assert.equal(state.stage, 'not-viable');
    const told = texts(await talk.notice(PEOPLE.sw, /Return home rejected/));
    assert.match(told, /Harper Head \(Head of Service\) rejected the return home \(their reason: "The risks at home are too high\."\)\. The young person, aged 16 or 17, wants to go home or has left: they cannot simply stay in care, so the not-viable route follows/);
    assert.match(texts(await talk.notice(PEOPLE.iro, /Return home rejected/)), /cannot simply stay in care, so the not-viable route follows: the social worker will tell the child and the parents or carers/);
    // The not-viable actions are offered and recorded, then the review closes the case.
    const card = await caseCard(talk, PEOPLE.sw, ref);
    const done = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Record the not-viable actions/), /^Record$/, { childAndParentsTold: 'true', childProtectionConferenceBooked: 'false', legalPlanningMeetingBooked: 'true' });
    assert.match(texts(done), /Not-viable actions recorded/);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, done, /Record the review and close/), /Record and close the case/, { heldOn: '2026-03-02' });
    assert.equal((await h.stateOf(ref)).stage, 'closed');
  });

  it('ending the care episode asks whether the child and the parents have been told of the decision, and the IRO and team manager read the answer (R-VOICE-1)', async () => {
    const { talk } = h;
    const ref = 'MOS-5307';
    // Ten days in care, not home: the Head of Service's agreement completes the chain (R-SIGN-6).
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, accommodatedOn: '2026-02-20', returnedHomeOn: '' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.notices(PEOPLE.iro);
    await talk.notices(PEOPLE.tm);
    const form = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Record the end of the care episode/);
    assert.match(texts(form), /The child and the parents \(and others with parental responsibility\) have been told of the decision \(R-VOICE-1\)/);
    await talk.press(PEOPLE.sw, form, /^Record$/, { agenciesInformed: 'true', familyInformed: 'false' });
    assert.equal((await h.stateOf(ref)).episodeEnded?.familyInformed, false);
    assert.match(texts(await talk.notice(PEOPLE.iro, /Care episode ended/)), /The child and the parents have not yet been recorded as told of the decision \(R-VOICE-1\): the social worker tells them\./);
    assert.match(texts(await talk.notice(PEOPLE.tm, /Care episode ended/)), /not yet been recorded as told of the decision \(R-VOICE-1\)/);
  });
});
