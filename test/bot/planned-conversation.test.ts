import { strict as assert } from 'node:assert';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { Card, ConversationDriver, inputs, texts } from './support/conversation-driver';

const START = { ref: 'PLN-7', legalStatus: 'S20', pathway: 'planned', trigger: '', dateOfBirth: '2012-04-01', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '' };
/** The organisation's words, as its settings give them. */
const MOSSBRIDGE = { ORG_NAME: 'Mossbridge Council', CASE_RECORD_SYSTEM_NAME: 'Mosaic' };

describe('S20 bot: the planned pathway, from "new case" to the return home', function () {
  let world: World;
  let bot: ConversationDriver;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z', MOSSBRIDGE);
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  const titles = (card: Card) => (card.actions ?? []).map((a) => a.title);

  async function openPlanned(): Promise<Card> {
    const form = await bot.sayForCard(PEOPLE.sw, 'new case');
    return bot.press(PEOPLE.sw, form, /Start the case/, START);
  }

  it('starts reunification with the framework, records the four pieces of evidence, and goes through the sign-off chain to the return home', async () => {
    let card = await openPlanned();
    assert.match(texts(card), /Case PLN-7/);
    assert.match(texts(card), /Planned/);
    assert.ok(titles(card).includes('Record the start of reunification work'));
    assert.ok(titles(card).includes('Move to the unplanned pathway'));
    assert.ok(!titles(card).includes('Record the return home'), 'a planned return is recorded once agreed');

    const form = await bot.press(PEOPLE.sw, card, /start of reunification work/);
    assert.deepEqual([...inputs(form).keys()], ['startedOn', 'edgeOfCare']);
    assert.deepEqual(inputs(form).get('edgeOfCare')?.choices?.map((c) => c.value), ['framework', 'support-only', 'consultation']);
    card = await bot.press(PEOPLE.sw, form, /^Record /, { startedOn: '2026-02-16', edgeOfCare: 'framework' });
    assert.match(texts(card), /Reunification work started/);
    assert.match(texts(card), /16-week horizon for the planned return \(R-PLAN-5\)\nMon 8 Jun 2026/, '16 weeks from 16 February');

    // Each evidence form opens on the next piece not yet recorded; the case counts them.
    const expected = ['analytical-chronology', 'themes-and-patterns', 'risk-classification-meeting', 'return-home-plan'];
    for (const [i, evidence] of expected.entries()) {
      assert.ok(titles(card).includes(`Record framework evidence (${i} of 4 uploaded)`), titles(card).join(' | '));
      const evidenceForm = await bot.press(PEOPLE.sw, card, /framework evidence/);
      assert.equal(inputs(evidenceForm).get('evidence')?.value, evidence);
      if (i === 0) {
        // A link, not a bare tick (R-PLAN-3): something that is not a web address is refused on the form.
        const again = await bot.press(PEOPLE.sw, evidenceForm, /^Record /, { url: 'the chronology is in the shared drive' });
        assert.match(texts(again), /Link to the document \(SharePoint or the case-record system\) must be the web address of the document \(starting with https\)/);
        assert.equal((await world.service.getByRef('PLN-7'))!.state.steps.frameworkEvidence, undefined);
      }
      card = await bot.press(PEOPLE.sw, evidenceForm, /^Record /, { url: `https://council.sharepoint.com/sites/cs/PLN-7/${evidence}.docx` });
    }
    assert.ok(!titles(card).some((t) => /framework evidence/.test(t)));
    const stored = (await world.service.getByRef('PLN-7'))!.state;
    assert.deepEqual(Object.keys(stored.steps.frameworkEvidence ?? {}).sort(), [...expected].sort());
    assert.equal(stored.steps.frameworkEvidence?.['themes-and-patterns']?.url, 'https://council.sharepoint.com/sites/cs/PLN-7/themes-and-patterns.docx');
    assert.equal(stored.steps.reunification?.edgeOfCare, 'framework');

    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /child's views/), /^Record /, { views: 'Wants to go home after the summer term.' });
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /parents' views/), /^Record /, { views: 'Father wants the child home.', plannedReturnAgreed: 'true' });
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Inform the IRO/), /Inform the IRO now/);
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Submit the assessment/), /Submit for agreement/, {
      form: 'child-and-family-reassessment', viable: 'true', riskAnalysis: 'Risks reduced through the framework.', safetyPlan: 'Plan co-produced with the family.', stepdown: 'cin-tac-meeting', purpose: 'Keep support around the family.', completedOn: '2026-03-02',
    });
    assert.match(texts(card), /sent to the team manager/);
    assert.ok(titles(card).includes('Move to the unplanned pathway'), 'the pathway can still change during the sign-off chain');

    await bot.press(PEOPLE.tm, await bot.press(PEOPLE.tm, await bot.sayForCard(PEOPLE.tm, 'case PLN-7'), /Open the request/), /^Approve$/);
    await bot.press(PEOPLE.iro, await bot.press(PEOPLE.iro, await bot.sayForCard(PEOPLE.iro, 'case PLN-7'), /IRO's view/), /^Record /, { view: 'Supports the planned return.', reviewBroughtForward: 'false' });
    await bot.press(PEOPLE.hos, await bot.press(PEOPLE.hos, await bot.sayForCard(PEOPLE.hos, 'case PLN-7'), /Open the request/), /^Approve$/);
    // 56 days in care by now: the Director must authorise (R-SIGN-2).
    const request = await bot.press(PEOPLE.director, await bot.sayForCard(PEOPLE.director, 'case PLN-7'), /Open the request/);
    assert.match(texts(request), /Director's authorisation/);
    const status = await bot.press(PEOPLE.director, request, /^Approve$/);
    assert.match(texts(status), /Approved by Dana Director/);
    assert.doesNotMatch(texts(status), /retrospective/, 'authorised before the child went home');

    card = await bot.sayForCard(PEOPLE.sw, 'case PLN-7');
    assert.match(texts(card), /Authorised by the Director/);
    assert.ok(!titles(card).includes('Move to the unplanned pathway'), 'the return is agreed: the pathway no longer changes');
    world.clock.set('2026-03-05T10:00:00Z');
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /Record the return home/), /^Record /, { on: '2026-03-05' });
    assert.match(texts(card), /First home visit[\s\S]*Sun 8 Mar 2026/, 'R-VISIT-1: first visit 3 days after 5 March');
    assert.ok(titles(card).includes('Record the first home visit'));
    const home = (await world.service.getByRef('PLN-7'))!.state;
    assert.equal(home.facts.returnedHomeOn, '2026-03-05');
    assert.equal(home.stage, 'director-authorised');
    assert.ok(!texts(card).includes('16-week horizon'), 'the horizon no longer applies once the child is home');
  });

  it('refuses framework evidence when Edge of Care gives consultation only, on the form, with R-PLAN-3', async () => {
    let card = await openPlanned();
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /start of reunification work/), /^Record /, { startedOn: '2026-02-16', edgeOfCare: 'consultation' });
    assert.ok(!titles(card).some((t) => /framework evidence/.test(t)), 'no evidence to record without the framework');
    const caseId = bot.action(card, /child's views/).data['caseId']!;
    const refused = await bot.click(PEOPLE.sw, 'recordStep', { caseId, step: 'frameworkEvidence', index: '', evidence: 'analytical-chronology', url: 'https://council.sharepoint.com/sites/cs/chronology.docx' });
    assert.match(texts(refused), /only when reunification work follows the NSPCC framework/);
    assert.match(texts(refused), /R-PLAN-3/);
    const bad = await bot.click(PEOPLE.sw, 'recordStep', { caseId, step: 'frameworkEvidence', index: '', evidence: 'a-diary', url: 'https://council.sharepoint.com/sites/cs/diary.docx' });
    assert.match(texts(bad), /choose one of the options shown/);
    assert.equal((await world.service.getByRef('PLN-7'))!.state.steps.frameworkEvidence, undefined);
  });

  it('moves a planned case to the unplanned pathway with its trigger: the unplanned steps follow', async () => {
    let card = await openPlanned();
    card = await bot.press(PEOPLE.sw, await bot.press(PEOPLE.sw, card, /start of reunification work/), /^Record /, { startedOn: '2026-02-16', edgeOfCare: 'support-only' });
    const form = await bot.press(PEOPLE.sw, card, /Move to the unplanned pathway/);
    assert.deepEqual(inputs(form).get('trigger')?.choices?.map((c) => c.value), ['consent-withdrawn', 'young-person-left', 'returned-without-agreement']);
    const missing = await bot.press(PEOPLE.sw, form, /Move to the unplanned pathway/);
    assert.match(texts(missing), /Please fill in: What happened\./);
    assert.equal((await world.service.getByRef('PLN-7'))!.state.pathway, 'planned');
    card = await bot.press(PEOPLE.sw, form, /Move to the unplanned pathway/, { trigger: 'returned-without-agreement' });
    assert.match(texts(card), /Unplanned \(child went home without the local authority’s agreement\)/);
    assert.match(texts(card), /Moved to the unplanned pathway \(R-SCOPE-3\)/);
    assert.ok(titles(card).includes('Record the immediate risk check'));
    assert.ok(titles(card).includes('Record the return home'), 'on the unplanned pathway the return home is recorded when it happens');
    assert.ok(!titles(card).includes('Move to the unplanned pathway'));
    const state = (await world.service.getByRef('PLN-7'))!.state;
    assert.equal(state.trigger, 'returned-without-agreement');
  });
});
