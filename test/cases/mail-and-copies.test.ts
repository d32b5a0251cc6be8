/**
 * Issue 15 M4: an approval request's mail and its Teams messages fail independently, and a mail
 * configuration error is told to operators once, not per case. Issue 14 item 2: every copy of a
 * request's card (each approver's, reminders, escalations) is edited once it is decided.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { MAIL_ATTEMPTS, onceEach, type MailProblem } from '../../src/cases/mail-failure';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { Notice, Notifier, RecipientUnreachableError, SentCopy } from '../../src/ports/notifier';
import { PermanentRecordError, TransientRecordError } from '../../src/ports/recorder';
import { makeWorld, PEOPLE, World } from '../../support/world';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

/** Teams keeps each message under an activity id and edits only one it gave out; mail as configured per test. */
class TeamsAndMail implements Notifier {
  readonly sent: Notice[] = [];
  readonly updates: { to: string; activityId: string; card: unknown }[] = [];
  mail: 'ok' | 'refused' | 'down' = 'ok';
  /** People Teams cannot reach (no chat with the app), though mail can. */
  readonly noTeams = new Set<string>();
  private readonly activities = new Map<string, string>();
  private n = 0;
  async send(notice: Notice): Promise<SentCopy | void> {
    if (notice.to.startsWith('outlook:')) {
      if (this.mail === 'refused') throw new PermanentRecordError('sendMail: HTTP 404 ErrorInvalidUser');
      if (this.mail === 'down') throw new TransientRecordError('sendMail: HTTP 503', 0);
      this.sent.push(notice);
      return;
    }
    if (this.noTeams.has(notice.to)) throw new RecipientUnreachableError('no conversation', 'no-chat');
    this.sent.push(notice);
    const activityId = `act-${++this.n}`;
    this.activities.set(activityId, notice.to);
    return { conversation: { user: notice.to }, activityId };
  }
  async update(copy: SentCopy, notice: Omit<Notice, 'to'>): Promise<void> {
    const to = this.activities.get(copy.activityId);
    if (!to) throw new RecipientUnreachableError('no such activity', 'refused');
    this.updates.push({ to, activityId: copy.activityId, card: notice.card });
  }
  to(id: string): string[] {
    return this.sent.filter((n) => n.to === id).map((n) => n.text);
  }
}

