/**
 * "new copy REF" in Teams sends the approver a fresh copy of what waits for them; and the request
 * mail itself, which is for reading only (src/bot/mail-request-card.ts).
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { actionableMailHtml } from '../../src/adapters/graph/graph-mailer';
import { approvalCardsOn } from '../../src/composition-root';
import { ConversationDriver } from './support/conversation-driver';
import { OUTLOOK_DECIDE_IN_TEAMS } from '../../src/bot/outlook-words';
import { deliveryKeys } from '../../src/ports/delivery-keys';

type CardShape = { version: string; body: { text?: string }[]; refresh?: unknown; actions?: unknown[] };
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

  const mailedCard = async (config = world.config): Promise<CardShape> => {
    // The request cards as the bot renders them when requests are also mailed.
    const renderer = approvalCardsOn(config, world.app, { outlook: true });
    const state = (await world.service.get(caseId))!.state;
    const approval = state.approvals[0]!;
    return (await renderer.outlookApprovalCard!({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, state, 1)) as CardShape;
  };

  it('the request mail is for reading, and says so first: no comment box, no buttons that would record nothing, no refresh (Outlook ignores its Teams ids)', async () => {
    // The team manager has written to the bot: the Teams card refreshes for their Teams id.
    await world.store.saveConversation(deliveryKeys.person(PEOPLE.tm.id), { channelId: 'msteams', conversation: { id: `a:${PEOPLE.tm.id}` }, user: { id: `29:${PEOPLE.tm.id}`, aadObjectId: PEOPLE.tm.id } });
    const card = await mailedCard();
    assert.equal(card.version, '1.4');
    assert.equal(card.body[0]?.text, OUTLOOK_DECIDE_IN_TEAMS);
    assert.equal(OUTLOOK_DECIDE_IN_TEAMS, 'This mail is for reading only: nothing can be decided or recorded from it. Decisions are made in the Return home app in Microsoft Teams: type "my cases" there to see what waits for you.');
    const json = JSON.stringify(card);
    assert.doesNotMatch(json, /Input\.Text|Action\.Execute|ActionSet/, 'no comment box, no decision or "Read in full" buttons');
    assert.equal(card.refresh, undefined, 'no refresh: Outlook would send it for everyone who opens the mail, whatever refresh.userIds says');
    assert.doesNotMatch(json, /29:/, 'no Teams ids in a mail');
    assert.deepEqual(card.actions, []);
    assert.doesNotMatch(json, /Request changes sends|buttons/i, 'nothing said of buttons the mail has not got');
    assert.match(json, /The IRO's view/, 'the request itself is there to read');
    // The body says the same, once: the words come with the mail (the mailer has none of its own).
    const html = actionableMailHtml({ card, text: 'Case MOS-8: your agreement is needed.', notes: [OUTLOOK_DECIDE_IN_TEAMS] });
    assert.equal(html.split('</head>')[1]!.match(/for reading only/g)?.length, 1);
    assert.doesNotMatch(html.split('</head>')[1]!, /button/i, 'the body does not speak of buttons either');
  });

  it("with the app's catalog id, the mail's one button opens the app's chat in Teams; a long answer cut says where the rest is, not 'choose Read in full'", async () => {
    const long = 'x'.repeat(6000);
    assert.ok((await world.service.apply({ idempotencyKey: 'long', caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: (await world.service.get(caseId))!.state.approvals[0]!.approvalId, outcome: 'request-changes', comment: 'more' } })).ok);
    const resubmitted = await world.service.apply({ idempotencyKey: 'again', caseId, actor: PEOPLE.sw, event: { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: long, safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' } });
    assert.ok(resubmitted.ok, JSON.stringify(resubmitted));
    const config = { ...world.config, teams: { ...world.config.teams, appCatalogId: 'c0ffee00-1111-2222-3333-444455556666' }, bot: { ...world.config.bot, appTenantId: 'abcdef12-3456-7890-abcd-ef1234567890' } };
    const renderer = approvalCardsOn(config, world.app, { outlook: true });
    const state = (await world.service.get(caseId))!.state;
    const approval = state.approvals.at(-1)!;
    const card = (await renderer.outlookApprovalCard!({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, state, 1)) as CardShape;
    assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open the Return home app in Teams', url: 'https://teams.microsoft.com/l/entity/c0ffee00-1111-2222-3333-444455556666/conversations?tenantId=abcdef12-3456-7890-abcd-ef1234567890' }]);
    assert.ok(card.body.some((e) => e.text?.endsWith('x… (shortened in this mail: the rest is on the request in Teams)')), 'the cut answer says where the rest is');
    assert.doesNotMatch(JSON.stringify(card), /Read in full|Action\.Execute/);
  });
});
