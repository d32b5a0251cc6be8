import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { cardProblems } from './support/card-check';
import { Card, ConversationDriver, texts, Who } from './support/conversation-driver';

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

    assert.equal(waitingPart(await myCases(PEOPLE.tm)), `- MOS-1042: Team manager's agreement, asked on Mon 2 Mar 2026, due by Fri 6 Mar 2026 (type "case MOS-1042")`);
    assert.equal(waitingPart(await myCases(PEOPLE.hos)), '', 'not yet the Head of Service’s');
    // The social worker's own list: no decision waits for them, but the first visit (due the day
    // after the child went home, Mon 2 Mar) is overdue by one day (visits count calendar days); then their open case.
    const own = await myCases(PEOPLE.sw);
    assert.equal(waitingPart(own), '');
    assert.match(own, /Steps and visits waiting for you:\n- MOS-1042: first home visit \(R-VISIT-1\), \*\*OVERDUE by 1 day\*\* \(due Mon 2 Mar 2026\)/);
    assert.match(own, /Your cases:\n- MOS-1042: unplanned, Waiting for the team manager's agreement, \*\*OVERDUE by 1 day\*\*: next due Mon 2 Mar 2026: visit \(R-VISIT-1\) \(type "case MOS-1042"\)/);

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
    // Nobody else: a stranger, who holds no role, is not promised messages that will never come, nor told to type "new case"; a social worker with no cases is.
    assert.equal(await myCases(PEOPLE.stranger), 'You are not named on any open case, and nothing is waiting for your decision. You hold none of this service\'s roles today (social worker, team manager, Head of Service, Director, IRO or placement team), so no case will come to you here until you do: ask your administrator if you think you should. Closed cases are not listed here: type "my closed cases" to see them.');
    // The placement team, who hold a role but have nothing yet, are told a message will come.
    assert.equal(await myCases(PEOPLE.cpt), 'You are not named on any open case, and nothing is waiting for your decision. You will be sent a message here when a case needs you. Closed cases are not listed here: type "my closed cases" to see them.');
    assert.equal(await myCases(PEOPLE.sw2), 'You are not named on any open case, and nothing is waiting for your decision. Type "new case" to start one. Closed cases are not listed here: type "my closed cases" to see them.');

    await apply(caseId, PEOPLE.director, { type: 'DecisionGiven', approvalId: await openApproval(caseId, 'director'), outcome: 'approve', comment: null });
    assert.equal(waitingPart(await myCases(PEOPLE.director)), '');
    // The case card it points to opens for the Director, with the decision recorded.
    const card = await bot.sayForCard(PEOPLE.director, 'case MOS-1042');
    assert.match(texts(card), /Approved by Dana Director/);
  });

  it('a deputy whose cover has ended, with nothing listed, is not promised a message when a case needs them; one whose cover is still to come is', async () => {
    // Devon Deputy covers the Director from Sun 1 Mar to Tue 10 Mar 2026.
    world.clock.set('2026-02-20T10:00:00Z');
    assert.match(await myCases(PEOPLE.deputy), /You will be sent a message here when a case needs you\./, 'cover still to come: its start is told them');
    world.clock.set('2026-03-11T10:00:00Z');
    const after = await myCases(PEOPLE.deputy);
    assert.doesNotMatch(after, /You will be sent a message here/);
    assert.match(after, /You hold none of this service's roles today .*so no case will come to you here until you do/);
  });

  it("the IRO manager's \"my cases\" lists the open cases with no IRO named yet, which they cover meanwhile, before any view is asked of them; nobody else's list says they cover it", async () => {
    await open('NOIRO-1');
    const named = await world.service.openCase({ idempotencyKey: 'open-IRO-1', actor: PEOPLE.sw, ref: 'IRO-1', facts: FACTS, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
    assert.ok(named.ok);
    const listed = await myCases(PEOPLE.iro);
    assert.match(listed, /Your cases:\n(- .*\n)*- NOIRO-1: unplanned, [^\n]*, no IRO named yet: you act as its IRO until one is named \(the case's team manager names one with "Hand the case over"\)[^\n]* \(type "case NOIRO-1"\)/);
    assert.match(listed, /- IRO-1: unplanned, /, 'their own named case too');
    assert.doesNotMatch(listed, /- IRO-1: [^\n]*no IRO named yet/);
    assert.doesNotMatch(await myCases(PEOPLE.stranger), /NOIRO-1/);
    assert.doesNotMatch(await myCases(PEOPLE.tm), /you act as its IRO/);
  });

  it('SQLite: a store from before (schema 12) with an open case with no IRO named is brought forward, and the IRO manager lists it (migration 13)', async () => {
    const queue = 'awaiting:iro-named';
    await open('NOIRO-2');
    const dir = world.dir;
    await world.close(true);
    // The file as schema 12 left it: the case not filed under the queue, in either place the index keeps it.
    const raw = new Database(join(dir, 'cases.sqlite'));
    assert.equal(raw.prepare('DELETE FROM case_participants WHERE participant = ?').run(queue).changes, 1);
    for (const row of raw.prepare('SELECT case_id, participants FROM cases').all() as { case_id: string; participants: string }[]) {
      raw.prepare('UPDATE cases SET participants = ? WHERE case_id = ?').run(JSON.stringify((JSON.parse(row.participants) as string[]).filter((p) => p !== queue)), row.case_id);
    }
    raw.prepare('UPDATE schema_version SET version = 12').run();
    raw.close();

    world = makeWorld('2026-03-02T11:00:00Z', {}, dir);
    bot = new ConversationDriver(world);
    const [summary] = await world.store.list({ participant: queue });
    assert.equal(summary?.ref, 'NOIRO-2');
    assert.ok(summary.participants.includes(queue), 'the summary lists the queue too');
    assert.match(await myCases(PEOPLE.iro), /- NOIRO-2: [^\n]*, no IRO named yet: you act as its IRO until one is named/);
  });

  it('"my cases" carries a card with a button for each waiting decision (the oldest five), which opens it', async () => {
    const ids: string[] = [];
    for (const ref of ['W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6']) {
      const caseId = await open(ref);
      await submit(caseId);
      ids.push(caseId);
    }
    const [reply] = await bot.say(PEOPLE.tm, 'my cases');
    assert.match(reply?.text ?? '', /^Waiting for your decision:\n- W-1/);
    const card = reply?.attachments?.[0]?.content as Card;
    assert.deepEqual(cardProblems(card), []);
    assert.deepEqual(card.actions?.map((a) => a.title), ['W-1', 'W-2', 'W-3', 'W-4', 'W-5'].map((ref) => `Open ${ref}: Team manager's agreement`));
    assert.match(texts(card), /W-6\nTeam manager's agreement, asked on Mon 2 Mar 2026, due by Fri 6 Mar 2026\n/, 'by when, as "my cases" says it');
    assert.match(texts(card), /Buttons for the oldest 5\. For the others, type "case" and the reference\./);
    const opened = await bot.click(PEOPLE.tm, card.actions![1]!.verb, card.actions![1]!.data);
    assert.match(texts(opened), /W-2/);
    assert.deepEqual(opened.actions?.map((a) => a.data['outcome']), ['approve', 'request-changes', 'reject']);
    // The IRO's view opens the case, where it is recorded.
    await world.service.apply({ idempotencyKey: 'tm-w1', caseId: ids[0]!, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: await openApproval(ids[0]!, 'team-manager'), outcome: 'approve', comment: null } });
    const [iro] = await bot.say(PEOPLE.iro, 'my cases');
    const iroCard = iro?.attachments?.[0]?.content as Card;
    const caseCard = await bot.click(PEOPLE.iro, iroCard.actions![0]!.verb, iroCard.actions![0]!.data);
    assert.ok(caseCard.actions?.some((a) => a.title === "Record the IRO's view"));
    // Nothing waiting: text only.
    const [plain] = await bot.say(PEOPLE.stranger, 'my cases');
    assert.equal(plain?.attachments, undefined);
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
      '- MOS-1999: Team manager\'s agreement, asked on Wed 4 Mar 2026, due by Tue 10 Mar 2026 (type "case MOS-1999")',
      '- MOS-2000: Team manager\'s agreement, asked on Wed 4 Mar 2026, due by Tue 10 Mar 2026 (type "case MOS-2000")',
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
    assert.match(welcome?.text ?? '', /1 decision is already waiting for you: open it below, or type \*\*my cases\*\* later\.$/);
    // The request opens from the welcome in one tap: the approver sees Approve / Request changes / Reject.
    const card = welcome?.attachments?.[0]?.content as Card;
    assert.deepEqual(cardProblems(card), []);
    const request = await bot.click(PEOPLE.tm, bot.action(card, /^Open MOS-1042: /).verb, bot.action(card, /^Open MOS-1042: /).data);
    assert.deepEqual(request.actions?.map((a) => a.data['outcome']), ['approve', 'request-changes', 'reject']);
    const [plain] = await bot.replies({ type: 'conversationUpdate', membersAdded: [{ id: `29:${PEOPLE.stranger.id}`, name: PEOPLE.stranger.name }], from: { id: `29:${PEOPLE.stranger.id}`, aadObjectId: PEOPLE.stranger.id, name: PEOPLE.stranger.name }, recipient: { id: 'bot', name: 'bot' }, id: 'cu-2' });
    assert.doesNotMatch(plain?.text ?? '', /already waiting/);
  });

  it('the queues a case waits in are not people: "my cases" lists only people, and nobody gains sight of a case by them', async () => {
    const caseId = await open('MOS-1042');
    await submit(caseId);
    const summary = (await world.store.list({ participant: 'awaiting:team-manager' }))[0];
    assert.equal(summary?.caseId, caseId, 'the queue is kept in the store');
    const [listed] = await world.service.listFor(PEOPLE.sw.id);
    // The case's people (its social worker, and the managers the organisation names for it), never a queue.
    assert.deepEqual(listed?.participants, [PEOPLE.sw.id, PEOPLE.tm.id, PEOPLE.managerWithCases.id, PEOPLE.hos.id, PEOPLE.hos2.id]);
    assert.equal(await world.service.mayView({ id: 'awaiting:team-manager', name: 'x' }, (await world.service.get(caseId))!.state), false);
  });
});
