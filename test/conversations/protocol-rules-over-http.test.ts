/**
 * The protocol rule by rule over HTTP, against the real bot and the strict local Bot Connector,
 * pressing only the buttons the cards show, on the paths less walked: a young person who left at
 * 16 or 17 and has had a birthday since (R-UNPL-1, R-SIGN-1); the placement ended with the Head of
 * Service's consent while the Director's authorisation waits (R-PLACE-1); a final no on an
 * unplanned return with the child not home yet, who cannot simply stay in care (R-UNPL-8); the
 * child and parents told of the decision when the care episode ends (R-VOICE-1).
 */
import { strict as assert } from 'node:assert';
import { caseCard, iroView, openCase, prepare, preparePlanned, submit } from './support/case-steps-over-http';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';

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
    const done = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /Record the not-viable actions/), /^Record /, { childAndParentsTold: 'true', childProtectionConferenceBooked: 'false', legalPlanningMeetingBooked: 'true' });
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
    await talk.press(PEOPLE.sw, form, /^Record /, { agenciesInformed: 'true', familyInformed: 'false' });
    assert.equal((await h.stateOf(ref)).episodeEnded?.familyInformed, false);
    assert.match(texts(await talk.notice(PEOPLE.iro, /Care episode ended/)), /The child and the parents have not yet been recorded as told of the decision \(R-VOICE-1\): the social worker tells them\./);
    assert.match(texts(await talk.notice(PEOPLE.tm, /Care episode ended/)), /not yet been recorded as told of the decision \(R-VOICE-1\)/);
  });

  it('the child and the parents not told when the care episode ended: the card offers to record it later, the case cannot close until then, and the team manager and IRO are told when it is (R-VOICE-1)', async () => {
    const { talk } = h;
    const ref = 'MOS-5310';
    // Home since Fri 27 Feb, ten days in care before: the Head of Service's agreement completes the chain (R-SIGN-6).
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, accommodatedOn: '2026-02-17' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.notices(PEOPLE.iro);
    await talk.notices(PEOPLE.tm);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Record the end of the care episode/), /^Record /, { agenciesInformed: 'true', familyInformed: 'false' });
    assert.match(texts(await talk.notice(PEOPLE.tm, /Care episode ended/)), /not yet been recorded as told of the decision \(R-VOICE-1\): the social worker tells them\. The case cannot close until the social worker records that they have been told \(R-UNPL-10\)\./);
    await talk.notices(PEOPLE.iro);
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.match(texts(card), /Child and parents told of the decision \(R-VOICE-1\).*Not yet recorded: the social worker's next step, before the case can close/s);
    assert.match(texts(card), /Still to do first: .*record that the child and the parents were told of the decision \(R-VOICE-1\)/);
    assert.ok(!talk.titles(await caseCard(talk, PEOPLE.iro, ref)).includes('Record that the child and parents were told'), "not the IRO's button");
    const form = await talk.press(PEOPLE.sw, card, /^Record that the child and parents were told$/);
    assert.match(texts(form), /Record that the child and the parents were told of the decision/);
    const done = texts(await talk.press(PEOPLE.sw, form, /^Record /, { on: '2026-03-02' }));
    assert.match(done, /Recorded that the child and the parents \(and others with parental responsibility\) were told of the decision, on Mon 2 Mar 2026 \(R-VOICE-1\)/);
    assert.equal((await h.stateOf(ref)).episodeEnded?.familyInformed, true);
    for (const who of [PEOPLE.tm, PEOPLE.iro]) {
      assert.match(texts(await talk.notice(who, /Told since the care episode ended/)), new RegExp(`Case ${ref}: Sam Social recorded that the child and the parents were told of the decision on Mon 2 Mar 2026\\. Nothing is needed from you\\.`));
    }
    const after = texts(await caseCard(talk, PEOPLE.sw, ref));
    assert.match(after, /Child and parents told of the decision \(R-VOICE-1\).*Told on Mon 2 Mar 2026; recorded Mon 2 Mar 2026, Sam Social/s);
    assert.doesNotMatch(after, /record that the child and the parents were told/);
  });

  it('a viable assessment whose stepdown plan says nothing of what it is meant to achieve is not sent for agreement, the form kept as filled in (R-UNPL-9)', async () => {
    const { talk } = h;
    const ref = 'MOS-5311';
    const card = await prepare(talk, await openCase(talk, { ...START, ref }));
    const form = await talk.press(PEOPLE.sw, card, /Submit the assessment/);
    const answer = await talk.press(PEOPLE.sw, form, /Submit for agreement/, { ...VIABLE_ASSESSMENT_FORM, purpose: '' });
    assert.match(texts(answer), /Not recorded\. Say what the stepdown plan is meant to achieve for each option chosen \(Family Group Conference referral\), then submit it again\. \(R-UNPL-9\)/);
    assert.equal((await h.stateOf(ref)).stage, 'preparing');
    assert.equal((await h.stateOf(ref)).assessment, null);
    const sent = await talk.press(PEOPLE.sw, answer, /Submit for agreement/, { purpose: 'Build the family network.' });
    assert.doesNotMatch(texts(sent), /Not recorded/);
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-team-manager');
  });

  it('a child who goes home after the return was assessed as not viable (the parents withdrew their agreement): the card offers to record the return home, and the visits follow before the case can close (R-UNPL-4, R-VISIT-1)', async () => {
    const { talk } = h;
    const ref = 'MOS-5312';
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' })), { ...VIABLE_ASSESSMENT_FORM, viable: 'false', stepdown: '', purpose: '' });
    assert.equal((await h.stateOf(ref)).stage, 'not-viable');
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.ok(talk.titles(card).includes('Record the return home'), talk.titles(card).join(' | '));
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /^Record the return home$/), /^Record /, { on: '2026-03-02' });
    const state = await h.stateOf(ref);
    assert.equal(state.facts.returnedHomeOn, '2026-03-02');
    assert.deepEqual(state.visits.map((v) => v.due), ['2026-03-05', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    const done = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Record the not-viable actions/), /^Record /, { childAndParentsTold: 'true', childProtectionConferenceBooked: 'false', legalPlanningMeetingBooked: 'true' });
    assert.ok(!talk.titles(done).includes('Record the review and close'), 'the visits come first');
    assert.match(texts(done), /Still to do first: record 5 outstanding visits \(R-VISIT-1\)/);
  });

  it("a planned return the Head of Service has agreed, the child not home yet: 'my cases' still gives the 16-week horizon as next due, as its notices and the case card do (R-PLAN-5)", async () => {
    const { talk } = h;
    const ref = 'MOS-5313';
    // Ten days in care: the Head of Service's agreement completes the chain (R-SIGN-6).
    await submit(talk, await preparePlanned(talk, await openCase(talk, { ...START, ref, pathway: 'planned', trigger: '', accommodatedOn: '2026-02-20', returnedHomeOn: '' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).stage, 'head-of-service-agreed');
    assert.match(texts(await caseCard(talk, PEOPLE.sw, ref)), /16-week horizon for the planned return \(R-PLAN-5\)/);
    const mine = (await talk.say(PEOPLE.sw, 'my cases')).map((r) => JSON.stringify(r.body)).join(' ');
    assert.match(mine, new RegExp(`${ref}[^"]*next due Mon 15 Jun 2026: 16-week horizon \\(R-PLAN-5\\)`));
  });

  it('an immediate risk check form opened on an unplanned case and sent after the move to the planned pathway is refused: the check is an unplanned return\'s step (R-UNPL-2)', async () => {
    const { talk } = h;
    const ref = 'MOS-5314';
    const sw = PEOPLE.sw;
    let card = await openCase(talk, { ...START, ref, returnedHomeOn: '' });
    card = await talk.press(sw, await talk.press(sw, card, /child's views/), /^Record /, { views: 'Wants to go home.' });
    const riskForm = await talk.press(sw, card, /immediate risk/);
    await talk.press(sw, await talk.press(sw, card, /parents' views/), /^Record /, { views: 'They agree a planned return.', plannedReturnAgreed: 'true' });
    await talk.press(sw, await talk.press(sw, await caseCard(talk, sw, ref), /Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    const answer = texts(await talk.press(sw, riskForm, /^Record /, { summary: 'Considered at the home visit.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'true' }));
    assert.match(answer, /Not recorded\. The immediate risk check \(R-UNPL-2\) is a step of an unplanned return, and this case is now a planned return, so it was not recorded: a planned return takes the child's, the parents' and the IRO's views instead \(R-PLAN-6\)\./);
    const state = await h.stateOf(ref);
    assert.equal(state.steps.immediateRisk, undefined);
    assert.deepEqual(await talk.notices(PEOPLE.tm).then((n) => n.map(texts).filter((t) => t.includes(ref) && /LPM|Legal Planning/.test(t))), [], 'no manager asked for a view');
  });

  it('a "Record the return home" form opened on an unplanned case and sent after the case moved to the planned pathway is refused: a planned return goes home once agreed, and going home sooner is unplanned (R-SCOPE-3)', async () => {
    const { talk } = h;
    const ref = 'MOS-5308';
    const card = await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' }), { plannedReturnAgreed: 'true' });
    const homeForm = await talk.press(PEOPLE.sw, card, /^Record the return home$/);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    assert.ok(!talk.titles(await caseCard(talk, PEOPLE.sw, ref)).includes('Record the return home'), 'the planned card does not offer it');
    const answer = texts(await talk.press(PEOPLE.sw, homeForm, /^Record /, { on: '2026-03-02' }));
    assert.match(answer, /Not recorded\. On a planned return the child goes home once the Head of Service has agreed the return \(R-SIGN-4\), and this one has not been agreed yet\. If the child has gone home already, the return is unplanned: press "Move to the unplanned pathway" on the case card and choose what happened, then record the return home \(R-SCOPE-3\)\./);
    const state = await h.stateOf(ref);
    assert.equal(state.facts.returnedHomeOn, null, 'nothing recorded');
    assert.deepEqual(state.visits, []);
  });

  it("a planned return the Head of Service has agreed, the Director's authorisation waiting: the pathway no longer changes, as at head-of-service-agreed (R-SIGN-4); the child going home sooner is recorded, and the authorisation is retrospective (R-SIGN-5)", async () => {
    const { talk } = h;
    const ref = 'MOS-5309';
    // Eight weeks in care: the Director must authorise (R-SIGN-2).
    await submit(talk, await preparePlanned(talk, await openCase(talk, { ...START, ref, pathway: 'planned', trigger: '', returnedHomeOn: '' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    // A form opened while the Head of Service's agreement waited, sent after they agreed.
    const moveForm = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Move to the unplanned pathway$/);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-director');
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.ok(!talk.titles(card).includes('Move to the unplanned pathway'), talk.titles(card).join(' | '));
    const refused = texts(await talk.press(PEOPLE.sw, moveForm, /Move to the unplanned pathway/, { trigger: 'returned-without-agreement' }));
    assert.match(refused, /Not recorded\. The Head of Service has already agreed the return home, so the pathway can no longer change \(R-SIGN-4\)\. If the child goes home sooner than planned, record the return home from the case card: the visits follow from that day \(R-VISIT-1\)\. The Director's authorisation still waits: given after the child has gone home, it is retrospective \(R-SIGN-5\)\./);
    const after = await h.stateOf(ref);
    assert.equal(after.pathway, 'planned');
    assert.ok(after.approvals.some((a) => a.stage === 'director' && !a.decision && !a.cancelledAt), "the Director's request still waits");
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /^Record the return home$/), /^Record /, { on: '2026-03-02' });
    await talk.press(PEOPLE.director, await talk.notice(PEOPLE.director, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    const authorised = await h.stateOf(ref);
    assert.equal(authorised.stage, 'director-authorised');
    assert.equal(authorised.approvals.find((a) => a.stage === 'director')?.decision?.retrospective, true);
  });
});
