/**
 * The IRO's words for the "Your time in our care" letter, asked through a card (R-LETTER-1): the
 * social worker asks from the case card, the IRO's notice carries a button to write them, only the
 * IRO may, and the social worker's letter form opens with them filled in.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { noticeCardData } from '../../src/bot/notice-card';
import type { CaseState, Effect } from '../../src/protocol';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { ConversationDriver, inputs, texts } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

async function agreedCase(world: World): Promise<CaseState> {
  const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
  assert.ok(opened.ok, JSON.stringify(opened));
  let n = 0;
  const apply = async (actor: { id: string; name: string }, event: EventInput) => assert.ok((await world.service.apply({ idempotencyKey: `e${++n}`, caseId: opened.caseId, actor, event })).ok);
  const pending = async () => (await world.service.get(opened.caseId))!.state.approvals.find((a) => !a.decision)!.approvalId;
  await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'Wants to go home.' });
  await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 'None.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await apply(PEOPLE.sw, { type: 'IroInformed' });
  await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'Agree.', plannedReturnAgreed: false });
  await apply(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Low.', safetyPlan: 'Plan.', stepdownPlan: [{ option: 'trusted-adult', purpose: 'Call.' }], completedOn: '2026-03-02' });
  await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await apply(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports.', reviewBroughtForward: false });
  await apply(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  await apply(PEOPLE.director, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null });
  return (await world.service.get(opened.caseId))!.state;
}

describe("the IRO's words for the child's letter, asked through a card (R-LETTER-1)", () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  it('the social worker asks; the IRO writes from their notice; the letter form opens with their words', async () => {
    const state = await agreedCase(world);
    const bot = new ConversationDriver(world);
    let card = await bot.sayForCard(PEOPLE.sw, 'case MOS-1042');
    const ask = await bot.press(PEOPLE.sw, card, /Ask the IRO for words for the letter/);
    card = await bot.press(PEOPLE.sw, ask, /Ask the IRO now/);
    assert.match(texts(card), /The IRO's words for the letter \(R-LETTER-1\)[\s\S]*waiting for Indra Reviewer/);

    // The same button pressed again later on the form still in the chat (or a replay of its click) asks nobody again.
    for (let n = 0; n < 3; n++) {
      const again = await bot.press(PEOPLE.sw, ask, /Ask the IRO now/);
      assert.match(texts(again), /Indra Reviewer was already asked for their words for the letter, and has been sent a button to write them\. Nothing was recorded and nobody was told again/);
    }
    await world.worker.drain();
    const toIro = world.notifier.sent.filter((n) => n.to === PEOPLE.iro.id && /what you would like to say to the child/.test(n.text));
    assert.equal(toIro.length, 1, 'the IRO is asked once');
    const asked = (await world.store.listOutbox('delivered', 1000)).map((i) => i.payload as Effect).find((e) => e.type === 'notify' && e.notice === 'letter-contribution-asked');
    assert.ok(asked && asked.type === 'notify');
    const fresh = (await world.service.get(state.caseId))!.state;
    assert.deepEqual(noticeCardData(asked, fresh, 'text').actions.map((a) => [a.title, a.verb, a.step])[0], ["Write for the child's letter", 'openStep', 'letterContribution']);

    // Only the IRO may write them.
    const notYours = await bot.click(PEOPLE.sw, 'recordStep', { caseId: state.caseId, step: 'letterContribution', index: '', text: 'Social worker pretending.' });
    assert.match(texts(notYours), /Not recorded\. Only this case.s IRO, or their deputy, can write the IRO.s words/);
    assert.equal((await world.service.get(state.caseId))!.state.letterContributions?.iro, undefined);

    const form = await bot.click(PEOPLE.iro, 'openStep', { caseId: state.caseId, step: 'letterContribution', index: '' });
    await bot.press(PEOPLE.iro, form, /Send to the social worker/, { text: 'You were brave to say what you wanted.' });
    const kept = (await world.service.get(state.caseId))!.state.letterContributions?.iro;
    assert.equal(kept?.text, 'You were brave to say what you wanted.');
    assert.equal(kept?.by.id, PEOPLE.iro.id);

    // Asked again once they have written: refused, and their words are not asked for over again.
    const afterWritten = await bot.press(PEOPLE.sw, ask, /Ask the IRO now/);
    assert.match(texts(afterWritten), /Indra Reviewer already wrote their words for the letter: they are filled in when you record the letter/);
    assert.equal((await world.service.get(state.caseId))!.state.letterContributions?.iro?.text, 'You were brave to say what you wanted.');

    await world.worker.drain();
    assert.equal(world.notifier.sent.filter((n) => n.to === PEOPLE.iro.id && /what you would like to say to the child/.test(n.text)).length, 1, 'the IRO is still asked once');
    assert.ok(world.notifier.sent.some((n) => n.to === PEOPLE.sw.id && /has written what they want to say/.test(n.text)), 'the social worker is told');
    card = await bot.sayForCard(PEOPLE.sw, 'case MOS-1042');
    const letterForm = await bot.press(PEOPLE.sw, card, /Record the letter/);
    assert.equal(inputs(letterForm).get('iroWords')?.value, 'You were brave to say what you wanted.');
    // The audit trail says the IRO wrote, and is the record of who did what.
    const audit = await world.store.audit(state.caseId);
    assert.ok(audit.some((e) => e.actorId === PEOPLE.iro.id && /IRO's words for the letter/.test(e.action)));
  });
});
