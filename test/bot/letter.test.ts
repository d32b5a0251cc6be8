import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { draftLetter } from '../../src/bot/letter-draft';
import type { CaseState } from '../../src/protocol';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { ConversationDriver, inputs, texts } from './support/conversation-driver';
import { accept, ACTORS, awaitingDirector, events, HOME_53_DAYS, opened, pending } from '../protocol/support/case-fixtures';

/** The organisation's words, as its settings give them. */
const MOSSBRIDGE = { ORG_NAME: 'Mossbridge Council', CASE_RECORD_SYSTEM_NAME: 'Mosaic' };
const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;
const CHILD_VIEWS = 'Wants to go home to mum and keep her Saturday job.';

/** An unplanned case taken, through the real case service, to the Director's authorisation. */
async function authorisedCase(world: World, trigger: 'consent-withdrawn' | null = 'consent-withdrawn'): Promise<CaseState> {
  const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger, iro: null });
  assert.ok(opened.ok, JSON.stringify(opened));
  let n = 0;
  const apply = async (actor: { id: string; name: string }, event: EventInput) => {
    const outcome = await world.service.apply({ idempotencyKey: `e${++n}`, caseId: opened.caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  };
  const pending = async () => (await world.service.get(opened.caseId))!.state.approvals.find((a) => !a.decision)!.approvalId;
  await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: CHILD_VIEWS });
  await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await apply(PEOPLE.sw, { type: 'IroInformed' });
  await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'Mother wants her home.', plannedReturnAgreed: false });
  await apply(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Low.', safetyPlan: 'Plan.', stepdownPlan: [{ option: 'trusted-adult', purpose: 'Someone to call.' }], completedOn: '2026-03-02' });
  await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await apply(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false });
  await apply(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await apply(PEOPLE.director, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  const state = (await world.service.get(opened.caseId))!.state;
  assert.equal(state.stage, 'director-authorised');
  return state;
}

describe('"Your time in our care" letter (R-LETTER-1)', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z', MOSSBRIDGE);
  });
  afterEach(async () => world.close());

  describe('the draft', () => {
    it('says what the case knows in plain words, with dates in words and who agreed what, and leaves the rest as placeholders', async () => {
      const state = await authorisedCase(world);
      const letter = draftLetter(state, { organisationName: 'Mossbridge Council', directorTitle: "Director of Children's Services", timeZone: 'Europe/London' });
      assert.match(letter, /^Dear \[your name\],/);
      assert.match(letter, /looked after by us on 5 January 2026/);
      assert.match(letter, /\[why you came into care\]/, 'the case does not record why: a placeholder, never a guess');
      assert.match(letter, /Your parent decided that you should come home/, 'from the recorded trigger');
      assert.match(letter, /You went home on 27 February 2026\./);
      assert.match(letter, /On 2 March 2026, Taylor Manager, the team manager, agreed that it was safe for you to go home\./);
      assert.match(letter, /Harper Head, the Head of Service, agreed in writing/);
      assert.match(letter, /Dana Director, the Director of Children's Services, agreed that your time in care could end\./);
      assert.match(letter, /Indra Reviewer, your Independent Reviewing Officer \(IRO\), gave their view/);
      assert.match(letter, /From your Independent Reviewing Officer.*\[IRO to add\]/);
      assert.match(letter, /From your carers: \[carers to add\]/);
      assert.match(letter, /From your parents: \[parents to add\]/);
      assert.match(letter, /Sam Social\nYour social worker, Mossbridge Council$/);
      for (const never of ['2009-05-14', '14 May 2009', CHILD_VIEWS, 'Mother wants her home']) assert.ok(!letter.includes(never), `the draft must not contain "${never}"`);
      // Home on 27 February, asked on 2 March: the story in the order it happened.
      assert.ok(letter.indexOf('You went home on 27 February 2026.') < letter.indexOf('On 2 March 2026 we asked'), letter);
    });

    it("dates things by the organisation's calendar: just after midnight BST is the next day, though UTC is still on the day before", async () => {
      world.clock.set('2026-06-14T23:30:00Z');
      const summer = await authorisedCase(world);
      const letter = draftLetter(summer, { organisationName: 'Mossbridge Council', directorTitle: 'Director', timeZone: 'Europe/London' });
      assert.match(letter, /On 15 June 2026 we asked what you wanted/, 'worded for a 17-year-old');
      assert.match(letter, /On 15 June 2026, Taylor Manager, the team manager, agreed/);
      assert.match(letter, /On 15 June 2026, Indra Reviewer, your Independent Reviewing Officer/);
      assert.doesNotMatch(letter, /14 June 2026/);
    });

    it('in winter (GMT) a late-evening step stays on its own day', async () => {
      world.clock.set('2026-03-02T23:30:00Z');
      const winter = await authorisedCase(world);
      const letter = draftLetter(winter, { organisationName: 'Mossbridge Council', directorTitle: 'Director', timeZone: 'Europe/London' });
      assert.match(letter, /On 2 March 2026, Taylor Manager, the team manager, agreed/);
      assert.doesNotMatch(letter, /3 March 2026/);
    });

    it('tells the end of the care episode and the end of the placement in the order they happened (the placement often ends after)', async () => {
      const state = structuredClone(await authorisedCase(world));
      state.episodeEnded = { at: '2026-03-09T10:00:00.000Z', by: { id: PEOPLE.sw.id, name: PEOPLE.sw.name }, directorAgreementUploaded: true, agenciesInformed: true } as CaseState['episodeEnded'];
      state.placement = { ...state.placement, status: 'ended', endDate: '2026-03-13', carersToldOn: '2026-03-09' };
      const letter = draftLetter(state, { organisationName: 'Mossbridge Council', directorTitle: "Director of Children's Services", timeZone: 'Europe/London' });
      const care = letter.indexOf('Your time in care ended on 9 March 2026.');
      const placement = letter.indexOf('The place where you had been living while you were in care ended on 13 March 2026.');
      assert.ok(care >= 0 && placement >= 0, letter);
      assert.ok(care < placement, 'the care episode (9 March) before the placement (13 March)');
    });

    it("says the placement 'ends on' a date still to come on the day the letter is written, and 'ended on' one gone by", async () => {
      const state = structuredClone(await authorisedCase(world));
      state.placement = { ...state.placement, status: 'ended', endDate: '2026-03-13', carersToldOn: '2026-03-09' };
      const on = (now: string) => draftLetter(state, { organisationName: 'Mossbridge Council', directorTitle: 'Director', timeZone: 'Europe/London', now: new Date(now) });
      assert.match(on('2026-03-10T10:00:00Z'), /while you were in care ends on 13 March 2026\./);
      assert.doesNotMatch(on('2026-03-10T10:00:00Z'), /ended on 13 March 2026/);
      assert.match(on('2026-03-13T10:00:00Z'), /while you were in care ended on 13 March 2026\./);
      assert.match(on('2026-03-20T10:00:00Z'), /while you were in care ended on 13 March 2026\./);
    });

    it('uses placeholders where the case has nothing: no return date, no decisions, no reunification work', async () => {
      const opened = await world.service.openCase({ idempotencyKey: 'o', actor: PEOPLE.sw, ref: 'MOS-2', facts: { ...FACTS, pathway: 'planned', returnedHomeOn: null }, trigger: null, iro: null });
      assert.ok(opened.ok, JSON.stringify(opened));
      const letter = draftLetter((await world.service.get(opened.caseId))!.state, { organisationName: 'Mossbridge Council', directorTitle: 'Director', timeZone: 'Europe/London' });
      assert.match(letter, /You went home on \[the date you went home\]\./);
      assert.match(letter, /\[the decisions made about you going home\]/);
      assert.doesNotMatch(letter, /Edge of Care|we worked with you and your family to plan|agreed that/, 'nothing the case does not record');
    });
  });

  describe('in the bot', () => {
    it("drafts on the day the form gives as the letter's date: a placement ending after it 'ends on' that date", async () => {
      const { caseId } = (await world.service.get((await authorisedCase(world)).caseId))!.state;
      let n = 0;
      const apply = async (actor: { id: string; name: string }, event: EventInput) => assert.ok((await world.service.apply({ idempotencyKey: `p${++n}`, caseId, actor, event })).ok);
      await apply(PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-13' });
      const approvalId = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === 'placement-end')!.approvalId;
      await apply(PEOPLE.hos, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
      await apply(PEOPLE.sw, { type: 'PlacementEnded', endDate: '2026-03-13', carersToldOn: '2026-03-02' });
      world.clock.set('2026-03-10T10:00:00Z');
      const bot = new ConversationDriver(world);
      const form = await bot.press(PEOPLE.sw, await bot.sayForCard(PEOPLE.sw, 'case MOS-1042'), /Record the letter/);
      assert.equal(inputs(form).get('writtenOn')?.value, '2026-03-10');
      assert.match(String(inputs(form).get('letter')?.value), /while you were in care ends on 13 March 2026\./);
    });

    it('opens the letter form with the draft and today, keeps edits on a refusal, and keeps the finished letter and the contributions for the case file, not in the audit trail', async () => {
      const state = await authorisedCase(world);
      world.clock.set('2026-03-10T10:00:00Z');
      const bot = new ConversationDriver(world);
      const card = await bot.sayForCard(PEOPLE.sw, 'case MOS-1042');
      const form = await bot.press(PEOPLE.sw, card, /Record the letter/);
      const fields = inputs(form);
      assert.equal(fields.get('letter')?.type, 'Input.Text');
      assert.equal((fields.get('letter') as { isMultiline?: boolean } | undefined)?.isMultiline, true);
      assert.match(String(fields.get('letter')?.value), /looked after by us on 5 January 2026/);
      assert.match(String(fields.get('letter')?.value), /Mossbridge Council/);
      assert.equal(fields.get('writtenOn')?.value, '2026-03-10');
      assert.match(texts(form), /kept in the case file as a Word document \(R-LETTER-1\)\. Copy it into Mosaic too/);
      for (const id of ['iroWords', 'carerName', 'carerEmail', 'carerWords', 'parentsWords']) assert.ok(fields.has(id), id);
      for (const dateOfBirth of ['2009-05-14', '14 May 2009']) assert.ok(!JSON.stringify(form).includes(dateOfBirth));

      const edited = 'Dear Ellie-Unique-Phrase, you were brave. [draft edited]';
      const words = { iroWords: 'IRO-Unique-Words', carerName: 'Jo Carter', carerEmail: 'jo.carter@example.org', carerWords: 'Carer-Unique-Words', parentsWords: 'Parents-Unique-Words' };
      const badMail = await bot.press(PEOPLE.sw, form, /Record the letter as written/, { letter: edited, writtenOn: '2026-03-09', ...words, carerEmail: 'jo at home' });
      assert.match(texts(badMail), /mail address, such as name@example\.org/);
      assert.equal(inputs(badMail).get('carerWords')?.value, 'Carer-Unique-Words', 'the contributions are not lost');
      const refused = await bot.press(PEOPLE.sw, form, /Record the letter as written/, { letter: edited, writtenOn: '2026-02-30', ...words });
      assert.match(texts(refused), /Nothing was saved/);
      assert.match(texts(refused), /Date the letter was finished: 30 February does not exist: February has 28 days\. Choose the date again from the calendar\./);
      assert.equal(inputs(refused).get('letter')?.value, edited, 'the edits are not lost');
      assert.equal((await world.service.get(state.caseId))!.state.letter, null);

      const done = await bot.press(PEOPLE.sw, refused, /Record the letter as written/, { letter: edited, writtenOn: '2026-03-09', ...words });
      assert.match(texts(done), /"Your time in our care" letter \(R-LETTER-1\)\nMon 9 Mar 2026/);
      const after = (await world.service.get(state.caseId))!;
      assert.equal(after.state.letter?.writtenOn, '2026-03-09');
      assert.equal(after.state.letter?.text, edited, 'the finished letter is kept for the case file');
      assert.deepEqual(after.state.letter?.contributions, { iro: 'IRO-Unique-Words', carer: { name: 'Jo Carter', email: 'jo.carter@example.org', text: 'Carer-Unique-Words' }, parents: 'Parents-Unique-Words' });
      const audit = JSON.stringify(await world.store.audit(state.caseId));
      for (const phrase of ['Ellie-Unique-Phrase', 'IRO-Unique-Words', 'Carer-Unique-Words', 'Parents-Unique-Words']) assert.ok(!audit.includes(phrase), `${phrase} is not in the audit trail`);
      assert.match(audit, /"textKept":true/);
    });
  });
});

describe('"Your time in our care" letter: a final no is not told as a request for more work', () => {
  const ctx = { organisationName: 'Mossbridge Council', directorTitle: "Director of Children's Services", timeZone: 'Europe/London' };
  it("tells a rejection of the return home, and the Head of Service's no to ending the placement, as the decisions they were", () => {
    const atDirector = awaitingDirector({ facts: HOME_53_DAYS });
    const rejected = accept(atDirector, events.decision(pending(atDirector, 'director').approvalId, ACTORS.director, 'reject', 'Not safe yet.')).state;
    const letter = draftLetter(rejected, ctx);
    assert.match(letter, /On 2 March 2026, Dana Director, the Director of Children's Services, decided against you going home at that time\./);
    const asked = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const refused = accept(asked, events.decision(pending(asked, 'placement-end').approvalId, ACTORS.hos, 'reject', 'Not yet.')).state;
    assert.match(draftLetter(refused, ctx), /On 2 March 2026, Hana Head, the Head of Service, decided that the place where you were living should not end then\./);
    assert.doesNotMatch(`${letter}${draftLetter(refused, ctx)}`, /asked for more work/);
  });
});
