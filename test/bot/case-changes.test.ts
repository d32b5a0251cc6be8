/**
 * Issue 12 through the case card's buttons: withdraw (team manager), correct the facts (the ruling
 * re-worked, the team manager asked again), undo a step, reopen, planned instead (R-UNPL-4), and a
 * visit at which the child was not seen. Each refused change says why in one line with its rule.
 */
import { strict as assert } from 'node:assert';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { allActions, Card, ConversationDriver, inputs, texts } from './support/conversation-driver';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';

const START = { ref: 'MOS-3001', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-02-20', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '' };

describe('S20 bot: changing a case through its card (issue 12)', function () {
  let world: World;
  let bot: ConversationDriver;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  const titles = (card: Card) => allActions(card).map((a) => a.title);
  const caseCard = (who = PEOPLE.sw, ref = START.ref) => bot.sayForCard(who, `case ${ref}`);

  async function prepared(plannedReturnAgreed = 'false', start: Record<string, string> = START): Promise<Card> {
    let c = await bot.click(PEOPLE.sw, 'startCase', start);
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /child's views/), /^Record /, { views: 'Wants to go home.' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /immediate risk/), /^Record /, { summary: 'Considered.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'false', childProtectionConferenceNeeded: 'false' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /parents' views/), /^Record /, { views: 'Mother wants the child home.', plannedReturnAgreed });
    return bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /Inform the IRO/), /Inform the IRO now/);
  }

  async function toHeadOfService(): Promise<void> {
    await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, await prepared(), /Submit the assessment/), /Submit for agreement/, VIABLE_ASSESSMENT_FORM);
    await bot.press(PEOPLE.tm, await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Open the request/), /^Approve$/);
    await bot.press(PEOPLE.iro, await bot.press(PEOPLE.iro, await caseCard(PEOPLE.iro), /IRO's view/), /^Record /, { view: 'Supports it.' });
  }

  it('withdraw: refused to the social worker; the team manager withdraws, the requests go, and the reference is free for a new case', async () => {
    await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, await prepared(), /Submit the assessment/), /Submit for agreement/, VIABLE_ASSESSMENT_FORM);
    // The social worker's card does not offer it; a click sent anyway (an old card, a forged one) is refused on the server.
    assert.ok(!allActions(await caseCard()).some((a) => /Withdraw the case/.test(a.title)), 'not on the social worker\'s card');
    const caseId = (await world.store.list())[0]!.caseId;
    const form = await bot.click(PEOPLE.sw, 'openStep', { caseId, step: 'withdraw' });
    assert.deepEqual(allActions(form).map((a) => a.title), ['Back to the case'], 'the form opened anyway offers no button that would be refused');
    assert.match(texts(form), /You cannot record this step now/);
    const refused = await bot.click(PEOPLE.sw, 'recordStep', { caseId, step: 'withdraw', index: '', withdrawal: 'duplicate', reason: 'Opened twice.' });
    assert.match(texts(refused), /Not recorded\. Only this case's team manager, or their deputy, can withdraw a case/);

    const tmForm = await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Withdraw the case/);
    const done = await bot.press(PEOPLE.tm, tmForm, /Withdraw the case/, { withdrawal: 'duplicate', reason: 'Opened twice.' });
    assert.match(texts(done), /Case withdrawn by the team manager: a duplicate of another case \("Opened twice\."\); its reference MOS-3001 is free again/);
    assert.match(texts(done), /Closed: the case was withdrawn/);
    const stored = (await world.store.list())[0]!;
    assert.equal(stored.stage, 'closed');
    const again = await bot.click(PEOPLE.sw, 'startCase', START);
    assert.match(texts(again), /Case MOS-3001/, 'the reference names a new case');
    const audit = await world.store.audit(stored.caseId);
    const entry = audit.at(-1)!;
    assert.equal(entry.actorId, PEOPLE.tm.id);
    assert.deepEqual((entry.before as { stage: string }).stage, 'awaiting-team-manager');
    assert.deepEqual((entry.after as { stage: string }).stage, 'closed');
  });

  it('correct the facts: the card says what changed, the decisions given are withdrawn and the team manager is asked again', async () => {
    await toHeadOfService();
    let card = await caseCard();
    assert.match(texts(card), /Director sign-off is not required/);
    const form = await bot.press(PEOPLE.sw, card, /Correct the facts/);
    assert.equal(inputs(form).get('accommodatedOn')?.value, '2026-02-20', 'opens with the facts as recorded');
    assert.equal(inputs(form).get('dateOfBirth')?.value ?? '', '', 'never shows the date of birth');
    card = await bot.press(PEOPLE.sw, form, /Correct the facts/, { accommodatedOn: '2026-01-21', reason: 'The start date was typed wrong.' });
    const t = texts(card);
    assert.match(t, /Facts corrected \(date accommodated Fri 20 Feb 2026 → Wed 21 Jan 2026\) because "The start date was typed wrong\.": Director sign-off is now needed: R-SIGN-1, R-SIGN-2/);
    assert.match(t, /the team manager's agreement is asked again/);
    assert.match(t, /Director sign-off is needed\./);
    assert.match(t, /withdrawn: the facts were corrected/);
    await world.worker.drain();
    const toTm = world.notifier.sent.filter((n) => n.to === PEOPLE.tm.id && /corrected/.test(n.text));
    assert.ok(toTm.some((n) => /your earlier decision was withdrawn and you are asked again/.test(n.text)), 'the team manager is told why');
    const req = await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Open the request/);
    assert.match(texts(req), /Director sign-off\nNeeded \(R-SIGN-1, R-SIGN-2\)/);
  });

  it('correct the facts: a last assessment date typed by mistake is cleared by emptying its field (the form opens with it filled in)', async () => {
    const card = await prepared('false', { ...START, lastAssessmentCompletedOn: '2026-02-01' });
    assert.match(texts(card), /R-ASSESS-3/);
    const form = await bot.press(PEOPLE.sw, card, /Correct the facts/);
    const corrected = await bot.press(PEOPLE.sw, form, /Correct the facts/, { lastAssessmentCompletedOn: '', reason: 'There was no assessment: typed on the wrong case.' });
    assert.match(texts(corrected), /Facts corrected \(last assessment date Sun 1 Feb 2026 → none\) because "There was no assessment: typed on the wrong case\."/);
    const caseId = (await world.store.list())[0]!.caseId;
    assert.equal((await world.service.get(caseId))!.state.facts.lastAssessmentCompletedOn, null);
    // Left as it opens, the field changes nothing.
    const again = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, corrected, /Correct the facts/), /Correct the facts/, { accommodatedOn: '2026-02-19', reason: 'One day out.' });
    assert.match(texts(again), /Facts corrected \(date accommodated Fri 20 Feb 2026 → Thu 19 Feb 2026\)/);
  });

  it('correct the facts: a form opened before another correction, sent later, changes only what was changed on it, not the other correction back', async () => {
    const card = await prepared();
    const early = await bot.press(PEOPLE.sw, card, /Correct the facts/);
    assert.equal(inputs(early).get('accommodatedOn')?.value, '2026-02-20');
    // Meanwhile the team manager corrects the date accommodated on a form of their own.
    const theirs = await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Correct the facts/);
    await bot.press(PEOPLE.tm, theirs, /Correct the facts/, { accommodatedOn: '2026-01-21', reason: 'The start date was typed wrong.' });
    // The social worker's form, still showing 20 February, adds the last assessment's date only.
    const sent = await bot.press(PEOPLE.sw, early, /Correct the facts/, { lastAssessmentCompletedOn: '2026-02-01', reason: 'The last assessment was left out.' });
    assert.match(texts(sent), /Facts corrected \(last assessment date none → Sun 1 Feb 2026\) because "The last assessment was left out\."/);
    const facts = (await world.service.getByRef(START.ref))!.state.facts;
    assert.deepEqual([facts.accommodatedOn, facts.lastAssessmentCompletedOn], ['2026-01-21', '2026-02-01'], "the team manager's correction stands");
  });

  it('correct the facts to a Care Order: the case ends under R-SCOPE-2 with the court-route words', async () => {
    const form = await bot.press(PEOPLE.sw, await prepared(), /Correct the facts/);
    const card = await bot.press(PEOPLE.sw, form, /Correct the facts/, { legalStatus: 'CO', reason: 'The child is on a care order.' });
    assert.match(texts(card), /Closed: the child is on a court order \(R-SCOPE-2\)/);
    assert.match(texts(card), /court route/);
  });

  it('undo a step: gone with its reason; after the Head of Service agreed, refused with R-SIGN-4', async () => {
    let card = await prepared();
    const form = await bot.press(PEOPLE.sw, card, /Undo a recorded step/);
    assert.deepEqual(inputs(form).get('undo')?.choices?.map((c) => c.value), ['childViews', 'immediateRisk', 'iroInformed', 'parentsConsulted']);
    card = await bot.press(PEOPLE.sw, form, /Undo the step/, { undo: 'iroInformed', reason: 'Ticked by mistake: the IRO was not told yet.' });
    assert.match(texts(card), /Undone: IRO informed/);
    assert.ok(titles(card).includes('Inform the IRO'), 'the step is to do again');
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Inform the IRO/), /Inform the IRO now/);
    await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Submit the assessment/), /Submit for agreement/, VIABLE_ASSESSMENT_FORM);
    await bot.press(PEOPLE.tm, await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Open the request/), /^Approve$/);
    await bot.press(PEOPLE.iro, await bot.press(PEOPLE.iro, await caseCard(PEOPLE.iro), /IRO's view/), /^Record /, { view: 'Supports it.' });
    // The team manager opens the undo form while the Head of Service's request waits; the Head of Service then agrees.
    const tmForm = await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Undo a recorded step/);
    await bot.press(PEOPLE.hos, await bot.press(PEOPLE.hos, await caseCard(PEOPLE.hos), /Open the request/), /^Approve$/);
    // Now the agreement rests on the steps: none is offered to undo (nothing else is recorded, so no undo at all).
    assert.ok(!titles(await caseCard(PEOPLE.tm)).includes('Undo a recorded step'), 'no choice that could only be refused');
    const refused = await bot.press(PEOPLE.tm, tmForm, /Undo the step/, { undo: 'iroInformed', reason: 'Mistake.' });
    assert.match(texts(refused), /Not recorded\. The Head of Service agreed the return home relying on the IRO having been informed, so it cannot be undone now \(R-UNPL-3\)/);
  });

  it('a rejected case (a planned return, the child still accommodated) is reopened by its team manager and goes back to the social worker', async () => {
    let c = await bot.click(PEOPLE.sw, 'startCase', { ...START, pathway: 'planned', trigger: '' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /start of reunification work/), /^Record /, { startedOn: '2026-02-23', edgeOfCare: 'support-only' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /child's views/), /^Record /, { views: 'Wants to go home.' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /parents' views/), /^Record /, { views: 'Mother wants the child home.' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /Inform the IRO/), /Inform the IRO now/);
    await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /Submit the assessment/), /Submit for agreement/, VIABLE_ASSESSMENT_FORM);
    await bot.press(PEOPLE.tm, await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Open the request/), /^Reject/, { comment: 'Not now.' });
    const closed = await caseCard(PEOPLE.tm);
    assert.deepEqual(titles(closed), ['Reopen the case (team manager)']);
    const card = await bot.press(PEOPLE.tm, await bot.press(PEOPLE.tm, closed, /Reopen the case/), /Reopen the case/, { reason: 'The family asked again; circumstances changed.' });
    assert.match(texts(card), /Case reopened by the team manager/);
    assert.match(texts(card), /Revising the assessment/);
  });

  it('planned instead: after the parents agree, the same case moves to the planned pathway (R-UNPL-4)', async () => {
    const card = await prepared('true');
    const moved = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    assert.match(texts(moved), /Moved from the unplanned to the planned pathway: the parents agreed a planned return \(R-UNPL-4\)/);
    assert.match(texts(moved), /Pathway\nPlanned/);
    assert.ok(titles(moved).includes('Record the start of reunification work'));
    assert.equal((await world.store.list()).length, 1, 'the same case');
    await world.worker.drain();
    const told = world.notifier.sent.filter((n) => n.to === PEOPLE.tm.id && /moved from/.test(n.text));
    assert.ok(told.some((n) => /moved from an unplanned to a planned return home: the parents agreed a planned return/.test(n.text)), told.map((n) => n.text).join(' | '));
  });

  it('an assessment submitted before the parents agreed a planned return is back with the social worker as "Revising the assessment", not "after a request for changes" nobody made', async () => {
    const card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, await prepared('true'), /Submit the assessment/), /Submit for agreement/, VIABLE_ASSESSMENT_FORM);
    const moved = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    assert.match(texts(moved), /Stage\nRevising the assessment\n/);
    assert.doesNotMatch(texts(moved), /request for changes/);
    const mine = (await bot.say(PEOPLE.sw, 'my cases')).map((a) => a.text ?? '').join('\n');
    assert.match(mine, /revise the assessment and send it again/);
    assert.doesNotMatch(mine, /changes were asked for|request for changes/);
  });

  it("a social worker's request to withdraw the case waits on the team managers' 'my cases' until one of them answers it (R-SIGN-4)", async () => {
    const card = await prepared();
    await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Ask the team manager to withdraw/), /Ask the team manager/, { withdrawal: 'duplicate', reason: 'Opened twice.' });
    const waiting = async (who: { id: string; name: string }): Promise<string> => (await bot.say(who, 'my cases')).map((a) => a.text ?? '').join('\n');
    for (const tm of [PEOPLE.tm, PEOPLE.managerWithCases]) assert.match(await waiting(tm), new RegExp(`- ${START.ref}: answer the social worker's request to withdraw the case: withdraw it or keep it open \\(R-SIGN-4\\)`), tm.name);
    assert.doesNotMatch(await waiting(PEOPLE.sw), /request to withdraw/, 'not the social worker who asked');
    await bot.press(PEOPLE.tm, await bot.press(PEOPLE.tm, await caseCard(PEOPLE.tm), /Decline the withdrawal/), /Keep the case open/, { reason: 'Not a duplicate.' });
    assert.doesNotMatch(await waiting(PEOPLE.tm), /request to withdraw/, 'answered: no longer waiting');
  });

  it('a visit where the child was not seen does not count, and the team manager is told', async () => {
    const home = { ...START, ref: 'MOS-3002', returnedHomeOn: '2026-02-27' };
    const card = await bot.click(PEOPLE.sw, 'startCase', home);
    const form = await bot.press(PEOPLE.sw, card, /Record the first home visit/);
    assert.equal(inputs(form).get('outcome')?.value, 'seen');
    const after = await bot.press(PEOPLE.sw, form, /^Record /, { on: '2026-03-02', outcome: 'no-access', notes: 'Nobody answered.' });
    assert.match(texts(after), /no access; it does not count/);
    assert.ok(titles(after).includes('Record the first home visit'), 'still to do');
    await world.worker.drain();
    assert.ok(world.notifier.sent.some((n) => n.to === PEOPLE.tm.id && /there was no access to the home\. It does not count/.test(n.text)));
  });

  it('the start form refuses the 16/17 reason for a younger child beside the field, with R-UNPL-1', async () => {
    const form = await bot.click(PEOPLE.sw, 'startCase', { ...START, ref: 'MOS-3003', dateOfBirth: '2015-01-01', trigger: 'young-person-left' });
    assert.match(texts(form), /Nothing was saved/);
    assert.match(texts(form), /That reason is for a young person aged 16 or 17, and this child is not 16 or 17\. Choose another reason\. \(R-UNPL-1\)/);
    assert.equal((await world.store.list()).length, 0);
  });

  it("the team manager gives their own view on an LPM or ICPC through the card; the social worker's form asks them", async () => {
    let c = await bot.click(PEOPLE.sw, 'startCase', { ...START, ref: 'MOS-3004' });
    const riskForm = await bot.press(PEOPLE.sw, c, /immediate risk/);
    c = await bot.press(PEOPLE.sw, riskForm, /^Record /, { summary: 'Considered.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'true' });
    assert.match(texts(c), /it flags that a Legal Planning Meeting may be needed, so the team manager is asked for their view/);
    assert.match(texts(c), /waiting for the team manager's view on an LPM or ICPC/);
    await world.worker.drain();
    assert.ok(world.notifier.sent.some((n) => n.to === PEOPLE.tm.id && /flags that a Legal Planning Meeting may be needed\. Your view, as team manager, is asked/.test(n.text)));
    const tmCard = await caseCard(PEOPLE.tm, 'MOS-3004');
    const form = await bot.press(PEOPLE.tm, tmCard, /Give the view on an LPM or ICPC/);
    const done = await bot.press(PEOPLE.tm, form, /Give my view/, { legalPlanningMeetingNeeded: 'true', view: 'Needed: the risks are high.' });
    assert.match(texts(done), /The team manager's view on the immediate risk: a Legal Planning Meeting needed/);
    const stored = (await world.service.getByRef('MOS-3004'))!.state;
    assert.equal(stored.steps.immediateRisk?.viewBy?.by.id, PEOPLE.tm.id);
    assert.match(texts(await caseCard(PEOPLE.sw, 'MOS-3004')), /Legal Planning Meeting needed; Initial Child Protection Conference not needed: the view of Taylor Manager \(team manager\), given by them/);

    // The social worker's risk-check form, still in their chat, submitted again flagging nothing: it set the
    // manager's view aside with no trace on the case (no LPM needed, nobody asked). Now refused, the view kept.
    const again = await bot.press(PEOPLE.sw, riskForm, /^Record /, { summary: 'Nothing to flag.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'false', childProtectionConferenceNeeded: 'false' });
    assert.match(texts(again), /Taylor Manager already gave their view on this risk check on Mon 2 Mar 2026, so it was not recorded again: that would set their view aside\. If the check must change, undo it first from the case card \("Undo a recorded step"\), saying why, then record it again\. \(R-UNPL-2\)/);
    const kept = (await world.service.getByRef('MOS-3004'))!.state.steps.immediateRisk;
    assert.deepEqual([kept?.summary, kept?.viewBy?.by.id, kept?.legalPlanningMeetingNeeded], ['Considered.', PEOPLE.tm.id, true]);
  });
});
