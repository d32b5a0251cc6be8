import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { IRO_CHANNEL } from '../../src/cases/effect-delivery';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { undeliveredMessages } from '../../src/cases/undelivered-messages';
import { Notice, Notifier, RecipientUnreachableError, UnreachableReason } from '../../src/ports/notifier';
import { ConversationDriver, texts } from '../bot/support/conversation-driver';
import { parseRoleConfig } from '../../src/cases/role-config';
import { makeWorld, PEOPLE, World, WorldPeople } from '../../support/world';
import { TO_THE_TEAM_MANAGER_BRIEFLY } from '../support/case-inputs';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

/** The Teams edge as the Bot Connector behaves: some recipients unreachable for good, some failing for now. */
class EdgeNotifier implements Notifier {
  readonly sent: Notice[] = [];
  readonly unreachable = new Map<string, UnreachableReason>();
  /** Recipients whose next N sends fail as a 503 would (to be retried), before anything else. */
  readonly failing = new Map<string, number>();
  async send(notice: Notice): Promise<void> {
    const left = this.failing.get(notice.to) ?? 0;
    if (left > 0) {
      this.failing.set(notice.to, left - 1);
      throw Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
    }
    const reason = this.unreachable.get(notice.to);
    if (reason) throw new RecipientUnreachableError(`${notice.to} cannot be reached`, reason);
    this.sent.push(notice);
  }
  to(id: string): string[] {
    return this.sent.filter((n) => n.to === id).map((n) => n.text);
  }
}

