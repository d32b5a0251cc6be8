/**
 * Handing a case over from the case card (issue 11), over real HTTP: the real bot (SQLite, case
 * service, outbox, cards) with the realistic fictional council against the strict local Bot
 * Connector. The Head of Service opens the form from the case card and hands the team manager's
 * part to another team's manager; the waiting request reaches the new manager and not the old; the
 * old manager's copy is edited to "Reassigned to … on …" with no buttons, and their click on it is
 * refused with the rule; the new one decides. A manager of another team, and a person the file does
 * not name for the part, are refused and nothing is recorded.
 */
import { strict as assert } from 'node:assert';
import type { RoleConfig } from '../../src/cases/role-config';
import type { CaseState, Person } from '../../src/protocol';
import { SettableClock } from '../../support/world';
import { HOS, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { cardTexts } from '../../support/card-texts';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { postJson } from '../../support/bot-over-http/http-post';
import { unplannedFacts } from '../../support/bot-over-http/case-prep';

const ADA = TEAMS[0]!.manager;
const BEN = TEAMS[1]!.manager;
const WORKER = TEAMS[0]!.workers[0]!;

describe('handing a case over from the case card (real bot over HTTP, strict local Bot Connector)', function () {
  this.timeout(120_000);
  let connector: LocalBotConnector;
  let bot: BotUnderTest;
  beforeEach(async () => {
    connector = await new LocalBotConnector().start();
    // Monday 9 March 2026: outside the dates of Ada's deputy (2 to 6 March), so only Ada is asked.
    bot = await startBot({ roles: REALISTIC_ORGANISATION as unknown as RoleConfig, clock: new SettableClock(new Date('2026-03-09T10:00:00Z')) });
  });
  afterEach(async () => {
    await bot.close();
    await connector.stop();
  });

  const api = () => `${bot.url}/api/messages`;
  const body = (p: { body: Record<string, unknown> }): string => cardTexts((p.body['attachments'] as { content: unknown }[] | undefined)?.[0]?.content ?? {}) + String(p.body['text'] ?? '');
  const click = async (who: Person, verb: string, data: Record<string, unknown>, replyToId?: string): Promise<unknown> => {
    const answer = await postJson(api(), { ...invokeActivity(connector.url, who, verb, data), ...(replyToId ? { replyToId } : {}) });
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json), JSON.stringify(answer.json).slice(0, 400));
    return answer.json.value;
  };
  const actionsOf = (card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] => {
    const found: { title: string; verb: string; data: Record<string, unknown> }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const n = node as Record<string, unknown>;
        if (n['type'] === 'Action.Execute') found.push({ title: String(n['title']), verb: String(n['verb']), data: (n['data'] ?? {}) as Record<string, unknown> });
        Object.values(n).forEach(walk);
      }
    };
    walk(card);
    return found;
  };

  async function caseAwaitingAda(ref: string): Promise<{ caseId: string; approvalId: string }> {
    const service = bot.runtime.app.service;
    let n = 0;
    const step = async (event: Parameters<typeof service.apply>[0]['event']): Promise<void> => {
      const outcome = await service.apply({ idempotencyKey: `${ref}-${++n}`, caseId, actor: WORKER, event });
      assert.ok(outcome.ok, JSON.stringify(outcome));
    };
    const opened = await service.openCase({ idempotencyKey: `${ref}-open`, actor: WORKER, ref, facts: unplannedFacts(service.now().today), trigger: 'consent-withdrawn', iro: IROS[0]! });
    assert.ok(opened.ok, JSON.stringify(opened));
    const caseId = opened.caseId;
    await step({ type: 'ChildViewsRecorded', views: 'Wants to go home.' });
    await step({ type: 'ImmediateRiskConsidered', summary: 'None.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await step({ type: 'IroInformed' });
    await step({ type: 'ParentsConsulted', views: 'Mother agrees.', plannedReturnAgreed: false });
    await step({ type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Low.', safetyPlan: 'Daily contact.', stepdownPlan: [{ option: 'family-group-conference', purpose: 'Network.' }], completedOn: service.now().today });
    const state = (await service.get(caseId))!.state as CaseState;
    return { caseId, approvalId: state.approvals.find((a) => !a.decision)!.approvalId };
  }

  it("the Head of Service hands the team manager's part over from the case card: the request reaches the new manager, the old copy says 'Reassigned to … on …' and refuses the old manager's click", async () => {
    for (const who of [ADA, BEN, HOS.earlyHelp, WORKER]) assert.equal((await postJson(api(), messageActivity(connector.url, who, 'help'))).status, 200);
    const { caseId, approvalId } = await caseAwaitingAda('HO-HTTP-1');
    await bot.runtime.app.worker.drain();
    const adaCopy = connector.posts.find((p) => p.conversation === `a:personal-${ADA.id}` && body(p).includes('Approve'));
    assert.ok(adaCopy, "Ada's request card was sent");

    // The case card offers the handover; the form lists the people who could take each part.
    const card = await click(HOS.earlyHelp, 'showCase', { caseId });
    const handOver = actionsOf(card).find((a) => a.title === 'Hand the case over');
    assert.ok(handOver, `the case card has the button: ${actionsOf(card).map((a) => a.title).join(', ')}`);
    const form = await click(HOS.earlyHelp, handOver.verb, { ...handOver.data, caseId });
    assert.match(cardTexts(form), /Hand the case over/);
    assert.match(cardTexts(form), /Both people are told, and so is the case's social worker when another part changes hands\./);
    assert.ok(cardTexts(form).includes(`${BEN.name} (team manager)`), 'Ben is offered as a team manager');
    assert.ok(!cardTexts(form).includes(TEAMS[6]!.manager.name), "another service's manager is not offered");

    const done = await click(HOS.earlyHelp, 'recordStep', { caseId, step: 'handOver', role: 'team-manager', person: BEN.id, reason: 'Ada is on long-term leave.' });
    assert.match(cardTexts(done), new RegExp(`Team manager\\n${BEN.name}`), 'the case card names the new team manager');
    assert.match(cardTexts(done), /Case handed over: team manager Ada Manager → Ben Manager/);
    await bot.runtime.app.worker.drain();

    const inChat = (who: Person) => connector.posts.filter((p) => p.conversation === `a:personal-${who.id}` && p.activityId !== adaCopy.activityId).map(body);
    assert.ok(inChat(BEN).some((t) => t.includes('Approve') && t.includes("team manager's agreement")), 'Ben receives the request card');
    assert.ok(inChat(BEN).some((t) => t.includes('has been handed to you')), 'Ben is told what happens next');
    const benPosts = inChat(BEN);
    assert.ok(benPosts.findIndex((t) => t.includes('has been handed to you')) < benPosts.findIndex((t) => t.includes('Approve')), 'told first, as it says its card follows');
    assert.ok(inChat(ADA).some((t) => t.includes('has been handed over') && t.includes('you can no longer decide it')), 'Ada is told');
    assert.equal(inChat(ADA).filter((t) => t.includes('Approve')).length, 0, 'Ada is not asked again');
    const edited = connector.updates.filter((u) => u.conversation === `a:personal-${ADA.id}` && u.activityId === adaCopy.activityId);
    assert.equal(edited.length, 1, "Ada's copy is edited in place");
    assert.match(body(edited[0]!), /Reassigned to Ben Manager on Mon 9 Mar 2026/);
    assert.deepEqual(actionsOf((edited[0]!.body['attachments'] as { content: unknown }[])[0]!.content), [], 'no buttons on it');
    assert.ok(!connector.updates.some((u) => u.conversation === `a:personal-${BEN.id}`), "Ben's card is left as it is");
    assert.deepEqual(connector.refusals, []);

    // Ada clicks Approve on a copy she still had open: told it was handed over, to whom and by whom; nothing recorded.
    const version = (await bot.runtime.app.service.get(caseId))!.version;
    const adaClick = await click(ADA, 'decide', { caseId, approvalId, outcome: 'approve' }, adaCopy.activityId);
    assert.match(cardTexts(adaClick), new RegExp(`Not recorded\\. You are no longer this case's team manager: it was handed over to ${BEN.name} on Mon 9 Mar 2026 \\(decided by ${HOS.earlyHelp.name}\\)\\.`));
    assert.equal((await bot.runtime.app.service.get(caseId))!.version, version);
    const benClick = await click(BEN, 'decide', { caseId, approvalId, outcome: 'approve' });
    assert.match(cardTexts(benClick), /Approved by Ben Manager/);
  });

  it("the case's social worker is told once who holds a part now (the team manager's, with the request waiting; the IRO's), without the reason; when their own part is handed over they are told only that", async () => {
    const [iro2, worker2] = [IROS[1]!, TEAMS[0]!.workers[1]!];
    for (const who of [ADA, BEN, HOS.earlyHelp, WORKER, IROS[0]!, iro2, worker2]) assert.equal((await postJson(api(), messageActivity(connector.url, who, 'help'))).status, 200);
    const { caseId } = await caseAwaitingAda('HO-HTTP-3');
    await bot.runtime.app.worker.drain();
    const toWorker = () => connector.posts.filter((p) => p.conversation === `a:personal-${WORKER.id}`).map(body);
    const handOver = async (role: string, to: Person, reason: string): Promise<string[]> => {
      const before = toWorker().length;
      const done = await click(HOS.earlyHelp, 'recordStep', { caseId, step: 'handOver', role, person: to.id, reason });
      assert.match(cardTexts(done), /Case handed over/);
      await bot.runtime.app.worker.drain();
      return toWorker().slice(before);
    };

    const tm = await handOver('team-manager', BEN, 'Ada is on long-term sick leave.');
    assert.equal(tm.length, 1, `one notice to the social worker: ${tm.join(' | ')}`);
    assert.match(tm[0]!, /Your case has a new person on it/);
    assert.ok(tm[0]!.includes(`Case HO-HTTP-3: from Mon 9 Mar 2026 its team manager is ${BEN.name} instead of ${ADA.name} (decided by ${HOS.earlyHelp.name}). The request that was waiting for the team manager has gone to ${BEN.name}, with the same dates. Nothing is needed from you: from now on ask ${BEN.name}, not ${ADA.name}, about the team manager's part of the case.`), tm[0]);
    assert.ok(!tm[0]!.includes('sick leave'), "the manager's reason, about a colleague, is not passed on");

    const iro = await handOver('iro', iro2, 'Caseload.');
    assert.equal(iro.length, 1, `one notice to the social worker: ${iro.join(' | ')}`);
    assert.ok(iro[0]!.includes(`its IRO is ${iro2.name} instead of ${IROS[0]!.name} (decided by ${HOS.earlyHelp.name}). What the case needs from its IRO now goes to ${iro2.name}.`), iro[0]);

    // Their own part: told as the one who held it, once, not also as the case's social worker.
    const own = await handOver('social-worker', worker2, 'Moved team.');
    assert.equal(own.length, 1, `one notice: ${own.join(' | ')}`);
    assert.match(own[0]!, /has been handed over: from Mon 9 Mar 2026 its social worker is/);
    assert.deepEqual(connector.refusals, []);
  });

  it("a team manager's part handed away and back (Ada, Ben, Ada): Ada's own request card works again in place, not a second card beside it; deciding it edits it as any copy", async () => {
    for (const who of [ADA, BEN, HOS.earlyHelp, WORKER]) assert.equal((await postJson(api(), messageActivity(connector.url, who, 'help'))).status, 200);
    const { caseId, approvalId } = await caseAwaitingAda('HO-HTTP-4');
    await bot.runtime.app.worker.drain();
    const handTo = async (to: Person): Promise<void> => {
      const done = await click(HOS.earlyHelp, 'recordStep', { caseId, step: 'handOver', role: 'team-manager', person: to.id, reason: 'Cover.' });
      assert.match(cardTexts(done), /Case handed over/);
      await bot.runtime.app.worker.drain();
    };
    await handTo(BEN);
    await handTo(ADA);
    const adaPosts = connector.posts.filter((p) => p.conversation === `a:personal-${ADA.id}`);
    const requestCards = adaPosts.filter((p) => body(p).includes("Team manager's agreement needed"));
    assert.equal(requestCards.length, 1, 'one request card in her chat');
    const lastEdit = (activityId: string) => connector.updates.filter((u) => u.conversation === `a:personal-${ADA.id}` && u.activityId === activityId).at(-1);
    const live = lastEdit(requestCards[0]!.activityId)!;
    assert.ok(live, 'her card was edited back');
    assert.ok(actionsOf((live.body['attachments'] as { content: unknown }[])[0]!.content).some((a) => a.title === 'Approve'), 'with its buttons again');
    assert.doesNotMatch(body(live), /Reassigned/);
    const told = adaPosts.map(body).find((t) => t.includes('has been handed to you'));
    assert.ok(told?.includes('The request you had before is yours to decide again: the card you were sent for it works again.'), told);
    assert.ok(connector.updates.some((u) => u.conversation === `a:personal-${BEN.id}` && /Reassigned to Ada Manager/.test(body(u))), "Ben's copy says it went back to Ada");

    const approved = await click(ADA, 'decide', { caseId, approvalId, outcome: 'approve' }, requestCards[0]!.activityId);
    assert.match(cardTexts(approved), /Approved by Ada Manager/);
    await bot.runtime.app.worker.drain();
    assert.doesNotMatch(body(lastEdit(requestCards[0]!.activityId)!), /Team manager's agreement needed/, 'once decided, her card is edited to say so, like any copy');
  });

  it('a manager of another team is told there is no such case, and a person the file does not name for the part is refused on the form; nothing is recorded', async () => {
    const { caseId } = await caseAwaitingAda('HO-HTTP-2');
    const service = bot.runtime.app.service;
    const version = (await service.get(caseId))!.version;
    const other = await click(TEAMS[2]!.manager, 'recordStep', { caseId, step: 'handOver', role: 'team-manager', person: TEAMS[2]!.manager.id, reason: 'Taking it.' });
    assert.match(cardTexts(other), /There is no case with that id that you can see, so nothing was recorded\./);
    const stranger = TEAMS[6]!.workers[0]!;
    const invalid = await click(ADA, 'recordStep', { caseId, step: 'handOver', role: 'social-worker', person: stranger.id, reason: 'Moving.' });
    assert.match(cardTexts(invalid), new RegExp(`Not recorded\\. ${stranger.name} is not a social worker of Assessment North or another team of Early Help and Assessment in the organisation file`));
    // The social worker (no handover button on their card) opening the form from forged data: told who may, no form and no list of staff.
    const opened = await click(WORKER, 'openStep', { caseId, step: 'handOver' });
    assert.match(cardTexts(opened), /Only this case's team manager or Head of Service, or their deputy, can hand it over\. Nothing was recorded\./);
    assert.ok(!cardTexts(opened).includes(BEN.name), 'the people who could take a part are not listed');
    assert.ok(!actionsOf(opened).some((a) => a.verb === 'recordStep' && a.data['step'] === 'handOver'), 'no Hand over button');
    const empty = await click(ADA, 'recordStep', { caseId, step: 'handOver', role: 'team-manager', person: BEN.id, reason: '' });
    assert.match(cardTexts(empty), /Say in a few words why/);
    assert.equal((await service.get(caseId))!.version, version, 'nothing recorded');
    assert.equal((await service.get(caseId))!.state.people?.teamManagers[0]?.id, ADA.id);
  });
  it("a request to the team manager's part not yet delivered when the part is handed over (the outbox behind, or retrying) reaches the new manager once, not a second card beside the one the handover sent", async () => {
    for (const who of [ADA, BEN, HOS.earlyHelp, WORKER]) assert.equal((await postJson(api(), messageActivity(connector.url, who, 'help'))).status, 200);
    const { caseId } = await caseAwaitingAda('HO-HTTP-9');
    // Handed over before the outbox sent Ada the request.
    const done = await click(HOS.earlyHelp, 'recordStep', { caseId, step: 'handOver', role: 'team-manager', person: BEN.id, reason: 'Ada is on leave.' });
    assert.match(cardTexts(done), /Case handed over/);
    await bot.runtime.app.worker.drain();
    const requests = (who: Person) => connector.posts.filter((p) => p.conversation === `a:personal-${who.id}` && body(p).includes("Team manager's agreement needed"));
    assert.equal(requests(BEN).length, 1, `one request card to Ben: ${requests(BEN).map(body).join(' | ')}`);
    assert.equal(requests(ADA).length, 0, 'none to Ada, who no longer holds the part');
    assert.deepEqual(connector.refusals, []);
  });
});
