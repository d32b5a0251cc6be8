/**
 * Whole cases walked from the outside, over HTTP against the real bot (SQLite, outbox, the strict
 * local Bot Connector), as each person: only the buttons the cards they were given show, only the
 * form fields those cards have, each notice read where Teams shows it. No card data is built by
 * hand (test/reliability/support/cards-only.ts). Unplanned to closed with the letter; planned
 * with a correction, a handover and a reopening; a withdrawal asked for and given.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { inputs } from '../bot/support/conversation-driver';
import { exactly, walkByDay } from './support/cards-only';

describe('cards only, over HTTP: whole cases walked as each person sees them', function () {
  this.timeout(180_000);
  const h = overHttp();
  const { walk, on } = walkByDay(h);

  /** A request waiting for `who`, opened from the notice the bot sent them, and approved there. */
  async function approveFromNotice(who: { id: string; name: string }, about: RegExp): Promise<void> {
    const request = await h.talk.notice(who, about);
    const decided = await walk.press(who, request, /^Approve$/, { comment: 'Agreed.' });
    assert.match(texts(decided), new RegExp(`Approved by ${who.name}`));
  }

  /**
   * The eight steps most walks start with: the social worker starts the case, prepares it and
   * submits the assessment; the team manager agrees from their notice; the IRO records their view.
   * The Head of Service's request is then waiting.
   */
  async function walkToHeadOfService(ref: string, { start = {}, assessment = { stepdown: 'trusted-adult', purpose: 'Someone to turn to.' } }: { start?: Record<string, string>; assessment?: Record<string, string> } = {}): Promise<void> {
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, ...start });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, assessment, card);
    await approveFromNotice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
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
    assert.match(texts(theirs), new RegExp(`This decision is for ${PEOPLE.tm.name} and ${PEOPLE.managerWithCases.name}, this case's team managers, or their deputies: you can read the request here, and you will be told when it is decided`));

    await approveFromNotice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    await walk.step(sw, ref, /Ask to end the placement/, { proposedEndDate: '2026-03-06' });
    await approveFromNotice(PEOPLE.hos, /Head of Service's written agreement needed/);
    await approveFromNotice(PEOPLE.hos, /consent to end the placement needed/i);
    await approveFromNotice(PEOPLE.director, new RegExp(`needed: case ${ref}`));
    assert.equal((await h.stateOf(ref)).stage, 'director-authorised');
    // Each decision tells the social worker what comes next and whether it is theirs, not only to open the case.
    const decided = (await talk.notices(sw)).map(texts).filter((t) => t.startsWith(`Decision made — case ${ref}`));
    assert.deepEqual(decided.map((t) => t.split('\n')[1]), [
      `Case ${ref}: team manager's agreement — approved by ${PEOPLE.tm.name}. It now waits for the IRO's view, then goes to the Head of Service: nothing is needed from you now.`,
      `Case ${ref}: Head of Service's written agreement — approved by ${PEOPLE.hos.name}. It now goes to the Director for authorisation: nothing is needed from you now.`,
      `Case ${ref}: Head of Service's consent to end the placement — approved by ${PEOPLE.hos.name}. The Children's Placement Team tells the carers or provider the end date and records the end of the placement: nothing is needed from you for it now.`,
      `Case ${ref}: Director's authorisation — approved by ${PEOPLE.director.name}. The sign-off chain is complete: your next step is to record the end of the care episode on the case card.`,
    ]);
    assert.match(texts(await walk.caseCard(sw, ref)), /The child went home on 27 February 2026, before this agreement \(R-SIGN-5\)/, 'unplanned: home before the agreement');

    // The child and the parents are told after the end is recorded: the box is left unticked, and recorded before the review.
    await walk.step(sw, ref, /Record the end of the care episode/, { directorAgreementUploaded: 'true', agenciesInformed: 'true' });
    // Each visit on the day it is due (home since Fri 27 Feb: +3, then weekly to +28).
    for (const [day, button] of [['2026-03-02', /first home visit/], ['2026-03-06', /weekly check-in 1/], ['2026-03-13', /weekly check-in 2/], ['2026-03-20', /weekly check-in 3/], ['2026-03-27', /weekly check-in 4/]] as const) {
      on(day);
      await walk.step(sw, ref, button, { outcome: 'seen', notes: 'Child seen at home.' });
    }
    await walk.step(sw, ref, /Record the end of the placement/, { endDate: '2026-03-06', carersToldOn: '2026-03-03' });
    const letter = 'Dear Jo,\n\nThis letter is about your time in our care and why you went home.\n\nFrom your social worker, Sam.';
    await walk.step(sw, ref, /Record the letter/, { letter, parentsWords: 'We are proud of you.' });
    await walk.step(sw, ref, /Record that the child and parents were told/, { on: '2026-03-27' });
    const closed = await walk.step(sw, ref, /Record the review and close/, { continueWith: 'CIN', notes: 'Stepdown to child in need.' });
    assert.match(texts(closed), /closed/i);

    const state = await h.stateOf(ref);
    assert.equal(state.stage, 'closed');
    assert.equal(state.letter?.text, letter);
    assert.equal(state.visits.filter((v) => v.doneOn).length, 5);
    assert.deepEqual(walk.titles(await walk.caseCard(PEOPLE.tm, ref)), ['Reopen the case (team manager)'], 'closed: only the reopening is left, and only for the team manager');
    assert.deepEqual(walk.titles(await walk.caseCard(sw, ref)), [], 'nothing left for the social worker to press');
  });
  it('planned: reunification and its evidence, a correction, the social worker part handed over, the chain, the return home and visits, closed, then reopened by the team manager and closed again', async () => {
    const { talk } = h;
    const ref = 'WALK-P1';
    const [sw, next] = [PEOPLE.sw, PEOPLE.sw2];
    let card = await walk.press(sw, await talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, pathway: 'planned', trigger: '', returnedHomeOn: '' });
    card = await walk.step(sw, ref, /Record the start of reunification work/, { edgeOfCare: 'framework' }, card);
    for (let n = 0; n < 4; n++) card = await walk.step(sw, ref, /Record framework evidence/, {}, card);
    for (const button of [/Record the child's views/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);

    // A correction: the last assessment's date was missing.
    const corrected = await walk.step(sw, ref, /^Correct the facts$/, { lastAssessmentCompletedOn: '2026-02-02', reason: 'The February assessment was not entered.' }, card);
    assert.match(texts(corrected), /Facts corrected/);
    assert.equal((await h.stateOf(ref)).facts.lastAssessmentCompletedOn, '2026-02-02');
    await walk.step(sw, ref, /Submit the assessment/, { stepdown: 'edge-of-care', purpose: 'Keep the family together.' }, corrected);
    await approveFromNotice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));

    // The team manager hands the social worker's part over; the new social worker carries on.
    const handed = await walk.step(PEOPLE.tm, ref, /Hand the case over/, { role: 'social-worker', person: next.id, reason: 'Sam moves to another team.' });
    assert.match(texts(handed), new RegExp(`Case handed over: social worker ${sw.name} → ${next.name}`));
    assert.match(texts(await talk.notice(next, /handed to you/)), new RegExp(ref));
    // The social worker handed off no longer sees the case: their notice offers no button that would say there is no such case.
    const told = await talk.notice(sw, /has been handed over/);
    assert.match(texts(told), /Nothing more is needed from you/);
    for (const title of walk.titles(told)) await walk.press(sw, told, exactly(title));
    assert.match(String((await talk.say(sw, `case ${ref}`))[0]?.body['text']), new RegExp(`^Case ${ref} was handed over on Mon 2 Mar 2026: its social worker is now ${next.name} instead of you \\(decided by ${PEOPLE.tm.name}\\)\\. You can no longer open or act on it`), 'they may not see it now, and are told why');

    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the plan.' });
    await approveFromNotice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));
    await approveFromNotice(PEOPLE.director, new RegExp(`needed: case ${ref}`));
    assert.equal((await h.stateOf(ref)).stage, 'director-authorised');

    await walk.step(next, ref, /Record the return home/, { on: '2026-03-02' });
    // The IRO, told at the start that care may end, is told the child has now gone home (R-PLAN-6), once, without the child's name.
    const home = (await talk.notices(PEOPLE.iro)).map(texts).filter((t) => t.includes(ref) && /gone home/.test(t));
    assert.equal(home.length, 1, home.join(' | '));
    assert.match(home[0]!, new RegExp(`^The child has gone home — case ${ref}\n[^]*the social worker has recorded that the child went home on Mon 2 Mar 2026 \\(planned return home\\), so their care may now end\\. Please decide whether to bring the review forward and consult the child\\.[^]*R-PLAN-6`));
    // Home on the day of the sign-off, after it: the Head of Service's written agreement does not say the child went home before it (R-SIGN-5).
    const agreement = texts(await walk.caseCard(next, ref));
    assert.match(agreement, /On 2 March 2026, Harper Head, Head of Service/);
    assert.doesNotMatch(agreement, /before this agreement/);
    await walk.step(next, ref, /Ask to end the placement/, { proposedEndDate: '2026-03-04' });
    await approveFromNotice(PEOPLE.hos, /consent to end the placement needed/i);
    await walk.step(next, ref, /Record the end of the placement/, { endDate: '2026-03-04', carersToldOn: '2026-03-02' });
    await walk.step(next, ref, /Record the end of the care episode/, { directorAgreementUploaded: 'true', agenciesInformed: 'true', familyInformed: 'true' });
    for (const [day, button] of [['2026-03-05', /first home visit/], ['2026-03-09', /weekly check-in 1/], ['2026-03-16', /weekly check-in 2/], ['2026-03-23', /weekly check-in 3/], ['2026-03-30', /weekly check-in 4/]] as const) {
      on(day);
      await walk.step(next, ref, button, { outcome: 'seen', notes: 'Child seen at home.' });
    }
    await walk.step(next, ref, /Record the letter/, { letter: 'Dear Alex,\n\nThis is the story of your time in our care.' });
    await walk.step(next, ref, /Record the review and close/, { continueWith: 'TAF' });
    assert.equal((await h.stateOf(ref)).stage, 'closed');

    // The return breaks down a week later: the team manager reopens it; the review is held again.
    on('2026-04-06');
    const reopened = await walk.step(PEOPLE.tm, ref, /Reopen the case/, { reason: 'The return broke down at the weekend.' });
    assert.match(texts(reopened), /Case reopened by the team manager/);
    assert.match(texts(await talk.notice(next, /Case reopened/)), /The return broke down at the weekend/);
    assert.equal((await h.stateOf(ref)).stage, 'episode-ended');
    await walk.step(next, ref, /Record the review and close/, { continueWith: 'CP', notes: 'Child protection plan instead.' });
    const state = await h.stateOf(ref);
    assert.equal(state.stage, 'closed');
    assert.equal(state.socialWorker.id, next.id);
    assert.equal(state.visits.filter((v) => v.doneOn).length, 5);
  });
  it("withdrawn while the Head of Service's request waits: asked for by the social worker, given from the team manager's card; the Head of Service's copy then refuses and says so; the reference is free", async () => {
    const { talk } = h;
    const ref = 'WALK-W1';
    const sw = PEOPLE.sw;
    await walkToHeadOfService(ref);
    const hosCopy = await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));

    await walk.step(sw, ref, /^Ask the team manager to withdraw$/, { withdrawal: 'duplicate', reason: 'Opened twice: WALK-U1 is the same child.' });
    const asked = await talk.notice(PEOPLE.tm, /Asked to withdraw the case/);
    const withdrawn = await walk.step(PEOPLE.tm, ref, /^Withdraw the case$/, {}, asked);
    assert.match(texts(withdrawn), /Case withdrawn by the team manager: a duplicate of another case/);
    assert.equal(await h.bot.runtime.app.service.getByRef(ref), undefined, 'the reference is free again: no case holds it');

    // The Head of Service presses Approve on the copy they still have: refused, nothing recorded.
    const late = await talk.press(PEOPLE.hos, hosCopy, /^Approve$/);
    assert.doesNotMatch(texts(late), /Approved by/);
    assert.match(texts(late), /Withdrawn/);
    assert.match(texts(late), /^Not recorded\. This case was withdrawn, so nothing more can be recorded on it/, 'said as withdrawn');
    assert.doesNotMatch(texts(late), /reunification review/, 'not as a case closed after its review');
    const again = await walk.press(sw, await talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    assert.match(texts(again), new RegExp(`Case ${ref}`));
  });
  it('a last assessment dated after today (a year typed ahead) is refused beside the field on the start form and on the correction form; nothing is saved', async () => {
    const { talk } = h;
    const ref = 'WALK-D1';
    const form = await talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref, lastAssessmentCompletedOn: '2062-02-01' });
    assert.match(texts(form), /Please correct the fields marked below\. Nothing was saved\./);
    assert.match(texts(form), /The last assessment cannot have been completed after today: check the date \(R-ASSESS-3\)/);
    assert.equal(await h.bot.runtime.app.service.getByRef(ref), undefined);
    const card = await walk.press(PEOPLE.sw, form, /Start the case/, { lastAssessmentCompletedOn: '2026-02-01' });
    const refused = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /^Correct the facts$/), /^Correct the facts$/, { lastAssessmentCompletedOn: '2062-02-01', reason: 'Typed again.' });
    assert.match(texts(refused), /Not recorded\. The last assessment cannot have been completed after today/);
    assert.equal((await h.stateOf(ref)).facts.lastAssessmentCompletedOn, '2026-02-01');
    // Facts that do not fit together are said in the form's words, not the ruling contract's.
    const crossed = await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, card, /^Correct the facts$/), /^Correct the facts$/, { accommodatedOn: '2026-04-01', reason: 'Typed again.' });
    assert.match(texts(crossed), /Not recorded\. The corrected facts do not fit together: date accommodated \(Wed 1 Apr 2026\) is after today/);
    assert.doesNotMatch(texts(crossed).split('\n')[0]!, /accommodatedOn|asOf|2026-04-01/);
    // And on the start form, beside the field: the form's words, not the facts contract's field names.
    for (const [typed, said] of [
      [{ returnedHomeOn: '2025-12-01' }, /Date accommodated \(Mon 5 Jan 2026\) is after return date \(Mon 1 Dec 2025\)\./],
      [{ previousEpisodeEndedOn: '2026-01-10' }, /End of the previous episode of care \(Sat 10 Jan 2026\) is on or after date accommodated \(Mon 5 Jan 2026\)\./],
    ] as const) {
      const start = await talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref: 'WALK-D9', ...typed });
      assert.match(texts(start), /Please correct the fields marked below\. Nothing was saved\./);
      assert.match(texts(start), said);
      assert.doesNotMatch(texts(start), /returnedHomeOn|accommodatedOn|previousEpisodeEndedOn|asOf/);
    }
  });
  it('a reference already used in other letters ("walk-r1" for WALK-R1) is refused beside the field, as the same reference is: "case walk-r1" would find only one of them', async () => {
    const { talk } = h;
    await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref: 'WALK-R1' });
    const again = await talk.press(PEOPLE.sw2, await talk.sayForCard(PEOPLE.sw2, 'new case'), /Start the case/, { ...START, ref: 'walk-r1' });
    assert.match(texts(again), /Please correct the fields marked below\. Nothing was saved\./);
    assert.match(texts(again), /A case with reference WALK-R1 is already open/);
    assert.equal((await h.bot.runtime.app.service.listAll()).filter((c) => c.ref.toUpperCase() === 'WALK-R1').length, 1, 'one case');
  });
  it("someone who is both a Head of Service and a Director, having agreed as Head of Service, is not offered the Director's authorisation (R-SIGN-4): no button on their case card, no refresh of its card for them, a copy pressed anyway refuses; the Director decides", async () => {
    const { talk } = h;
    const ref = 'WALK-S1';
    const both = PEOPLE.hos2;
    await walkToHeadOfService(ref, { assessment: { stepdown: 'direct-work', purpose: 'Talk it through.' } });
    const request = await walk.press(both, await walk.caseCard(both, ref), /Open the request: Head of Service's written agreement/);
    const agreed = await walk.press(both, request, /^Approve$/);
    assert.match(texts(agreed), /Approved by Hollis Head/);

    assert.deepEqual(walk.titles(await walk.caseCard(both, ref)).filter((t) => /Open the request/.test(t)), [], "no Director's request on their case card");
    assert.deepEqual((await talk.notices(both)).map(texts).filter((t) => new RegExp(`Director's authorisation needed: case ${ref}`).test(t)), [], "no Director's request is sent to them");
    const sent = await talk.notice(PEOPLE.director, /Director's authorisation needed/);
    // Teams is not asked to refresh it for them (it would offer them nothing); a copy shown to them anyway refuses Approve and says whose it is.
    assert.ok(!((sent as { refresh?: { userIds?: string[] } }).refresh?.userIds ?? []).includes(`29:${both.id}`), 'not refreshed for someone barred from it');
    const pressed = await talk.press(both, sent, /^Approve$/, { comment: 'Agreed.' });
    assert.match(texts(pressed), /Not recorded\./);
    assert.deepEqual(walk.titles(pressed), ['Back to the case'], 'no Approve left to press');
    const decided = await walk.press(PEOPLE.director, sent, /^Approve$/, { comment: 'Agreed.' });
    assert.match(texts(decided), /Approved by Dana Director/);
    assert.equal((await h.stateOf(ref)).stage, 'director-authorised');
  });
  it('a team manager who opened a case as its social worker reads the request they made without its buttons, and "new copy" sends them no request of their own to decide (R-SIGN-4)', async () => {
    const { talk } = h;
    const ref = 'WALK-M1';
    const own = PEOPLE.managerWithCases;
    await talk.say(own, 'help');
    let card = await walk.press(own, await talk.sayForCard(own, 'new case'), /Start the case/, { ...START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(own, ref, button, {}, card);
    await walk.step(own, ref, /Submit the assessment/, { stepdown: 'direct-work', purpose: 'Talk it through.' }, card);
    const request = await walk.press(own, await walk.caseCard(own, ref), /Open the request: Team manager's agreement/);
    assert.deepEqual(walk.titles(request), ['Back to the case']);
    const toOwn = (await talk.notices(own)).map(texts);
    assert.deepEqual(toOwn.filter((t) => /needed: case WALK-M1/.test(t)), [], "the team manager's request is not sent to them");
    assert.deepEqual(toOwn.filter((t) => /Case WALK-M1 has been opened/.test(t)), [], 'nor told, as a team manager, that they will be asked to agree the case they opened');
    assert.match(texts(await talk.notice(PEOPLE.tm, /Case WALK-M1 has been opened/)), /you will be asked for your agreement/, 'the other team manager is');
    const [reply] = await talk.say(own, `new copy ${ref}`);
    assert.match(String(reply?.body['text']), /Nothing on case WALK-M1 is waiting for your decision/);
    await approveFromNotice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
  });
  it("the Director away: their deputy authorises from the request sent to them, recorded as on the Director's behalf; a visit where the child was not seen does not count and the team manager is told; the IRO writes for the letter from their notice and the letter opens with their words", async () => {
    const { talk } = h;
    const ref = 'WALK-D2';
    const sw = PEOPLE.sw;
    await walkToHeadOfService(ref, { start: { iro: PEOPLE.iro.id } });
    await approveFromNotice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));

    // Devon Deputy covers the Director from 1 to 10 March: the request reaches them, and the Director.
    const directorCopy = await talk.notice(PEOPLE.director, new RegExp(`Director's authorisation needed: case ${ref}`));
    const request = await talk.notice(PEOPLE.deputy, new RegExp(`Director's authorisation needed: case ${ref}`));
    const decided = await walk.press(PEOPLE.deputy, request, /^Approve$/, { comment: 'Agreed while the Director is away.' });
    assert.match(texts(decided), /Approved by Devon Deputy on behalf of Dana Director/);
    const decision = (await h.stateOf(ref)).approvals.find((a) => a.stage === 'director')?.decision;
    assert.deepEqual([decision?.by.id, decision?.onBehalfOf?.id], [PEOPLE.deputy.id, PEOPLE.director.id]);
    // The Director's own copy, pressed late, records nothing more and says who decided.
    const late = await talk.press(PEOPLE.director, directorCopy, /^Approve$/);
    assert.match(texts(late), /Devon Deputy/);
    assert.equal((await h.stateOf(ref)).approvals.filter((a) => a.stage === 'director' && a.decision).length, 1);

    await walk.step(sw, ref, /Record the end of the care episode/, { directorAgreementUploaded: 'true', agenciesInformed: 'true', familyInformed: 'true' });
    await walk.step(sw, ref, /first home visit/, { outcome: 'not-seen', notes: 'Nobody answered the door.' });
    assert.match(texts(await talk.notice(PEOPLE.tm, new RegExp(`Case ${ref}: at the visit`))), /the child was not seen\. It does not count/);
    assert.equal((await h.stateOf(ref)).visits.filter((v) => v.doneOn).length, 0, 'the visit is still to be done');
    await walk.step(sw, ref, /first home visit/, { outcome: 'seen', notes: 'Child seen at home.' });

    await walk.step(sw, ref, /Ask the IRO for words for the letter/);
    const asked = await talk.notice(PEOPLE.iro, /what you would like to say to the child/);
    await walk.step(PEOPLE.iro, ref, /Write for the child's letter/, { text: 'You were brave to say what you wanted.' }, asked);
    assert.match(texts(await talk.notice(sw, /has written what they want to say/)), new RegExp(ref));
    const letterForm = await walk.press(sw, await walk.caseCard(sw, ref), /Record the letter/);
    assert.equal(inputs(letterForm).get('iroWords')?.value, 'You were brave to say what you wanted.');
    const recorded = await walk.step(sw, ref, /Record the letter/, {}, await walk.caseCard(sw, ref));
    assert.doesNotMatch(texts(recorded), /Record the letter/);
    // The IRO who wrote for it is told the letter is recorded with their words, and that nothing more is needed (R-LETTER-1).
    assert.match(texts(await talk.notice(PEOPLE.iro, /letter is recorded/)), new RegExp(`case ${ref}\\n[^]*Sam Social recorded the child's "Your time in our care" letter, written on [A-Z][a-z]{2} \\d+ [A-Z][a-z]{2} 2026, with the words you wrote for it as IRO\\. Nothing more is needed from you for the letter\\.[^]*R-LETTER-1`));
    const final = await h.stateOf(ref);
    assert.ok(final.letter?.text, 'the letter is kept');
    assert.equal(final.letterContributions?.iro?.text, 'You were brave to say what you wanted.');
  });
  it("changes asked by the Director: the social worker's revision opens filled in, goes up the chain again and is authorised; the Head of Service first refuses to end the placement, then consents to a later date", async () => {
    const { talk } = h;
    const ref = 'WALK-C1';
    const sw = PEOPLE.sw;
    await walkToHeadOfService(ref);
    await approveFromNotice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));
    const request = await talk.notice(PEOPLE.director, new RegExp(`Director's authorisation needed: case ${ref}`));
    const sent = await walk.press(PEOPLE.director, request, /^Request changes/, { comment: 'Say who the trusted adult is.' });
    assert.match(texts(sent), /Changes requested by Dana Director/);
    assert.equal((await h.stateOf(ref)).stage, 'revising');
    assert.match(texts(await talk.notice(sw, /Changes asked for/)), /Say who the trusted adult is\./);
    const revision = await walk.press(sw, await walk.caseCard(sw, ref), /Submit the assessment/);
    const shown = inputs(revision);
    assert.equal(shown.get('purpose')?.value, 'Someone to turn to.', 'the revision opens with what was sent');
    await walk.press(sw, revision, /Submit/, { purpose: 'Aunt Jo, who lives nearby, is the trusted adult.' });
    await approveFromNotice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-head-of-service', "the IRO's view stands: the revision goes from the team manager to the Head of Service");
    await approveFromNotice(PEOPLE.hos, new RegExp(`needed: case ${ref}`));
    await approveFromNotice(PEOPLE.director, new RegExp(`Director's authorisation needed: case ${ref}`));
    assert.equal((await h.stateOf(ref)).assessment?.stepdownPlan[0]?.purpose, 'Aunt Jo, who lives nearby, is the trusted adult.');

    await walk.step(sw, ref, /Ask to end the placement/, { proposedEndDate: '2026-03-04' });
    const consent = await talk.notice(PEOPLE.hos, /consent to end the placement needed/i);
    const refusedEnd = await walk.press(PEOPLE.hos, consent, /^Reject/, { comment: 'Not before the carers have had a week.' });
    assert.match(texts(refusedEnd), /Rejected by Harper Head/);
    const notAgreed = texts(await talk.notice(sw, /did not agree to end the placement/));
    assert.match(notAgreed, /Not before the carers have had a week/);
    assert.match(notAgreed, new RegExp(`^Not agreed — case ${ref}`), 'headed as the refusal it is, not as changes asked for');
    await walk.step(sw, ref, /Ask to end the placement/, { proposedEndDate: '2026-03-11' });
    await approveFromNotice(PEOPLE.hos, /consent to end the placement needed/i);
    on('2026-03-11');
    await walk.step(sw, ref, /Record the end of the placement/, { endDate: '2026-03-11', carersToldOn: '2026-03-04' });
    const state = await h.stateOf(ref);
    assert.deepEqual(state.approvals.filter((a) => a.stage === 'placement-end').map((a) => a.decision?.outcome), ['reject', 'approve']);
    assert.ok(!walk.titles(await walk.caseCard(sw, ref)).some((t) => /end the placement|end of the placement/.test(t)), 'the placement has ended: nothing left to ask about it');
  });
  it('"new case" from someone who may not start a case (the IRO, the Director, the placement team, a stranger) shows them no start form to fill in for nothing: it says who starts cases', async () => {
    const { talk } = h;
    for (const who of [PEOPLE.iro, PEOPLE.director, PEOPLE.cpt, PEOPLE.stranger]) {
      const replies = await talk.say(who, 'new case');
      assert.equal(replies.filter((r) => r.body['attachments']).length, 0, `${who.name}: no start form`);
      assert.match(replies.map((r) => String(r.body['text'])).join('\n'), /Cases are started by social workers and team managers\. You are not set up as one/, who.name);
    }
    for (const who of [PEOPLE.sw, PEOPLE.tm]) assert.match(texts(await talk.sayForCard(who, 'new case')), /Start a return-home case/, who.name);
  });
});
