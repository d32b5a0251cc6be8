import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../cases/support/world';
import { ConversationDriver, texts, Who } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

/**
 * "my cases" for managers and IROs: what waits for their decision, found by role, not only the
 * cases they are named on. A manager whose request never reached them (they had not opened the
 * app) finds it here, and is told of it when they install the app.
 */
describe('decisions waiting for you: "my cases" and the welcome', () => {
  let world: World;
  let bot: ConversationDriver;
  let n = 0;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function open(ref: string, by: Who = PEOPLE.sw): Promise<string> {
    const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: by, ref, facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok, JSON.stringify(opened));
    return opened.caseId;
  }

  async function apply(caseId: string, actor: Who, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `e${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }

  async function submit(caseId: string, by: Who = PEOPLE.sw): Promise<void> {
    await apply(caseId, by, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(caseId, by, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(caseId, by, { type: 'IroInformed' });
    await apply(caseId, by, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(caseId, by, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
  }

  async function openApproval(caseId: string, stage: string): Promise<string> {
    const found = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === stage && !a.decision && !a.cancelledAt);
    assert.ok(found, `an open ${stage} request`);
    return found.approvalId;
  }

  const myCases = async (who: Who): Promise<string> => (await bot.say(who, 'my cases'))[0]?.text ?? '';
  const waitingPart = (text: string): string => (/Waiting for your decision:\n((?:- .*\n?)*)/.exec(text)?.[1] ?? '').trim();

  it('follows a case up the chain: each role sees it waiting exactly while it is theirs to decide', async () => {
    const caseId = await open('MOS-1042');
    await submit(caseId);
    world.clock.set('2026-03-03T09:00:00Z');

    assert.equal(waitingPart(await myCases(PEOPLE.tm)), `- MOS-1042: Team manager's agreement, asked on Mon 2 Mar 2026 (type "case MOS-1042")`);
    assert.equal(waitingPart(await myCases(PEOPLE.hos)), '', 'not yet the Head of Service’s');
    // The social worker's own list is unchanged: their case, in words, and nothing waiting for them.
    const own = await myCases(PEOPLE.sw);
    assert.equal(waitingPart(own), '');
    assert.match(own, /Your cases:\n- MOS-1042: unplanned, Waiting for the team manager's agreement \(type "case MOS-1042"\)/);

    await apply(caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId: await openApproval(caseId, 'team-manager'), outcome: 'approve', comment: null });
    assert.equal(waitingPart(await myCases(PEOPLE.tm)), '', 'decided: no longer waiting for the team manager');
    assert.match(await myCases(PEOPLE.tm), /Your cases:\n- MOS-1042/, 'but named on it now');
    assert.equal(waitingPart(await myCases(PEOPLE.iro)), `- MOS-1042: IRO's view on the assessment, asked on Tue 3 Mar 2026 (type "case MOS-1042")`);

    await apply(caseId, PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports it.', reviewBroughtForward: false });
    assert.equal(waitingPart(await myCases(PEOPLE.iro)), '');
    for (const hos of [PEOPLE.hos, PEOPLE.hos2]) assert.match(waitingPart(await myCases(hos)), /^- MOS-1042: Head of Service's written agreement, asked on Tue 3 Mar 2026/);

    // Hollis is Head of Service and Director: having agreed as Head of Service, the Director's decision is not theirs (R-SIGN-4).
    await apply(caseId, PEOPLE.hos2, { type: 'DecisionGiven', approvalId: await openApproval(caseId, 'head-of-service'), outcome: 'approve', comment: null });
    assert.equal(waitingPart(await myCases(PEOPLE.hos)), '');
    assert.equal(waitingPart(await myCases(PEOPLE.hos2)), '');
    assert.match(waitingPart(await myCases(PEOPLE.director)), /^- MOS-1042: Director's authorisation, asked on Tue 3 Mar 2026/);
    // The Director's deputy, within their dates, sees it too.
    assert.match(waitingPart(await myCases(PEOPLE.deputy)), /^- MOS-1042: Director's authorisation/);
    // Nobody else: a stranger is told plainly.
    assert.equal(await myCases(PEOPLE.stranger), 'You are not named on any case yet, and nothing is waiting for your decision. Type "new case" to start one.');

    await apply(caseId, PEOPLE.director, { type: 'DecisionGiven', approvalId: await openApproval(caseId, 'director'), outcome: 'approve', comment: null });
    assert.equal(waitingPart(await myCases(PEOPLE.director)), '');
    // The case card it points to opens for the Director, with the decision recorded.
    const card = await bot.sayForCard(PEOPLE.director, 'case MOS-1042');
    assert.match(texts(card), /Approved by Dana Director/);
  });

  it('a manager never sees their own case as waiting for them, and sees others’ oldest first', async () => {
    const own = await open('OWN-1', PEOPLE.managerWithCases);
    await submit(own, PEOPLE.managerWithCases);
    world.clock.set('2026-03-04T09:00:00Z');
    const other = await open('MOS-2000');
    await submit(other);
    const later = await open('MOS-1999');
    await submit(later);
    assert.equal(waitingPart(await myCases(PEOPLE.managerWithCases)), [
      '- MOS-1999: Team manager\'s agreement, asked on Wed 4 Mar 2026 (type "case MOS-1999")',
      '- MOS-2000: Team manager\'s agreement, asked on Wed 4 Mar 2026 (type "case MOS-2000")',
    ].join('\n'));
    assert.equal(waitingPart(await myCases(PEOPLE.tm)).split('\n').map((l) => /- (\S+):/.exec(l)?.[1]).join(' '), 'OWN-1 MOS-1999 MOS-2000');
  });

  it('the consent to end the placement waits for the Head of Service', async () => {
    const caseId = await open('MOS-3000');
    await submit(caseId);
    await apply(caseId, PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-10' });
    assert.match(waitingPart(await myCases(PEOPLE.hos)), /^- MOS-3000: Head of Service's consent to end the placement, asked on Mon 2 Mar 2026/);
  });

  it('the welcome tells a manager who installs the app what is already waiting for them', async () => {
    const caseId = await open('MOS-1042');
    await submit(caseId);
    const [welcome] = await bot.replies({ type: 'conversationUpdate', membersAdded: [{ id: `29:${PEOPLE.tm.id}`, name: PEOPLE.tm.name }], from: { id: `29:${PEOPLE.tm.id}`, aadObjectId: PEOPLE.tm.id, name: PEOPLE.tm.name }, recipient: { id: 'bot', name: 'bot' }, id: 'cu-1' });
    assert.match(welcome?.text ?? '', /^Welcome\./);
    assert.match(welcome?.text ?? '', /1 decision is already waiting for you: type \*\*my cases\*\* to see it\.$/);
    const [plain] = await bot.replies({ type: 'conversationUpdate', membersAdded: [{ id: `29:${PEOPLE.stranger.id}`, name: PEOPLE.stranger.name }], from: { id: `29:${PEOPLE.stranger.id}`, aadObjectId: PEOPLE.stranger.id, name: PEOPLE.stranger.name }, recipient: { id: 'bot', name: 'bot' }, id: 'cu-2' });
    assert.doesNotMatch(plain?.text ?? '', /already waiting/);
  });

  it('the queues a case waits in are not people: "my cases" lists only people, and nobody gains sight of a case by them', async () => {
    const caseId = await open('MOS-1042');
    await submit(caseId);
    const summary = (await world.store.list({ participant: 'awaiting:team-manager' }))[0];
    assert.equal(summary?.caseId, caseId, 'the queue is kept in the store');
    const [listed] = await world.service.listFor(PEOPLE.sw.id);
    assert.deepEqual(listed?.participants, [PEOPLE.sw.id]);
    assert.equal(await world.service.mayView({ id: 'awaiting:team-manager', name: 'x' }, (await world.service.get(caseId))!.state), false);
  });
});