describe('approval requests by Teams and Outlook', () => {
  let world: World<TeamsAndMail>;
  let notifier: TeamsAndMail;
  let worker: OutboxWorker;
  let problems: MailProblem[];
  let n = 0;

  beforeEach(() => {
    notifier = new TeamsAndMail();
    problems = [];
    const cards = {
      approvalCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Decide' }] }),
      outlookApprovalCard: () => ({ type: 'AdaptiveCard', version: '1.4', body: [] }),
      noticeCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Reminder' }] }),
      decisionCard: (_state: unknown, approvalId: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `Decided ${approvalId}` }] }),
    };
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { notifier, cards, onMailProblem: (p) => problems.push(p), outbox: { maxAttempts: 12, backoffBaseMs: 0 } });
    worker = world.worker;
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: { id: string; name: string }, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `e${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }

  async function toHeadOfService(ref: string): Promise<{ caseId: string; approvalId: string }> {
    const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: PEOPLE.sw, ref, facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    const caseId = opened.caseId;
    await apply(caseId, PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(caseId, PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(caseId, PEOPLE.sw, { type: 'IroInformed' });
    await apply(caseId, PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(caseId, PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    const tmApproval = (await world.service.get(caseId))!.state.approvals[0]!.approvalId;
    await apply(caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId: tmApproval, outcome: 'approve', comment: null });
    await apply(caseId, PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false });
    const hos = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === 'head-of-service');
    assert.ok(hos);
    return { caseId, approvalId: hos.approvalId };
  }

  it('a mail refused for good (a wrong MAIL_SENDER_ID) neither dead-letters the request nor holds back the case: Teams goes on, and operators are told (once: see below)', async () => {
    notifier.mail = 'refused';
    const first = await toHeadOfService('MOS-1');
    const second = await toHeadOfService('MOS-2');
    const report = await worker.drain();
    assert.equal(report.dead, 0, JSON.stringify(report));
    for (const hos of [PEOPLE.hos, PEOPLE.hos2]) assert.equal(notifier.to(hos.id).filter((t) => /written agreement is needed/.test(t)).length, 2, `${hos.name} has both requests in Teams`);
    // The case's later messages are not held back: the Head of Service approves, the social worker hears.
    await apply(first.caseId, PEOPLE.hos, { type: 'DecisionGiven', approvalId: first.approvalId, outcome: 'approve', comment: null });
    assert.equal((await worker.drain()).dead, 0);
    assert.ok(notifier.to(PEOPLE.sw.id).some((t) => /MOS-1/.test(t) && /agreed|approved/i.test(t)), notifier.to(PEOPLE.sw.id).join('\n'));
    // One problem per kind is for the caller to tell once; the deliverer reports what it saw, the once-filter is tested below.
    assert.ok(problems.length >= 1 && problems.every((p) => p.code === 'mail-refused'));
    assert.ok(second.approvalId);
  });

  it('a mail failing for now is retried a few times without sending Teams twice, then given up while Teams stands', async () => {
    notifier.mail = 'down';
    await toHeadOfService('MOS-3');
    const report = await worker.drain();
    assert.equal(report.dead, 0, JSON.stringify(report));
    // The Head of Service's request is tried MAIL_ATTEMPTS times in all; the team manager's was decided
    // before the outbox reached it, so it is not mailed at all (a mail cannot be edited afterwards).
    assert.equal(report.retried, MAIL_ATTEMPTS - 1);
    for (const hos of [PEOPLE.hos, PEOPLE.hos2]) assert.equal(notifier.to(hos.id).filter((t) => /written agreement is needed/.test(t)).length, 1, `${hos.name} once in Teams`);
    assert.deepEqual([...new Set(problems.map((p) => p.code))], ['mail-unavailable']);
  });

  it('a request decided before its mail went (the mail failed for now, and was retried after the decision in Teams) is not mailed: a mail cannot be edited, and would ask for a decision already made', async () => {
    notifier.mail = 'down';
    const opened = await world.service.openCase({ idempotencyKey: 'open-MOS-7', actor: PEOPLE.sw, ref: 'MOS-7', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    const caseId = opened.caseId;
    await apply(caseId, PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(caseId, PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(caseId, PEOPLE.sw, { type: 'IroInformed' });
    await apply(caseId, PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(caseId, PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    const asked = () => notifier.to(PEOPLE.tm.id).filter((t) => /agreement is needed from you/.test(t)).length;
    for (let pass = 0; pass < 20 && asked() === 0; pass += 1) await worker.runOnce();
    assert.equal(asked(), 1, 'the request reached the team manager in Teams; its mail failed for now');
    // The team manager decides in Teams; mail works again when the request is retried.
    const approvalId = (await world.service.get(caseId))!.state.approvals[0]!.approvalId;
    await apply(caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
    notifier.mail = 'ok';
    world.clock.set('2026-03-02T11:00:00Z');
    assert.equal((await worker.drain()).dead, 0);
    assert.deepEqual(notifier.sent.filter((s) => s.to.startsWith('outlook:') && /MOS-7: the team manager's agreement is needed/.test(s.text)).map((s) => s.to), [], 'no mail asking for it');
    assert.equal(asked(), 1, 'nor a second Teams message');
  });

  it('a reminder and an escalation that reached a Head of Service by mail, though not in Teams, are not chased as undelivered (as their request is not)', async () => {
    notifier.noTeams.add(PEOPLE.hos.id);
    await toHeadOfService('MOS-9');
    await worker.drain();
    for (const day of ['2026-03-04', '2026-03-09']) {
      world.clock.set(`${day}T10:00:00Z`);
      await world.scheduler.sweep();
      await worker.drain();
    }
    const mailed = notifier.sent.filter((s) => s.to === `outlook:${PEOPLE.hos.id}` && /MOS-9/.test(s.text)).map((s) => s.text.split(' — ')[0]!.split(':')[0]);
    assert.deepEqual(mailed, ['Case MOS-9', 'Reminder', 'Escalation'], 'the request, its reminder and its escalation reached them by mail');
    const chased = notifier.to(PEOPLE.sw.id).filter((t) => /^Not delivered — case MOS-9/.test(t));
    assert.deepEqual(chased, [], 'the social worker is not told they could not be reached');
    // Neither Teams nor mail: the reminder is chased, as before.
    notifier.mail = 'refused';
    await toHeadOfService('MOS-10');
    await worker.drain();
    world.clock.set('2026-03-11T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.ok(notifier.to(PEOPLE.sw.id).some((t) => /^Not delivered — case MOS-10: .*could not be sent to Harper Head/.test(t)), notifier.to(PEOPLE.sw.id).join('\n'));
  });

  it('reminders and escalations are mailed too, each with the request as a fresh actionable card (Outlook refuses actions on month-old mail)', async () => {
    await toHeadOfService('MOS-5');
    await worker.drain();
    world.clock.set('2026-03-04T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    for (const hos of [PEOPLE.hos, PEOPLE.hos2]) {
      const mails = notifier.sent.filter((s) => s.to === `outlook:${hos.id}`);
      assert.equal(mails.length, 2, `${hos.name}: the request and its reminder by mail`);
      assert.match(mails[1]!.text, /remind|waiting|still/i);
      assert.deepEqual(mails[1]!.card, { type: 'AdaptiveCard', version: '1.4', body: [] });
    }
  });

  it("someone barred from the Director's authorisation (they gave the Head of Service's agreement, R-SIGN-4) gets neither its request, nor its reminder, nor its fresh copy, by Teams or mail; its escalation reaches them to chase, without the request to decide", async () => {
    const { caseId, approvalId } = await toHeadOfService('MOS-13');
    await apply(caseId, PEOPLE.hos2, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
    await worker.drain();
    const about = (id: string, words: RegExp) => notifier.sent.filter((s) => (s.to === id || s.to === `outlook:${id}`) && /MOS-13/.test(s.text) && words.test(s.text));
    assert.equal(about(PEOPLE.director.id, /Director's authorisation is needed/).length, 2, 'the Director: Teams and mail');
    // Escalated first on Tue 10 Mar (swept a day late), so its repeats fall on Tuesdays and the renewal on Mon 30 Mar comes on its own.
    for (const day of ['2026-03-04', '2026-03-10', '2026-03-30']) {
      world.clock.set(`${day}T10:00:00Z`);
      await world.scheduler.sweep();
      await worker.drain();
    }
    assert.equal(about(PEOPLE.director.id, /Reminder/).length, 2);
    assert.equal(about(PEOPLE.director.id, /fresh copy of the request/).length, 2);
    assert.deepEqual(about(PEOPLE.hos2.id, /authorisation is needed|Reminder|fresh copy/).map((s) => s.text), [], 'nothing asks Hollis Head to decide');
    const escalations = about(PEOPLE.hos2.id, /Escalation/);
    assert.ok(escalations.length > 0, 'told of the escalation');
    assert.deepEqual(escalations.filter((s) => s.to !== PEOPLE.hos2.id), [], 'the escalation in Teams only: no request card by mail');
    // Worded for the approver, the Director: theirs to decide; for Hollis Head, barred from it: to make sure it is decided.
    assert.match(about(PEOPLE.director.id, /Escalation/)[0]!.text, /has been waiting for your decision since .* Open the request to decide\./);
    for (const s of escalations) {
      assert.doesNotMatch(s.text, /your decision/, 'not told it is theirs to decide');
      // Names whom to chase (the Director), not Hollis Head, whom R-SIGN-4 bars from it (3c51776).
      assert.ok(s.text.includes(`Please make sure it is decided: it waits for ${PEOPLE.director.name}, or their deputy.`), s.text);
      assert.ok(!s.text.includes(`waits for ${PEOPLE.hos2.name}`), s.text);
    }
  });

  it('a request still waiting after 28 days gets a fresh copy by mail and Teams after 28 days, and every 28 days after; none once decided', async () => {
    const { caseId, approvalId } = await toHeadOfService('MOS-6');
    await worker.drain();
    const freshCopies = (id: string) => notifier.sent.filter((s) => s.to === `outlook:${id}` && /fresh copy of the request/.test(s.text));
    world.clock.set('2026-03-29T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.equal(freshCopies(PEOPLE.hos.id).length, 0, 'not before 28 days');
    world.clock.set('2026-03-30T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    for (const hos of [PEOPLE.hos, PEOPLE.hos2]) {
      const copies = freshCopies(hos.id);
      assert.equal(copies.length, 1, `${hos.name}: one fresh copy by mail`);
      assert.deepEqual(copies[0]!.card, { type: 'AdaptiveCard', version: '1.4', body: [] }, 'the request as a new actionable card');
      // The mail is for reading only now: the copy no longer blames Outlook's buttons.
      assert.match(copies[0]!.text, /^Case MOS-6: the Head of Service's written agreement has been waiting since Mon 2 Mar 2026\. Here is a fresh copy of the request\. Open the request to decide\./);
      assert.doesNotMatch(copies[0]!.text, /button/);
      assert.equal(notifier.to(hos.id).filter((t) => /fresh copy of the request/.test(t)).length, 1, 'and in Teams');
    }
    // The team manager agreed on the first day: their request is not renewed.
    assert.equal(freshCopies(PEOPLE.tm.id).length, 0);
    world.clock.set('2026-04-27T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.equal(freshCopies(PEOPLE.hos.id).length, 2, 'renewed again 28 days later');
    await apply(caseId, PEOPLE.hos, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
    await worker.drain();
    world.clock.set('2026-06-30T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.equal(freshCopies(PEOPLE.hos.id).length, 2, 'none once decided');
  });

  it('"new copy" from an approver sends them, and only them, a fresh copy by Teams and mail; anyone else is refused and nothing is sent', async () => {
    const { caseId } = await toHeadOfService('MOS-7');
    await worker.drain();
    const before = notifier.sent.length;
    const asked = await world.service.apply({ idempotencyKey: 'copy-1', caseId, actor: PEOPLE.hos2, event: { type: 'RequestCopyAsked' } });
    assert.ok(asked.ok, JSON.stringify(asked));
    await worker.drain();
    const sent = notifier.sent.slice(before);
    assert.deepEqual(sent.map((s) => s.to).sort(), [PEOPLE.hos2.id, `outlook:${PEOPLE.hos2.id}`]);
    assert.match(sent[0]!.text, /Case MOS-7: here is the new copy you asked for of the request for the Head of Service's written agreement/);
    assert.deepEqual(sent.find((s) => s.to.startsWith('outlook:'))!.card, { type: 'AdaptiveCard', version: '1.4', body: [] });
    // Kept in the audit trail: who asked, when.
    const audit = await world.store.audit(caseId);
    assert.match(audit.at(-1)!.action, /new copy of the request .* sent to Hollis Head, who asked for it/);
    // The team manager has nothing waiting on this case; the social worker decides nothing.
    const tm = await world.service.apply({ idempotencyKey: 'copy-2', caseId, actor: PEOPLE.tm, event: { type: 'RequestCopyAsked' } });
    assert.ok(!tm.ok);
    assert.match(tm.message, /Nothing on case MOS-7 is waiting for your decision.*Nothing was recorded/);
    const sw = await world.service.apply({ idempotencyKey: 'copy-3', caseId, actor: PEOPLE.sw, event: { type: 'RequestCopyAsked' } });
    assert.ok(!sw.ok);
    await worker.drain();
    assert.equal(notifier.sent.length, before + 2);
  });

  it('"new copy" typed again and again sends one copy, then nothing more for 15 minutes, saying so; after them it is sent again (one mailbox sends every request mail)', async () => {
    const { caseId } = await toHeadOfService('MOS-8');
    await worker.drain();
    const before = notifier.sent.length;
    const ask = (key: string) => world.service.apply({ idempotencyKey: key, caseId, actor: PEOPLE.hos2, event: { type: 'RequestCopyAsked' } });
    assert.ok((await ask('again-1')).ok);
    const versionAfterFirst = (await world.service.get(caseId))!.version;
    for (let n = 2; n <= 40; n++) {
      const again = await ask(`again-${n}`);
      assert.ok(!again.ok, `ask ${n}`);
      assert.equal(again.message, 'A new copy of what waits for your decision on case MOS-8 was sent to you less than 15 minutes ago: it can take a few minutes to arrive, here in Teams and by mail. Nothing was sent again. If it has not come in 15 minutes, type "new copy MOS-8" again.');
    }
    await worker.drain();
    assert.equal(notifier.sent.length, before + 2, 'one copy in Teams and one mail, for forty asks');
    assert.equal((await world.service.get(caseId))!.version, versionAfterFirst, 'nothing recorded for the asks refused');
    // The other Head of Service still gets theirs at once.
    assert.ok((await world.service.apply({ idempotencyKey: 'again-hos', caseId, actor: PEOPLE.hos, event: { type: 'RequestCopyAsked' } })).ok);
    world.clock.set(new Date(world.clock.now().getTime() + 15 * 60_000).toISOString());
    assert.ok((await ask('again-later')).ok, 'asked again 15 minutes later');
    await worker.drain();
    assert.equal(notifier.sent.filter((s) => s.to === `outlook:${PEOPLE.hos2.id}`).length - 1, 2, 'a second copy by mail once 15 minutes had passed');
  });

  it("every copy of the request's card is edited once it is decided: both Heads of Service's, and the reminder's", async () => {
    const { caseId, approvalId } = await toHeadOfService('MOS-4');
    await worker.drain();
    // Two working days on, the reminder goes to both.
    world.clock.set('2026-03-04T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    const requestCopies = notifier.sent.filter((s) => s.card !== undefined && [PEOPLE.hos.id, PEOPLE.hos2.id].includes(s.to));
    assert.ok(requestCopies.length >= 2);
    await apply(caseId, PEOPLE.hos2, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null });
    await worker.drain();
    const edited = notifier.updates.filter((u) => JSON.stringify(u.card).includes(`Decided ${approvalId}`));
    // Two requests and two reminders.
    assert.equal(edited.length, 4, JSON.stringify(notifier.updates));
    assert.deepEqual([...new Set(edited.map((u) => u.to))].sort(), [PEOPLE.hos.id, PEOPLE.hos2.id].sort());
    // Each copy once, however many messages follow.
    const before = notifier.updates.length;
    world.clock.set('2026-03-10T10:00:00Z');
    await world.scheduler.sweep();
    await worker.drain();
    assert.equal(notifier.updates.length, before);
    assert.equal(new Set(edited.map((u) => u.activityId)).size, edited.length);
  });
});

describe('mail problems are told to operators once, not per case', () => {
  it('tells each kind of problem once a day', () => {
    let now = 0;
    const told: string[] = [];
    const tell = onceEach((p) => told.push(p.code), () => now);
    for (let i = 0; i < 50; i++) tell({ code: 'mail-refused', message: 'm' });
    tell({ code: 'mail-unavailable', message: 'm' });
    assert.deepEqual(told, ['mail-refused', 'mail-unavailable']);
    now = 25 * 3_600_000;
    tell({ code: 'mail-refused', message: 'm' });
    assert.deepEqual(told, ['mail-refused', 'mail-unavailable', 'mail-refused']);
  });
});

describe('a request renewed after 28 days where no mail is configured', () => {
  it('is sent again in Teams without speaking of an Outlook mail that was never sent', async () => {
    const notifier = new TeamsAndMail();
    const cards = {
      approvalCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Decide' }] }),
      noticeCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Copy' }] }),
      decisionCard: () => ({ type: 'AdaptiveCard', version: '1.5', body: [] }),
    };
    const world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { notifier, cards, outbox: { maxAttempts: 12, backoffBaseMs: 0 } });
    try {
      const opened = await world.service.openCase({ idempotencyKey: 'open-nomail', actor: PEOPLE.sw, ref: 'MOS-60', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
      assert.ok(opened.ok);
      let k = 0;
      const apply = async (event: EventInput) => assert.ok((await world.service.apply({ idempotencyKey: `nomail-${++k}`, caseId: opened.caseId, actor: PEOPLE.sw, event })).ok);
      await apply({ type: 'ChildViewsRecorded', views: 'v' });
      await apply({ type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
      await apply({ type: 'IroInformed' });
      await apply({ type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
      await apply({ type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
      await world.worker.drain();
      // Escalated first on Tue 10 Mar: its repeats fall on Tuesdays, so the renewal on Mon 30 Mar comes on its own.
      world.clock.set('2026-03-10T10:00:00Z');
      await world.scheduler.sweep();
      await world.worker.drain();
      world.clock.set('2026-03-30T10:00:00Z');
      await world.scheduler.sweep();
      await world.worker.drain();
      const copies = notifier.to(PEOPLE.tm.id).filter((t) => /fresh copy of the request/.test(t));
      assert.deepEqual(copies, ["Case MOS-60: the team manager's agreement has been waiting since Mon 2 Mar 2026. Here is a fresh copy of the request. Open the request to decide. (R-SIGN-4)"]);
      assert.deepEqual(notifier.sent.filter((n) => n.to.startsWith('outlook:')), [], 'no mail');
    } finally {
      await world.close();
    }
  });
});

