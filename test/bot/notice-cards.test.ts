import { strict as assert } from 'node:assert';
import { noticeCardData } from '../../src/bot/notice-card';
import type { EventInput } from '../../src/cases/case-service';
import { IRO_CHANNEL } from '../../src/cases/effect-delivery';
import type { OutboxWorker } from '../../src/cases/outbox-worker';
import type { Notice } from '../../src/ports/notifier';
import { makeWorld, PEOPLE, RecordingNotifier, World } from '../../support/world';
import { cardProblems } from './support/card-check';
import { accept, actor as fixtureActor, ACTORS, events, HOME_53_DAYS, opened } from '../protocol/support/case-fixtures';
import { Card, ConversationDriver, texts } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

describe('notices with cards (outbox → card renderer → notifier)', () => {
  let world: World;
  let notifier: RecordingNotifier;
  let worker: OutboxWorker;
  let caseId: string;
  let n = 0;

  beforeEach(async () => {
    // The outbox worker and the cards as the composition root builds them; the notifier stands for Teams.
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { cards: 'as-the-bot' });
    notifier = world.notifier;
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

  async function sweepAt(iso: string): Promise<Notice[]> {
    world.clock.set(iso);
    await world.scheduler.sweep();
    const before = notifier.sent.length;
    await worker.drain();
    return notifier.sent.slice(before);
  }

  const cardOf = (notice: Notice | undefined): Card => {
    assert.ok(notice?.card, `a card on ${notice?.text}`);
    assert.deepEqual(cardProblems(notice.card), []);
    assert.equal((notice.card as { version: string }).version, '1.5');
    return notice.card as Card;
  };

  it('a visit reminder carries the due date and a button to record that visit, which opens the visit form in the bot', async () => {
    const sent = await sweepAt('2026-03-02T10:05:00Z');
    const reminder = sent.find((s) => /: a first home visit is due/.test(s.text));
    assert.ok(reminder, sent.map((s) => s.text).join('\n'));
    assert.equal(reminder.to, PEOPLE.sw.id);
    assert.match(reminder.text, /a first home visit is due by Mon 2 Mar 2026\./);
    const card = cardOf(reminder);
    assert.match(texts(card), /Reminder: visit due — case MOS-1042/);
    assert.match(texts(card), /Due\nMon 2 Mar 2026/);
    const record = card.actions?.find((a) => a.title === 'Record the visit');
    assert.deepEqual(record && { verb: record.verb, step: record.data['step'], index: record.data['index'], caseId: record.data['caseId'] }, { verb: 'openStep', step: 'visit', index: '0', caseId });
    for (const dateOfBirth of ['2009-05-14', '14 May 2009']) assert.ok(!JSON.stringify(card).includes(dateOfBirth));

    // The button works in the bot: the visit form for visit 0, then the visit is recorded.
    const bot = new ConversationDriver(world);
    const form = await bot.click(PEOPLE.sw, record!.verb, record!.data);
    assert.match(texts(form), /Record a visit: case MOS-1042/);
    const after = await bot.press(PEOPLE.sw, form, /^Record /, { on: '2026-03-02', notes: '' });
    assert.match(texts(after), /Visit recorded on Mon 2 Mar 2026 \(due Mon 2 Mar 2026\)/);

    // The overdue notice for that visit no longer comes; had it come, its card would say so.
    const later = await sweepAt('2026-03-03T10:00:00Z');
    assert.ok(!later.some((s) => /first home visit due on Mon 2 Mar 2026 has not been recorded/.test(s.text)));
  });

  it('an overdue visit goes to the social worker and the team manager, each with the record button', async () => {
    const sent = await sweepAt('2026-03-03T10:00:00Z');
    const overdue = sent.filter((s) => /has not been recorded/.test(s.text));
    assert.deepEqual(overdue.map((s) => s.to).sort(), [PEOPLE.sw.id, PEOPLE.tm.id, PEOPLE.managerWithCases.id].sort());
    for (const notice of overdue) {
      const card = cardOf(notice);
      assert.match(texts(card), /Overdue: visit not recorded/);
      assert.equal(card.actions?.[0]?.verb, 'openStep');
      assert.equal(card.actions?.[0]?.data['index'], '0');
    }
  });

  it('approval reminders and escalations carry the waiting date and a button to open the request; once decided, no button', async () => {
    await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(PEOPLE.sw, { type: 'IroInformed' });
    await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    await worker.drain();
    const approvalId = (await world.service.get(caseId))!.state.approvals[0]!.approvalId;

    const reminders = (await sweepAt('2026-03-04T10:00:00Z')).filter((s) => /^Reminder/.test(s.text));
    assert.ok(reminders.length > 0, 'a reminder after 2 working days');
    for (const reminder of reminders) {
      const card = cardOf(reminder);
      assert.match(texts(card), /Waiting since\nMon 2 Mar 2026/);
      assert.match(texts(card), /Team manager's agreement/);
      const open = card.actions?.find((a) => a.title === 'Open the request');
      assert.deepEqual(open && [open.verb, open.data['approvalId'], open.data['caseId']], ['showApproval', approvalId, caseId]);
    }
    const bot = new ConversationDriver(world);
    const opened = await bot.click(PEOPLE.tm, 'showApproval', cardOf(reminders[0]).actions![0]!.data);
    assert.deepEqual(opened.actions?.map((a) => a.data['outcome']), ['approve', 'request-changes', 'reject']);

    const escalations = (await sweepAt('2026-03-09T10:00:00Z')).filter((s) => /^Escalation/.test(s.text));
    assert.ok(escalations.length > 0, 'an escalation after 5 working days');
    assert.ok(cardOf(escalations[0]).actions?.some((a) => a.verb === 'showApproval'));
    assert.match(texts(cardOf(escalations[0])), /Escalation: decision still waiting/);

    // Built after the decision (a retried delivery), the card says so and offers no request to open.
    await bot.press(PEOPLE.tm, opened, /^Approve$/);
    const decided = noticeCardData(
      { type: 'notify', notice: 'approval-reminder', to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'], data: { ref: 'MOS-1042', approvalId, stage: 'team-manager', requestedOn: '2026-03-02' } },
      (await world.service.get(caseId))!.state,
      'words',
    );
    assert.deepEqual(decided.actions.map((a) => a.verb), ['showCase']);
    assert.ok(decided.facts.some((f) => f.value === 'Already decided'));
  });

  it("the placement team's notice of the Head of Service's consent has the step's own button, and \"my cases\" lists the end of the placement as waiting for them until it is recorded", async () => {
    await apply(PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-10' });
    const bot = new ConversationDriver(world);
    const myCases = async (): Promise<string> => (await bot.say(PEOPLE.cpt, 'my cases'))[0]?.text ?? '';
    assert.doesNotMatch(await myCases(), /end of the placement/, 'nothing for them before the consent');
    const consent = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === 'placement-end')!;
    await apply(PEOPLE.hos, { type: 'DecisionGiven', approvalId: consent.approvalId, outcome: 'approve', comment: null });
    const before = notifier.sent.length;
    await worker.drain();
    const told = notifier.sent.slice(before).find((s) => s.to === PEOPLE.cpt.id);
    assert.ok(told, 'the placement team is told');
    const card = cardOf(told);
    assert.match(texts(card), /Placement ends\nTue 10 Mar 2026/);
    assert.deepEqual(card.actions?.map((a) => a.title), ['Record the end of the placement', 'Open the case']);
    const record = card.actions![0]!;
    assert.deepEqual([record.verb, record.data['step'], record.data['caseId']], ['openStep', 'placementEnded', caseId]);

    // Waiting for them in "my cases", though they are named on no case.
    assert.match(await myCases(), /Steps and visits waiting for you:\n- MOS-1042: record the end of the placement \(R-PLACE-1\) \(type "case MOS-1042"\)/);
    // The button opens the form for them, and once recorded it no longer waits.
    const form = await bot.click(PEOPLE.cpt, record.verb, record.data);
    assert.match(texts(form), /Record the end of the placement: case MOS-1042/);
    const after = await bot.press(PEOPLE.cpt, form, /^Record /, { endDate: '2026-03-10', carersToldOn: '2026-03-02' });
    assert.doesNotMatch(texts(after), /Not recorded/);
    assert.equal((await world.service.get(caseId))!.state.placement.status, 'ended');
    assert.doesNotMatch(await myCases(), /end of the placement/);
    // Built again after it was recorded (a retried delivery), the notice offers no form.
    const rebuilt = noticeCardData({ type: 'notify', notice: 'placement-end-confirmed', to: { kind: 'role', role: 'placement-team' }, rules: ['R-PLACE-1'], data: { ref: 'MOS-1042', proposedEndDate: '2026-03-10' } }, (await world.service.get(caseId))!.state, 'words');
    assert.deepEqual(rebuilt.actions.map((a) => a.verb), ['showCase']);
    assert.ok(rebuilt.facts.some((f) => f.title === 'Now' && f.value === 'Placement end recorded for Tue 10 Mar 2026'), 'not "ended" on a day still to come (today is 2 March)');
  });

  it('IRO channel notices carry the case reference and the words only: no names, no date of birth, no buttons', async () => {
    await apply(PEOPLE.sw, { type: 'IroInformed' });
    await worker.drain();
    const channel = notifier.sent.filter((s) => s.to === IRO_CHANNEL);
    assert.equal(channel.length, 1);
    const card = cardOf(channel[0]);
    assert.deepEqual(card.actions ?? [], []);
    assert.match(texts(card), /MOS-1042/);
    const json = JSON.stringify(card);
    for (const never of ['2009-05-14', '14 May 2009', caseId, ...Object.values(PEOPLE).map((p) => p.name)]) assert.ok(!json.includes(never), `the channel card must not contain ${never}`);
    // The person's own copy has the button to open the case.
    const personal = notifier.sent.find((s) => s.to === PEOPLE.iro.id);
    assert.equal(cardOf(personal).actions?.[0]?.verb, 'showCase');
  });

  it('without a notice card renderer, notices still go as text (the renderer is optional)', async () => {
    // The app without the bot's cards (as the CLIs build it).
    const plainWorld = makeWorld('2026-03-02T10:00:00Z');
    try {
      const plain = plainWorld.notifier;
      const opened = await plainWorld.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
      assert.ok(opened.ok);
      assert.ok((await plainWorld.service.apply({ idempotencyKey: 'plain-1', caseId: opened.caseId, actor: PEOPLE.sw, event: { type: 'IroInformed' } })).ok);
      await plainWorld.worker.drain();
      assert.ok(plain.sent.length > 0);
      assert.ok(plain.sent.every((s) => s.card === undefined));
    } finally {
      await plainWorld.close();
    }
  });
});

describe('the request for a view on an LPM or ICPC, once given', () => {
  it("names who gave it and, where a deputy did, on whose behalf ('View given by Dee Cover on behalf of Taylor Manager'), as the case card does (R-UNPL-2)", () => {
    const deputy = fixtureActor({ id: 'dep-tm', name: 'Dee Cover' }, 'team-manager', { id: ACTORS.tm.id, name: ACTORS.tm.name });
    const asked = accept(opened({ facts: HOME_53_DAYS }).state, events.immediateRisk(ACTORS.sw, true)).state;
    const given = accept(asked, events.riskView(deputy, true)).state;
    const effect = { type: 'notify' as const, notice: 'risk-view-needed' as const, to: { kind: 'role' as const, role: 'team-manager' as const }, rules: ['R-UNPL-2' as const], data: { ref: given.ref, consulted: 'team-manager', flagged: 'an LPM and an ICPC' } };
    const card = noticeCardData(effect, given, 'words');
    assert.deepEqual(card.facts.find((f) => f.title === 'Now'), { title: 'Now', value: `View given by Dee Cover on behalf of ${ACTORS.tm.name}` });
  });
});
