/**
 * Issue 12 through the card buttons: a revision opens with what was sent and the approver's words;
 * approvers see what changed, every earlier decision and whether the child is home; Reject is a
 * final no; each pathway's forms cite its own rules; a closed not-viable case needs no Director.
 */
import { strict as assert } from 'node:assert';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { allActions, Card, ConversationDriver, inputs, texts } from './support/conversation-driver';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';

const START = { ref: 'MOS-2001', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '2026-02-27' };

describe('S20 bot: resubmission keeps the work, and Reject is a final no (issue 12)', function () {
  let world: World;
  let bot: ConversationDriver;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function prepared(start: Record<string, string> = START, risk: Record<string, string> = {}): Promise<Card> {
    let c = await bot.click(PEOPLE.sw, 'startCase', start);
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /child's views/), /^Record /, { views: 'Wants to go home.' });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /immediate risk/), /^Record /, { summary: 'Considered.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'false', childProtectionConferenceNeeded: 'false', ...risk });
    c = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /parents' views/), /^Record /, { views: 'Mother wants the child home.', plannedReturnAgreed: 'false' });
    return bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, c, /Inform the IRO/), /Inform the IRO now/);
  }

  async function submit(card: Card, values: Record<string, string> = VIABLE_ASSESSMENT_FORM): Promise<Card> {
    return bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Submit the assessment/), /Submit for agreement/, values);
  }

  async function request(who: { id: string; name: string }, ref = START.ref): Promise<Card> {
    return bot.press(who, await bot.sayForCard(who, `case ${ref}`), /Open the request/);
  }

  it('after changes are requested the form comes back filled with what was sent, under the comment; the team manager sees what changed', async () => {
    let card = await submit(await prepared());
    assert.match(texts(card), /The S20 Return Home Assessment was used \(version 1, submitted Mon 2 Mar 2026\), as allowed by R-ASSESS-2\./, 'the form ruling of submission');
    let req = await request(PEOPLE.tm);
    assert.match(texts(req), /allowed by R-ASSESS-2:/, 'the same ruling cited to the approver');
    await bot.press(PEOPLE.tm, req, /^Request changes/, { comment: "Add the school's view to the safety plan." });

    card = await bot.sayForCard(PEOPLE.sw, `case ${START.ref}`);
    assert.match(texts(card), /Team manager's agreement: sent back for changes by Taylor Manager on Mon 2 Mar 2026: "Add the school's view to the safety plan\."/);
    assert.match(texts(card), /Returned[\s\S]*Add the school's view/, 'the checklist keeps the comment too');
    const form = await bot.press(PEOPLE.sw, card, /Submit the assessment/);
    assert.match(texts(form), /Taylor Manager sent this back on Mon 2 Mar 2026: "Add the school's view to the safety plan\."/, 'the comment is at the top of the form');
    const shown = inputs(form);
    assert.equal(shown.get('form')?.value, VIABLE_ASSESSMENT_FORM.form);
    assert.equal(shown.get('viable')?.value, 'true');
    assert.equal(shown.get('riskAnalysis')?.value, VIABLE_ASSESSMENT_FORM.riskAnalysis);
    assert.equal(shown.get('safetyPlan')?.value, VIABLE_ASSESSMENT_FORM.safetyPlan);
    assert.equal(shown.get('stepdown')?.value, VIABLE_ASSESSMENT_FORM.stepdown);
    assert.equal(shown.get('purpose')?.value, VIABLE_ASSESSMENT_FORM.purpose);
    assert.equal(shown.get('completedOn')?.value, VIABLE_ASSESSMENT_FORM.completedOn);

    // Only the safety plan is retyped: everything else goes as the form showed it.
    card = await bot.press(PEOPLE.sw, form, /Submit for agreement/, { safetyPlan: 'Daily contact with school; the head teacher checks in on Mondays.' });
    assert.match(texts(card), /sent to the team manager/);
    assert.match(texts(card), /version 2/);
    req = await request(PEOPLE.tm);
    const t = texts(req);
    assert.match(t, /What changed since the last version\nVersion 2 \(version 1 was sent back\):\nSafety plan: was "Daily contact with school\."/);
    assert.doesNotMatch(t, /Risks: was/, 'unchanged parts are not listed');
    assert.match(t, /Decisions so far\n- Team manager Taylor Manager asked for changes on Mon 2 Mar 2026 \(version 1\): "Add the school's view/);
    assert.match(t, /allowed by R-ASSESS-2:/, 'the revision keeps the ruling of the first submission');
    const status = await bot.press(PEOPLE.tm, req, /^Approve$/);
    assert.match(texts(status), /Approved by Taylor Manager/);
  });

  it("a version whose request was withdrawn (a step it rests on undone) is not said to have been sent back: the next version's request says it was withdrawn and why", async () => {
    const ref = 'MOS-2005';
    await submit(await prepared({ ...START, ref }));
    await bot.press(PEOPLE.tm, await request(PEOPLE.tm, ref), /^Approve$/);
    await bot.press(PEOPLE.iro, await bot.press(PEOPLE.iro, await bot.sayForCard(PEOPLE.iro, `case ${ref}`), /IRO's view/), /^Record /, { view: 'Supports the return.' });
    const undo = await bot.press(PEOPLE.tm, await bot.sayForCard(PEOPLE.tm, `case ${ref}`), /Undo a recorded step/);
    await bot.press(PEOPLE.tm, undo, /Undo the step/, { undo: 'childViews', reason: 'Recorded on the wrong case.' });
    let card = await bot.sayForCard(PEOPLE.sw, `case ${ref}`);
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /child's views/), /^Record /, { views: 'Wants to go home.' });
    await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Submit the assessment/), /Submit for agreement/, { safetyPlan: 'Daily contact with school and the GP.' });
    const t = texts(await request(PEOPLE.tm, ref));
    assert.match(t, /What changed since the last version\nVersion 2 \(version 1 was withdrawn: the record of the child's views was undone, so the assessment went back to the social worker\):/);
    assert.doesNotMatch(t, /was sent back/);
  });

  it('the full Child & Family Reassessment keeps R-ASSESS-1 through a revision, on the card and the requests', async () => {
    const long = { ...START, ref: 'MOS-2002', accommodatedOn: '2025-10-01', returnedHomeOn: '' };
    let card = await submit(await prepared(long), { ...VIABLE_ASSESSMENT_FORM, form: 'child-and-family-reassessment' });
    assert.match(texts(card), /The Child & Family Reassessment was used \(version 1[^)]*\), as allowed by R-ASSESS-1/);
    await bot.press(PEOPLE.tm, await request(PEOPLE.tm, long.ref), /^Request changes/, { comment: 'More on the risks.' });
    const form = await bot.press(PEOPLE.sw, await bot.sayForCard(PEOPLE.sw, `case ${long.ref}`), /Submit the assessment/);
    card = await bot.press(PEOPLE.sw, form, /Submit for agreement/, { riskAnalysis: 'Fuller analysis.' });
    assert.match(texts(card), /version 2[^)]*\), as allowed by R-ASSESS-1/);
    assert.doesNotMatch(texts(card), /Either the Child & Family Reassessment or/, 'the card no longer says either form may be used');
    assert.match(texts(await request(PEOPLE.tm, long.ref)), /Child & Family Reassessment, allowed by R-ASSESS-1/);
  });

  it('the full Child & Family Reassessment chosen where the short form was allowed cites R-ASSESS-2 (either form may be presented), not R-ASSESS-4 (the rule that offers the short form)', async () => {
    const card = await submit(await prepared(), { ...VIABLE_ASSESSMENT_FORM, form: 'child-and-family-reassessment' });
    assert.match(texts(card), /The Child & Family Reassessment was used \(version 1[^)]*\), as allowed by R-ASSESS-2\./);
    const asked = texts(await request(PEOPLE.tm));
    assert.match(asked, /Child & Family Reassessment, allowed by R-ASSESS-2:/);
    assert.doesNotMatch(asked, /R-ASSESS-4/);
  });

  it('Reject on an unplanned return with the child not home yet: the parents have withdrawn their agreement, so the not-viable route follows, and the social worker is told in plain words (R-UNPL-8)', async () => {
    const notHome = { ...START, ref: 'MOS-2003', returnedHomeOn: '' };
    await submit(await prepared(notHome));
    const req = await request(PEOPLE.tm, notHome.ref);
    assert.match(texts(req), /Reject ends this return-home request\. The parents have withdrawn their agreement to S20 accommodation: the child cannot simply stay in care, so the not-viable route of R-UNPL-8 follows\./);
    const status = await bot.press(PEOPLE.tm, req, /^Reject/, { comment: 'The home is not ready.' });
    assert.match(texts(status), /Rejected by Taylor Manager/);
    const card = await bot.sayForCard(PEOPLE.sw, `case ${notHome.ref}`);
    assert.match(texts(card), /Stage\nReturn home not viable\n/);
    assert.doesNotMatch(texts(card), /Closed: the return home was rejected/);
    assert.ok(allActions(card).map((a) => a.title).includes('Record the not-viable actions'), allActions(card).map((a) => a.title).join(' | '));
    await world.worker.drain();
    const toSw = world.notifier.sent.filter((n) => n.to === PEOPLE.sw.id && /rejected/.test(n.text));
    assert.equal(toSw.length, 1);
    assert.match(toSw[0]!.text, /Taylor Manager \(team manager\) rejected the return home \(their reason: "The home is not ready\."\)\. The parents have withdrawn their agreement to S20 accommodation: the child cannot simply stay in care, so the not-viable route follows: you will tell the child and the parents or carers, tell the IRO, and book an ICPC or Legal Planning Meeting where needed/);
    assert.doesNotMatch(toSw[0]!.text, /stays accommodated/);
  });

  it('Reject on a child already home starts the not-viable route; the Director saw the chain and that the child is home', async () => {
    await submit(await prepared());
    await bot.press(PEOPLE.tm, await request(PEOPLE.tm), /^Approve$/);
    const iroCard = await bot.sayForCard(PEOPLE.iro, `case ${START.ref}`);
    await bot.press(PEOPLE.iro, await bot.press(PEOPLE.iro, iroCard, /IRO's view/), /^Record /, { view: 'Supports the return.' });
    await bot.press(PEOPLE.hos, await request(PEOPLE.hos), /^Approve$/, { comment: 'Agreed with the stepdown plan.' });
    const req = await request(PEOPLE.director);
    const t = texts(req);
    assert.match(t, /Child at home\nYes, since Fri 27 Feb 2026: your authorisation will be retrospective \(R-SIGN-5\)/);
    assert.match(t, /- Team manager Taylor Manager agreed on Mon 2 Mar 2026 \(version 1\)/);
    assert.match(t, /- Head of Service Harper Head agreed on Mon 2 Mar 2026 \(version 1\): "Agreed with the stepdown plan\."/);
    assert.match(t, /Immediate risk check \(R-UNPL-2\)\nThe risk check \(Sam Social, Mon 2 Mar 2026, team manager consulted\) flagged no need for a Legal Planning Meeting or ICPC, so no view was asked for\./);
    await bot.press(PEOPLE.director, req, /^Reject/, { comment: 'Not safe yet.' });
    const card = await bot.sayForCard(PEOPLE.sw, `case ${START.ref}`);
    assert.match(texts(card), /Return home not viable/);
    assert.ok((card.actions ?? []).some((a) => /not-viable actions/.test(a.title)));
    assert.match(texts(card), /Director sign-off is not needed: the return home is not going ahead/, 'no "Director sign-off is needed" on a not-viable case');
  });

  it("a planned case's views forms cite R-PLAN-6, and the parents are not asked about a planned return instead", async () => {
    const planned = { ...START, ref: 'PLN-2004', pathway: 'planned', trigger: '', returnedHomeOn: '' };
    const card = await bot.click(PEOPLE.sw, 'startCase', planned);
    const views = await bot.press(PEOPLE.sw, card, /child's views/);
    assert.match(texts(views), /R-PLAN-6/);
    assert.doesNotMatch(texts(views), /R-UNPL-1/);
    const parents = await bot.press(PEOPLE.sw, card, /parents' views/);
    assert.match(texts(parents), /R-PLAN-6/);
    assert.doesNotMatch(texts(parents), /R-UNPL-4|planned return was agreed instead/);
    assert.deepEqual([...inputs(parents).keys()], ['views']);
  });
});
