import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { ConversationDriver, texts, Who } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

/** What people see when an assessment the IRO gave a view on is sent back and revised (R-SIGN-4). */
describe("the IRO's view after an assessment is sent back and revised", () => {
  let world: World;
  let bot: ConversationDriver;
  let caseId: string;
  let n = 0;

  async function apply(actor: Who, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `e${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }
  const open = async (stage: string): Promise<string> => (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === stage && !a.decision && !a.cancelledAt)!.approvalId;
  const assessment: EventInput = { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' };

  /** Round 1 up to the Head of Service, who sends it back the next day; the social worker resubmits two days on. */
  async function revised(settings: Record<string, string>): Promise<void> {
    world = makeWorld('2026-03-02T10:00:00Z', settings);
    bot = new ConversationDriver(world);
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    caseId = opened.caseId;
    await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(PEOPLE.sw, { type: 'IroInformed' });
    await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(PEOPLE.sw, assessment);
    await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await open('team-manager'), outcome: 'approve', comment: null });
    await apply(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return with the plan.', reviewBroughtForward: false });
    world.clock.set('2026-03-03T10:00:00Z');
    await apply(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await open('head-of-service'), outcome: 'request-changes', comment: 'Risk analysis too thin.' });
    world.clock.set('2026-03-04T10:00:00Z');
    await apply(PEOPLE.sw, { ...assessment, riskAnalysis: 'fuller analysis', completedOn: '2026-03-04' } as EventInput);
  }
  afterEach(async () => world.close());

  it('by default: the card says the view was on the version sent back; the IRO is asked again, in words that say why', async () => {
    await revised({});
    let card = await bot.click(PEOPLE.sw, 'showCase', { caseId });
    assert.match(texts(card), /IRO's view \(R-SIGN-4\)\nMon 2 Mar 2026, given by Indra Reviewer, was on the version sent back: asked again when the team manager agrees/);
    assert.ok(card.actions?.some((a) => a.title === "Record the IRO's view"), 'the IRO may renew their view at once');

    await world.worker.drain();
    const before = world.notifier.sent.length;
    await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await open('team-manager'), outcome: 'approve', comment: null });
    await world.worker.drain();
    const toIro = world.notifier.sent.slice(before).filter((s) => s.to === PEOPLE.iro.id).map((s) => s.text);
    assert.deepEqual(toIro, [
      'Case MOS-1042: the team manager has agreed the revised return-home assessment. Your view of Mon 2 Mar 2026 was on the version sent back for changes, so please give your view as IRO on this one before it goes to the Head of Service. Open the case to record it. (R-SIGN-4, R-UNPL-3)',
    ]);
    card = await bot.click(PEOPLE.iro, 'showCase', { caseId });
    assert.match(texts(card), /Needed before the Head of Service is asked \(the view of Mon 2 Mar 2026 was on the version sent back\)/);
  });

  it('with IRO_VIEW_ON_REVISION=reuse: the Head of Service is asked at once, and their request says the view was on the earlier version', async () => {
    await revised({ IRO_VIEW_ON_REVISION: 'reuse' });
    await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await open('team-manager'), outcome: 'approve', comment: null });
    const request = await bot.click(PEOPLE.hos, 'showApproval', { caseId, approvalId: await open('head-of-service') });
    assert.match(texts(request), /Supports the return with the plan\. — given by Indra Reviewer on Mon 2 Mar 2026, on the version before it was sent back \(R-SIGN-4\)/);
    const card = await bot.click(PEOPLE.sw, 'showCase', { caseId });
    assert.match(texts(card), /IRO's view \(R-SIGN-4\)\nMon 2 Mar 2026, given by Indra Reviewer, on the version before it was sent back/);
  });
});