describe('messages that did not reach someone: kept with the case, told to the social worker', () => {
  let world: World<EdgeNotifier>;
  let notifier: EdgeNotifier;
  let worker: OutboxWorker;
  let caseId: string;
  let n = 0;

  /** The world's app again on the same store, with other settings or parts (as the bot restarted so). */
  async function restartWith(env: Record<string, string>, parts: WorldPeople<EdgeNotifier> = {}): Promise<void> {
    await world.close(true);
    world = makeWorld(world.clock.now().toISOString(), env, world.dir, { notifier, ...parts });
    worker = world.worker;
  }

  beforeEach(async () => {
    notifier = new EdgeNotifier();
    // The app's own outbox worker (its give-up reporter included), retrying at once and giving up after three tries.
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { notifier, outbox: { maxAttempts: 3, backoffBaseMs: 0 } });
    worker = world.worker;
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
    assert.ok(opened.ok);
    caseId = opened.caseId;
  });
  afterEach(async () => world.close());

  async function apply(actor: { id: string; name: string }, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `e${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }

  /** Unplanned steps to the team manager's request. */
  async function toTeamManager(): Promise<void> {
    await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(PEOPLE.sw, { type: 'IroInformed' });
    await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
  }

  async function toHeadOfService(): Promise<string> {
    await toTeamManager();
    const tmApproval = (await world.service.get(caseId))!.state.approvals[0]!.approvalId;
    await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: tmApproval, outcome: 'approve', comment: null });
    await apply(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false });
    const hos = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === 'head-of-service');
    assert.ok(hos);
    return hos.approvalId;
  }

  const cardText = async (): Promise<string> => texts(await new ConversationDriver(world).click(PEOPLE.sw, 'showCase', { caseId }));

  it('an approval request to a Head of Service who never opened the app: the social worker is told once, the card shows it until the request is decided', async () => {
    notifier.unreachable.set(PEOPLE.hos.id, 'no-chat');
    const approvalId = await toHeadOfService();
    await worker.drain();

    // The other Head of Service got the request; the social worker was told about the one who did not.
    assert.ok(notifier.to(PEOPLE.hos2.id).some((t) => /Head of Service's written agreement is needed/.test(t)));
    const told = notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered'));
    assert.deepEqual(told, [
      "Not delivered — case MOS-1042: the request for the Head of Service's written agreement (R-SIGN-4, R-UNPL-7) could not be sent to Harper Head (Head of Service): they have not opened a chat with the Return home app in Teams yet. " +
        'Please tell them another way today, and ask them to open the Return home app in Teams and type "my cases". This is also shown on the case card.',
    ]);
    for (const text of told) for (const dob of ['2009-05-14', '14 May 2009']) assert.ok(!text.includes(dob));

    const shown = await cardText();
    assert.match(shown, /Messages that did not reach someone/);
    assert.match(shown, /Mon 2 Mar 2026, 10:00: the request for the Head of Service's written agreement \(R-SIGN-4, R-UNPL-7\) did not reach Harper Head \(Head of Service\) — they have not opened a chat with the Return home app in Teams yet\./);

    // Delivering again (a restart, a replay) tells nobody twice and keeps one entry.
    await worker.drain();
    assert.equal(notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered')).length, 1);
    assert.equal((await undeliveredMessages(world.store, caseId)).length, 1);

    // Once the Head of Service (the one who got it) has decided, the missed request no longer matters.
    await apply(PEOPLE.hos2, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
    assert.doesNotMatch(await cardText(), /did not reach/);
  });

  it('only those who can act on it see it on the card: the social worker, the team manager and the Head of Service, not the IRO or the Director', async () => {
    notifier.unreachable.set(IRO_CHANNEL, 'no-chat');
    const approvalId = await toHeadOfService();
    await apply(PEOPLE.hos2, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
    await worker.drain();
    const cardOf = async (person: { id: string; name: string }): Promise<string> => texts(await new ConversationDriver(world).click(person, 'showCase', { caseId }));
    for (const person of [PEOPLE.sw, PEOPLE.tm, PEOPLE.hos]) assert.match(await cardOf(person), /did not reach the IRO channel/, person.name);
    for (const person of [PEOPLE.iro, PEOPLE.director]) {
      const shown = await cardOf(person);
      assert.match(shown, /MOS-1042/, `${person.name} sees the case card`);
      assert.doesNotMatch(shown, /did not reach|Messages that did not reach someone/, person.name);
    }
  });

  it('the IRO channel the app was never added to: said so in those words, with what to do', async () => {
    notifier.unreachable.set(IRO_CHANNEL, 'no-chat');
    await toTeamManager();
    await worker.drain();
    const told = notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered'));
    assert.equal(told.length, 1, told.join('\n'));
    assert.match(told[0]!, /the notice to the IRO \(R-UNPL-3\) could not be sent to the IRO channel: the Return home app has not been added to the IRO team in Teams yet\. Please tell the IRO service another way today, and ask for the Return home app to be added to the IRO team\./);
    assert.match(await cardText(), /did not reach the IRO channel — the Return home app has not been added to the IRO team in Teams yet\./);
  });

  it('without an IRO channel configured (IRO_CHANNEL_ID empty) there are no channel notices, so nothing is chased', async () => {
    await restartWith({ IRO_CHANNEL_ID: '' });
    notifier.unreachable.set(IRO_CHANNEL, 'no-chat');
    await toTeamManager();
    await worker.drain();
    assert.ok(notifier.to(PEOPLE.iro.id).some((t) => /telling you, as IRO/.test(t)), 'the IRO is told 1:1');
    assert.deepEqual(await undeliveredMessages(world.store, caseId), []);
    assert.ok(!notifier.sent.some((s) => s.text.startsWith('Not delivered')));
  });

  it('when telling the social worker fails for now, the message is retried and they are told once; the unreachable person is recorded once', async () => {
    notifier.unreachable.set(PEOPLE.hos.id, 'refused');
    await toHeadOfService();
    notifier.failing.set(PEOPLE.sw.id, 1);
    const report = await worker.drain();
    assert.ok(report.retried >= 1, JSON.stringify(report));
    const told = notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered'));
    assert.equal(told.length, 1);
    assert.match(told[0]!, /Teams refused it \(the Return home app may have been removed or blocked\)/);
    assert.equal((await undeliveredMessages(world.store, caseId)).filter((m) => m.to === 'Harper Head (Head of Service)').length, 1);
    assert.equal(notifier.to(PEOPLE.hos2.id).filter((t) => /written agreement is needed/.test(t)).length, 1, 'the other Head of Service once');
  });

  it('the social worker themself unreachable: kept on the card, nobody else messaged about it', async () => {
    notifier.unreachable.set(PEOPLE.sw.id, 'no-chat');
    await toTeamManager();
    const approvalId = (await world.service.get(caseId))!.state.approvals[0]!.approvalId;
    await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId, outcome: 'request-changes', comment: 'Add the school.' });
    await worker.drain();
    const kept = await undeliveredMessages(world.store, caseId);
    assert.deepEqual(kept.map((m) => [m.what, m.to]), [['the message asking for changes (R-SIGN-4)', 'Sam Social']]);
    assert.ok(!notifier.sent.some((s) => s.text.startsWith('Not delivered')));
  });

  it('messages for information only ("case opened", "approved") are not chased; the social worker is told once per person, the card lists each message', async () => {
    notifier.unreachable.set(PEOPLE.tm.id, 'no-chat');
    await toTeamManager();
    await worker.drain();
    // The team manager missed "case opened" (information) and the request (to act on).
    assert.deepEqual((await undeliveredMessages(world.store, caseId)).map((m) => m.what), ["the request for the team manager's agreement (R-SIGN-4)"]);
    // Two working days later the reminder (and an overdue visit's warning) miss them too: listed, but no second word to the social worker.
    world.clock.set('2026-03-04T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    const kept = (await undeliveredMessages(world.store, caseId)).filter((m) => m.to === 'Taylor Manager (team manager)');
    assert.deepEqual(kept.map((m) => m.what), ["the request for the team manager's agreement (R-SIGN-4)", 'the warning that a visit is overdue (R-VISIT-1)', 'an approval reminder (R-SIGN-4)']);
    assert.equal(notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered') && t.includes('Taylor Manager')).length, 1);
  });

  describe('with Outlook mail configured beside Teams', () => {
    beforeEach(async () => {
      const cards = { approvalCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [] }), outlookApprovalCard: () => ({ type: 'AdaptiveCard', version: '1.4', body: [] }) };
      await restartWith({}, { cards, outbox: { maxAttempts: 3, backoffBaseMs: 0 } });
    });

    it('an approver who has not opened the app in Teams but gets the mail is not chased', async () => {
      notifier.unreachable.set(PEOPLE.hos.id, 'no-chat');
      await toHeadOfService();
      await worker.drain();
      assert.ok(notifier.to(`outlook:${PEOPLE.hos.id}`).some((t) => /written agreement is needed/.test(t)), 'the mail went');
      assert.deepEqual(await undeliveredMessages(world.store, caseId), []);
      assert.ok(!notifier.to(PEOPLE.sw.id).some((t) => t.startsWith('Not delivered')));
    });

    it('reached by neither: kept with the case and told once, even when the mail failed for now first', async () => {
      // Harper: Teams says no; the mail fails once for now, then is refused for good on the retry.
      notifier.unreachable.set(PEOPLE.hos.id, 'no-chat');
      notifier.failing.set(`outlook:${PEOPLE.hos.id}`, 1);
      notifier.unreachable.set(`outlook:${PEOPLE.hos.id}`, 'no-mail');
      notifier.unreachable.set(`outlook:${PEOPLE.hos2.id}`, 'no-mail');
      await toHeadOfService();
      const report = await worker.drain();
      assert.ok(report.retried >= 1, JSON.stringify(report));
      const kept = await undeliveredMessages(world.store, caseId);
      assert.deepEqual(kept.map((m) => [m.to, m.reason]), [['Harper Head (Head of Service)', 'no-chat']]);
      assert.equal(notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered')).length, 1);
      // Hollis got it in Teams, so their missing mail address is not chased.
      assert.ok(notifier.to(PEOPLE.hos2.id).some((t) => /written agreement is needed/.test(t)));
    });
  });

  it('a message Teams kept refusing is parked and shown on the card; replayed and delivered, the card stops saying so', async () => {
    // The earlier notices go; then Teams refuses the team managers' messages until the request is parked.
    await worker.drain();
    for (const person of [PEOPLE.tm, PEOPLE.managerWithCases]) notifier.failing.set(person.id, 100);
    await toTeamManager();
    await worker.drain();
    const dead = (await world.store.listOutbox('dead')).filter((i) => (i.payload as { type: string }).type === 'request-approval');
    assert.equal(dead.length, 1);
    assert.match(await cardText(), /the request for the team manager's agreement \(R-SIGN-4\) did not reach the team manager — Teams did not accept it after repeated tries\./);

    notifier.failing.clear();
    assert.equal(await world.store.replayDead(dead[0]!.effectId), 1);
    await worker.drain();
    assert.ok(notifier.to(PEOPLE.tm.id).some((t) => /team manager's agreement is needed/.test(t)));
    assert.doesNotMatch(await cardText(), /did not reach/);
  });

  it("a request everyone holding the role is barred from deciding (the only team manager opened the case, R-SIGN-4) is shown as reaching nobody, and the social worker is told what to do", async () => {
    // The only team manager is the one who opened the case: nobody may agree it in person.
    const organisation = parseRoleConfig({
      roles: { 'social-worker': { users: [PEOPLE.sw] }, 'team-manager': { users: [PEOPLE.managerWithCases] }, 'head-of-service': { users: [PEOPLE.hos] }, director: { users: [PEOPLE.director] }, iro: { users: [PEOPLE.iro] } },
    });
    await restartWith({}, { organisation });
    const opened = await world.service.openCase({ idempotencyKey: 'open-own', actor: PEOPLE.managerWithCases, ref: 'OWN-7', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    const own = opened.caseId;
    for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) assert.ok((await world.service.apply({ idempotencyKey: `own${++n}`, caseId: own, actor: PEOPLE.managerWithCases, event })).ok);
    await worker.drain();
    await worker.drain();

    assert.deepEqual(notifier.to(PEOPLE.managerWithCases.id).filter((t) => /team manager's agreement is needed/.test(t)), [], 'not asked to decide their own case');
    const kept = await undeliveredMessages(world.store, own);
    assert.deepEqual(kept.map((m) => [m.to, m.reason]), [['the team manager', 'everyone-barred']]);
    const told = notifier.to(PEOPLE.managerWithCases.id).filter((t) => t.startsWith('Not delivered'));
    assert.equal(told.length, 1);
    assert.match(told[0]!, /could not be sent to the team manager: everyone who could decide it is barred from deciding it in person \(R-SIGN-4/);
    assert.match(told[0]!, /ask a deputy or the manager above them to decide it/);
    const shown = texts(await new ConversationDriver(world).click(PEOPLE.managerWithCases, 'showCase', { caseId: own }));
    assert.match(shown, /Messages that did not reach someone/);
    assert.match(shown, /did not reach the team manager — everyone who could decide it is barred from deciding it in person \(R-SIGN-4/);
  });

  it('a request for a role nobody holds on the case (the organisation file names no Head of Service) is shown as reaching nobody; the social worker is told once, with what to do, reminders included', async () => {
    const organisation = parseRoleConfig({
      roles: { 'social-worker': { users: [PEOPLE.sw] }, 'team-manager': { users: [PEOPLE.tm] }, director: { users: [PEOPLE.director] }, iro: { users: [PEOPLE.iro] } },
    });
    await restartWith({}, { organisation });
    const opened = await world.service.openCase({ idempotencyKey: 'open-nohos', actor: PEOPLE.sw, ref: 'NOH-3', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    caseId = opened.caseId;
    await toHeadOfService();
    await worker.drain();
    await worker.drain();

    const kept = await undeliveredMessages(world.store, caseId);
    assert.deepEqual(kept.map((m) => [m.what, m.to, m.reason]), [["the request for the Head of Service's written agreement (R-SIGN-4, R-UNPL-7)", 'the Head of Service', 'no-holder']]);
    const told = () => notifier.to(PEOPLE.sw.id).filter((t) => t.startsWith('Not delivered'));
    assert.equal(told().length, 1, told().join('\n'));
    assert.match(told()[0]!, /could not be sent to the Head of Service: nobody holds this role for this case \(the organisation file names no one/);
    assert.match(told()[0]!, /ask your administrator to name someone for it in the organisation file/);
    assert.match(await cardText(), /did not reach the Head of Service — nobody holds this role for this case/);

    // Its reminder two working days later, and its escalation three after that, reach nobody too:
    // counted on the one entry for the role (not an entry each), no second word to the social worker.
    world.clock.set('2026-03-04T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.deepEqual((await undeliveredMessages(world.store, caseId)).map((m) => [m.what, m.count, m.latestWhat]), [["the request for the Head of Service's written agreement (R-SIGN-4, R-UNPL-7)", 2, 'an approval reminder (R-SIGN-4, R-UNPL-7)']]);
    world.clock.set('2026-03-09T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    await worker.drain();
    const kept2 = (await undeliveredMessages(world.store, caseId)).filter((m) => m.to === 'the Head of Service');
    assert.equal(kept2.length, 1, JSON.stringify(kept2));
    assert.equal(kept2[0]!.count, 3);
    assert.equal(kept2[0]!.firstAt, '2026-03-02T10:00:00.000Z');
    assert.equal(kept2[0]!.at, '2026-03-09T10:00:00.000Z');
    const card = await cardText();
    assert.equal(card.match(/did not reach the Head of Service/g)?.length, 1, card);
    assert.match(card, /did not reach the Head of Service — nobody holds this role for this case[^.]*\. 2 later messages for them went to nobody too, the latest \w{3} \d+ \w{3} 2026, \d\d:\d\d: an approval escalation/);
    assert.equal(told().length, 1);
  });

  it("a reminder of a request everyone holding the role is barred from (R-SIGN-4) is listed as reaching nobody too, without a second word to the social worker", async () => {
    const organisation = parseRoleConfig({
      roles: { 'social-worker': { users: [PEOPLE.sw] }, 'team-manager': { users: [PEOPLE.managerWithCases] }, 'head-of-service': { users: [PEOPLE.hos] }, director: { users: [PEOPLE.director] }, iro: { users: [PEOPLE.iro] } },
    });
    await restartWith({}, { organisation });
    const opened = await world.service.openCase({ idempotencyKey: 'open-own2', actor: PEOPLE.managerWithCases, ref: 'OWN-8', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    caseId = opened.caseId;
    for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) await apply(PEOPLE.managerWithCases, event);
    await worker.drain();
    world.clock.set('2026-03-04T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.deepEqual(notifier.to(PEOPLE.managerWithCases.id).filter((t) => /reminder/i.test(t) && !t.startsWith('Not delivered')), [], 'not reminded to decide their own case');
    // One entry for the request, counting its reminder; shown until the request is decided.
    const kept = (await undeliveredMessages(world.store, caseId)).filter((m) => m.reason === 'everyone-barred');
    assert.deepEqual(kept.map((m) => [m.what, m.count, m.latestWhat]), [["the request for the team manager's agreement (R-SIGN-4)", 2, 'an approval reminder (R-SIGN-4)']]);
    assert.equal(notifier.to(PEOPLE.managerWithCases.id).filter((t) => t.startsWith('Not delivered')).length, 1);
    const shown = texts(await new ConversationDriver(world).click(PEOPLE.managerWithCases, 'showCase', { caseId }));
    assert.equal(shown.match(/did not reach the team manager/g)?.length, 1, shown);
    assert.match(shown, /1 later message for them went to nobody too, the latest \w{3} \d+ \w{3} 2026, \d\d:\d\d: an approval reminder \(R-SIGN-4\)/);
  });
});
