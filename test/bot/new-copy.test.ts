/**
 * Outlook stops the buttons of a request mail after a month. The mail says how to get a new copy
 * ("new copy REF" in Teams), and typing it sends the approver a fresh copy of what waits for them.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { actionableMailHtml } from '../../src/adapters/graph/graph-mailer';
import { approvalCardsOn } from '../../src/composition-root';
import { ConversationDriver } from './support/conversation-driver';
import { makeWorld, PEOPLE, type World } from '../../support/world';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

describe('"new copy REF": a fresh copy of a request whose mail has gone stale', () => {
  let world: World;
  let caseId: string;
  let n = 0;
  beforeEach(async () => {
    world = makeWorld('2026-03-02T10:00:00Z');
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-8', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    caseId = opened.caseId;
    const apply = async (actor: { id: string; name: string }, event: EventInput) => assert.ok((await world.service.apply({ idempotencyKey: `e${++n}`, caseId, actor, event })).ok);
    await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(PEOPLE.sw, { type: 'IroInformed' });
    await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    await world.worker.drain();
    world.notifier.sent.length = 0;
  });
  afterEach(async () => world.close());

  it('the team manager types it: they are told it is on its way, and a fresh copy of their request is sent to them only', async () => {
    const driver = new ConversationDriver(world);
    const [reply] = await driver.say(PEOPLE.tm, 'new copy mos-8');
    assert.match(String(reply?.text), /A new copy of what is waiting for your decision on case MOS-8 is on its way.*audit trail/);
    await world.worker.drain();
    const sent = world.notifier.sent.filter((s) => /new copy you asked for/.test(s.text));
    assert.deepEqual(sent.map((s) => s.to), [PEOPLE.tm.id]);
    assert.match(sent[0]!.text, /Case MOS-8: here is the new copy you asked for of the request for the team manager's agreement/);
  });

  it('someone with nothing waiting, or a case they cannot see, is told so and nothing is sent', async () => {
    const driver = new ConversationDriver(world);
    const [hos] = await driver.say(PEOPLE.hos, 'new copy MOS-8');
    assert.match(String(hos?.text), /Nothing on case MOS-8 is waiting for your decision.*Nothing was recorded/);
    const [unknown] = await driver.say(PEOPLE.tm, 'new copy NOPE-1');
    assert.match(String(unknown?.text), /There is no case with reference NOPE-1 that you can see, so no copy was sent/);
    await world.worker.drain();
    assert.deepEqual(world.notifier.sent, []);
  });

  it('the request mail says how to get a new copy: on its Outlook card and in its body', async () => {
    // The request cards as the bot renders them when requests are also mailed.
    const renderer = approvalCardsOn(world.config, world.app, { outlook: true });
    const state = (await world.service.get(caseId))!.state;
    const approval = state.approvals[0]!;
    const card = (await renderer.outlookApprovalCard!({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, state, 1)) as { body: { text?: string }[]; version: string };
    assert.equal(card.version, '1.4');
    assert.match(String(card.body.at(-1)?.text), /Outlook stops the buttons in this message after a month\. For a new copy, type \*\*new copy MOS-8\*\* to the Return home app in Teams/);
    assert.match(actionableMailHtml(card, 'Case MOS-8: your agreement is needed.'), /For a new copy, type &quot;new copy&quot; and the case reference/);
  });

  it('the request mail says first that decisions are made in Teams for now, on its card and in its body, not "if you cannot see the buttons"', async () => {
    const renderer = approvalCardsOn(world.config, world.app, { outlook: true });
    const state = (await world.service.get(caseId))!.state;
    const approval = state.approvals[0]!;
    const card = (await renderer.outlookApprovalCard!({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, state, 1)) as { body: { text?: string }[] };
    assert.equal(card.body[0]?.text, 'Decisions cannot be made from this mail yet: to decide, type **my cases** to the Return home app in Microsoft Teams.');
    const html = actionableMailHtml(card, 'Case MOS-8: your agreement is needed.');
    assert.match(html, /<p>Decisions cannot be made from this mail yet: to decide, type &quot;my cases&quot; to the Return home app in Microsoft Teams\.<\/p>/);
    assert.doesNotMatch(html, /If you cannot see the buttons/);
  });
});
