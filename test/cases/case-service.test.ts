import { strict as assert } from 'node:assert';
import type { CaseState } from '../../src/protocol';
import type { CommandOutcome, EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { VIABLE_ASSESSMENT } from '../support/case-inputs';
import { documentFileName } from '../../src/documents/document-kinds';

let counter = 0;
const key = () => `cmd-${++counter}`;

const UNPLANNED_FACTS = {
  legalStatus: 'S20',
  dateOfBirth: '2009-05-14',
  accommodatedOn: '2026-01-05',
  previousEpisodeEndedOn: null,
  lastAssessmentCompletedOn: '2025-12-01',
  pathway: 'unplanned',
  returnedHomeOn: '2026-02-27',
};

function okOutcome(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

async function state(world: World, caseId: string): Promise<CaseState> {
  const stored = await world.service.get(caseId);
  assert.ok(stored);
  return stored.state;
}

async function act(world: World, caseId: string, actor: { id: string; name: string }, event: EventInput): Promise<CommandOutcome> {
  return world.service.apply({ idempotencyKey: key(), caseId, actor, event });
}

async function pendingApproval(world: World, caseId: string): Promise<string> {
  const s = await state(world, caseId);
  const open = s.approvals.filter((a) => !a.decision && !a.cancelledAt);
  assert.equal(open.length, 1, 'exactly one open approval');
  return open[0]!.approvalId;
}

async function openUnplanned(world: World, facts: Record<string, unknown> = UNPLANNED_FACTS, ref = `MOS-${++counter}`): Promise<string> {
  const opened = okOutcome(await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref, facts, trigger: 'consent-withdrawn', iro: PEOPLE.iro }));
  return opened.caseId;
}

async function initialSteps(world: World, caseId: string, by: { id: string; name: string } = PEOPLE.sw): Promise<void> {
  okOutcome(await act(world, caseId, by, { type: 'ChildViewsRecorded', views: 'Wants to go home to mum.' }));
  okOutcome(await act(world, caseId, by, { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false }));
  okOutcome(await act(world, caseId, by, { type: 'IroInformed' }));
  okOutcome(await act(world, caseId, by, { type: 'ParentsConsulted', views: 'Mother wants the child home.', plannedReturnAgreed: false }));
}

describe('case service (real SQLite store, fake clock)', function () {
  let world: World;
  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('drives the unplanned viable pathway from opening to closure, recording every decision once', async () => {
    const caseId = await openUnplanned(world);
    let s = await state(world, caseId);
    assert.equal(s.visits.length, 5, 'the child is already home: R-VISIT-1 visits are scheduled');
    assert.equal((await world.store.deadlines(caseId)).filter((d) => d.kind === 'visit-overdue').length, 5);

    const early = await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT);
    assert.equal(early.ok, false);
    assert.equal(!early.ok && early.code, 'STEPS_OUTSTANDING');

    await initialSteps(world, caseId);
    okOutcome(await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT));
    okOutcome(await act(world, caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pendingApproval(world, caseId), outcome: 'approve', comment: null }));
    assert.equal((await state(world, caseId)).stage, 'awaiting-iro-view');
    okOutcome(await act(world, caseId, PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return with the plan.', reviewBroughtForward: true }));
    okOutcome(await act(world, caseId, PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pendingApproval(world, caseId), outcome: 'approve', comment: null }));
    assert.equal((await state(world, caseId)).stage, 'awaiting-director');

    const directorApproval = await pendingApproval(world, caseId);
    const tooEarly = await act(world, caseId, PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true, familyInformed: true });
    assert.equal(!tooEarly.ok && tooEarly.rule, 'R-SIGN-4');
    // The deputy acts for the Director within their dates: recorded "on behalf of".
    okOutcome(await act(world, caseId, PEOPLE.deputy, { type: 'DecisionGiven', approvalId: directorApproval, outcome: 'approve', comment: null }));
    s = await state(world, caseId);
    const directorDecision = s.approvals.find((a) => a.approvalId === directorApproval)!.decision!;
    assert.equal(directorDecision.onBehalfOf?.id, PEOPLE.director.id);
    assert.equal(directorDecision.retrospective, true, 'R-SIGN-5: the child was already home');

    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true, familyInformed: true }));
    for (const [index, on] of [[0, '2026-03-01'], [1, '2026-03-02']] as const) {
      okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'VisitRecorded', index, on, notes: 'Seen at home.' }));
    }
    world.clock.set('2026-03-30T10:00:00Z');
    for (const [index, on] of [[2, '2026-03-13'], [3, '2026-03-20'], [4, '2026-03-27']] as const) {
      okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'VisitRecorded', index, on, notes: 'Seen at home.' }));
    }
    const notYet = await act(world, caseId, PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-03-30', continueWith: ['CIN'], notes: '' });
    assert.equal(!notYet.ok && notYet.code, 'STEPS_OUTSTANDING');
    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-31' }));
    const noConsent = await act(world, caseId, PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-03-31', carersToldOn: '2026-03-30' });
    assert.equal(!noConsent.ok && noConsent.rule, 'R-PLACE-1');
    okOutcome(await act(world, caseId, PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pendingApproval(world, caseId), outcome: 'approve', comment: null }));
    okOutcome(await act(world, caseId, PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-03-31', carersToldOn: '2026-03-30' }));
    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'LetterWritten', writtenOn: '2026-03-30' }));
    const closed = okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-03-30', continueWith: ['CIN'], notes: 'Stable at home.' }));
    assert.equal(closed.stage, 'closed');

    const report = await world.worker.drain();
    assert.equal(report.dead, 0);
    const decisions = world.recorder.list('decisions');
    assert.deepEqual(decisions.map((d) => [d.fields['Stage'], d.fields['Outcome']]), [
      ['team-manager', 'approve'], ['head-of-service', 'approve'], ['director', 'approve'], ['placement-end', 'approve'],
    ]);
    assert.equal(decisions.find((d) => d.fields['Stage'] === 'director')!.fields['OnBehalfOf'], PEOPLE.director.name);
    const audit = await world.store.audit(caseId);
    assert.equal(world.recorder.list('audit').length, audit.length, 'every audit entry reached the organisation’s audit list once');
    assert.equal(world.recorder.list('cases').length, 1, 'one Cases row, updated in place');
    assert.equal(world.recorder.list('cases')[0]!.fields['Stage'], 'closed');
    assert.ok(audit.every((e) => !JSON.stringify(e).includes('2009-05-14')), 'the date of birth never enters the audit trail');
    const iroNotices = world.notifier.sent.filter((n) => n.to === 'channel:iro');
    assert.ok(iroNotices.length >= 2);
    assert.ok(iroNotices.every((n) => !n.text.includes('2009-05-14') && !n.text.includes('14 May 2009')));
  });

  it('refuses a child on a care order (R-SCOPE-2) and writes nothing', async () => {
    const outcome = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'CO-1', facts: { ...UNPLANNED_FACTS, legalStatus: 'CO' }, trigger: 'consent-withdrawn', iro: null });
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.rule, 'R-SCOPE-2');
    assert.match(!outcome.ok ? outcome.message : '', /court/);
    assert.equal((await world.store.list()).length, 0);
  });

  it('a reference taken by an open case is refused; by a closed one, the next numbered reference is offered and works', async () => {
    // Still in care (not home yet), so a not-viable case can close straight after the review.
    const open = await openUnplanned(world, { ...UNPLANNED_FACTS, returnedHomeOn: null }, 'MOS-7000');
    const again = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'MOS-7000', facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.deepEqual(!again.ok && [again.code, again.message], ['DUPLICATE_REF', 'A case with reference MOS-7000 is already open. Type "case MOS-7000" to see it.']);

    // Not viable, its actions recorded, the review held: closed.
    await initialSteps(world, open);
    okOutcome(await act(world, open, PEOPLE.sw, { ...VIABLE_ASSESSMENT, viable: false, stepdownPlan: [] } as EventInput));
    okOutcome(await act(world, open, PEOPLE.sw, { type: 'NotViableActionsRecorded', childAndParentsTold: true, childProtectionConferenceBooked: false, legalPlanningMeetingBooked: false, notes: '' }));
    okOutcome(await act(world, open, PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-03-02', continueWith: ['CIN'], notes: '' }));
    assert.equal((await state(world, open)).stage, 'closed');

    const later = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'MOS-7000', facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.deepEqual(!later.ok && [later.code, later.message], ['DUPLICATE_REF', 'Case MOS-7000 is closed. For a later return home of the same child, start a new case with a numbered reference such as MOS-7000/2.']);
    const second = okOutcome(await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'MOS-7000/2', facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null }));
    assert.equal(second.ref, 'MOS-7000/2');
    // The second is open now: its own reference is refused as open; the first still offers the next free number.
    const third = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'MOS-7000', facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.match(!third.ok ? third.message : '', /such as MOS-7000\/3\.$/);

    // The same with "-" for "/" (or the other way) is one folder of case documents in SharePoint: refused, nothing saved.
    const cases = (await world.store.list()).length;
    for (const [typed, named] of [['MOS-7000-2', 'MOS-7000/2'], ['mos/7000', 'MOS-7000']] as const) {
      const mixed = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: typed, facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null });
      assert.equal(!mixed.ok && mixed.code, 'DUPLICATE_REF', typed);
      assert.match(!mixed.ok ? mixed.message : '', new RegExp(`^${typed} and ${named} differ only in "/" and "-", which the case documents' folder in SharePoint does not tell apart, so a case cannot be started with ${typed}\\. `), typed);
    }
    assert.equal((await world.store.list()).length, cases, 'nothing saved');
    assert.equal(documentFileName('MOS-7000-2', 'decision-record', 1), documentFileName('MOS-7000/2', 'decision-record', 1), 'why: the two would be one file');

    // Capitals mixed another way ("Mos-8000" beside "mOS-8000"): SharePoint's folder and file names do not tell capitals apart either.
    const mos = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'Mos-8000', facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(mos.ok);
    const before = (await world.store.list()).length;
    const refused: [string, RegExp][] = [
      ['mOS-8000', /^A case with reference Mos-8000 is already open\. Type "case Mos-8000" to see it\.$/],
      ['mOS/8000', /^mOS\/8000 and Mos-8000 differ only in capitals and in "\/" and "-", which the case documents' folder in SharePoint does not tell apart, so a case cannot be started with mOS\/8000\. A case with reference Mos-8000 is already open\./],
    ];
    for (const [typed, message] of refused) {
      const mixed = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: typed, facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null });
      assert.equal(!mixed.ok && mixed.code, 'DUPLICATE_REF', typed);
      assert.match(!mixed.ok ? mixed.message : '', message, typed);
    }
    assert.equal((await world.store.list()).length, before, 'nothing saved');
  });

  it('names the bad field for invalid facts and saves nothing', async () => {
    const outcome = await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'BAD-1', facts: { ...UNPLANNED_FACTS, returnedHomeOn: '2025-12-25' }, trigger: 'consent-withdrawn', iro: null });
    assert.equal(!outcome.ok && outcome.code, 'INVALID_FACTS');
    assert.match(!outcome.ok ? outcome.message : '', /returnedHomeOn/);
    assert.equal((await world.store.list()).length, 0);
  });

  it('checks authority from the object id: strangers, self-approval, one person as HoS and Director, deputies out of dates', async () => {
    const caseId = await openUnplanned(world);
    await initialSteps(world, caseId);
    const stranger = await act(world, caseId, PEOPLE.stranger, { type: 'ChildViewsRecorded', views: 'x' });
    assert.equal(!stranger.ok && stranger.code, 'NOT_YOUR_ROLE');
    // Who may act is declared once, with the step and its rule (event-declarations.ts).
    assert.deepEqual(!stranger.ok && [stranger.rule, stranger.message], ['R-UNPL-1', "Only this case's social worker or team manager, or their deputy, can record the child's views."]);
    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false, givenOrally: true }));
    okOutcome(await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT));
    const tmApproval = await pendingApproval(world, caseId);
    const hosTriesTm = await act(world, caseId, PEOPLE.hos, { type: 'DecisionGiven', approvalId: tmApproval, outcome: 'approve', comment: null });
    assert.equal(!hosTriesTm.ok && hosTriesTm.code, 'NOT_YOUR_ROLE');
    okOutcome(await act(world, caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId: tmApproval, outcome: 'approve', comment: null }));
    okOutcome(await act(world, caseId, PEOPLE.hos2, { type: 'DecisionGiven', approvalId: await pendingApproval(world, caseId), outcome: 'approve', comment: null }));
    const same = await act(world, caseId, PEOPLE.hos2, { type: 'DecisionGiven', approvalId: await pendingApproval(world, caseId), outcome: 'approve', comment: null });
    assert.equal(!same.ok && same.code, 'SAME_PERSON_HOS_AND_DIRECTOR');
    world.clock.set('2026-03-20T10:00:00Z');
    const lateDeputy = await act(world, caseId, PEOPLE.deputy, { type: 'DecisionGiven', approvalId: await pendingApproval(world, caseId), outcome: 'approve', comment: null });
    assert.equal(!lateDeputy.ok && lateDeputy.code, 'DEPUTY_OUT_OF_DATES');
    assert.equal((await state(world, caseId)).stage, 'awaiting-director');
    // Each refusal is kept, with who tried what and why not — and none of them moved the case's version.
    const refusals = await world.store.refusals(caseId);
    assert.deepEqual(refusals.map((r) => [r.actorId, r.action, r.code, r.rule]), [
      [PEOPLE.stranger.id, 'ChildViewsRecorded', 'NOT_YOUR_ROLE', 'R-UNPL-1'],
      [PEOPLE.hos.id, 'DecisionGiven', 'NOT_YOUR_ROLE', 'R-SIGN-4'],
      [PEOPLE.hos2.id, 'DecisionGiven', 'SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4'],
      [PEOPLE.deputy.id, 'DecisionGiven', 'DEPUTY_OUT_OF_DATES', 'R-SIGN-4'],
    ]);
    assert.equal(refusals[3]?.actorName, PEOPLE.deputy.name);
    const stored = await world.service.get(caseId);
    assert.equal(stored?.version, (await world.store.audit(caseId)).length, 'one version per audit entry: refusals bump nothing');
  });

  it('does not log refusals about the request itself (out of order, already decided), only about who asked', async () => {
    const caseId = await openUnplanned(world);
    const early = await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT);
    assert.equal(early.ok, false);
    assert.deepEqual(await world.store.refusals(caseId), []);
  });

  it('refuses self-approval: a team manager who is the social worker on the case cannot agree it', async () => {
    const opened = okOutcome(await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.managerWithCases, ref: 'SELF-1', facts: UNPLANNED_FACTS, trigger: 'consent-withdrawn', iro: null }));
    await initialSteps(world, opened.caseId, PEOPLE.managerWithCases);
    okOutcome(await act(world, opened.caseId, PEOPLE.managerWithCases, VIABLE_ASSESSMENT));
    const self = await act(world, opened.caseId, PEOPLE.managerWithCases, { type: 'DecisionGiven', approvalId: await pendingApproval(world, opened.caseId), outcome: 'approve', comment: null });
    assert.equal(!self.ok && self.code, 'SELF_APPROVAL');
    assert.deepEqual((await world.store.refusals(opened.caseId)).map((r) => [r.actorId, r.code, r.rule]), [[PEOPLE.managerWithCases.id, 'SELF_APPROVAL', 'R-SIGN-4']]);
    okOutcome(await act(world, opened.caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pendingApproval(world, opened.caseId), outcome: 'approve', comment: null }));
  });

  it('lets only the case\'s own social worker (or a team manager) record its steps', async () => {
    const caseId = await openUnplanned(world);
    const colleague = await act(world, caseId, PEOPLE.sw2, { type: 'ChildViewsRecorded', views: 'x' });
    assert.equal(!colleague.ok && colleague.code, 'NOT_YOUR_CASE');
    assert.match(!colleague.ok ? colleague.message : '', new RegExp(PEOPLE.sw.name));
    okOutcome(await act(world, caseId, PEOPLE.tm, { type: 'ChildViewsRecorded', views: 'Recorded by the manager.' }));
    assert.equal((await state(world, caseId)).steps.childViews?.by.id, PEOPLE.tm.id);
  });

  it('returns the first outcome for a repeated command key and records nothing twice', async () => {
    const caseId = await openUnplanned(world);
    const command = { idempotencyKey: 'click-1', caseId, actor: PEOPLE.sw, event: { type: 'ChildViewsRecorded', views: 'Wants to go home.' } as EventInput };
    const first = await world.service.apply(command);
    const again = await world.service.apply(command);
    assert.deepEqual(again, first);
    assert.equal((await world.store.audit(caseId)).length, 2, 'opening + one step');
  });

  it('50 concurrent decisions on one approval: exactly one is recorded, 49 are told who decided', async () => {
    const caseId = await openUnplanned(world);
    await initialSteps(world, caseId);
    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false, givenOrally: true }));
    okOutcome(await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT));
    const approvalId = await pendingApproval(world, caseId);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => world.service.apply({ idempotencyKey: `tm-click-${i}`, caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId, outcome: i % 2 ? 'approve' : 'request-changes', comment: 'see notes' } })),
    );
    assert.equal(outcomes.filter((o) => o.ok).length, 1);
    const refused = outcomes.filter((o) => !o.ok);
    assert.equal(refused.length, 49);
    assert.ok(refused.every((o) => !o.ok && o.code === 'ALREADY_DECIDED' && o.message.includes(PEOPLE.tm.name)));
    await world.worker.drain();
    assert.equal(world.recorder.list('decisions').length, 1);
  });

  it("a second manager's decision given just after the first is refused, and their comment is kept with the case's refused attempts", async () => {
    const caseId = await openUnplanned(world);
    await initialSteps(world, caseId);
    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false, givenOrally: true }));
    okOutcome(await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT));
    const approvalId = await pendingApproval(world, caseId);
    okOutcome(await act(world, caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null }));
    const late = await act(world, caseId, PEOPLE.managerWithCases, { type: 'DecisionGiven', approvalId, outcome: 'request-changes', comment: '  The school has raised a new concern this morning.  ' });
    assert.ok(!late.ok && late.code === 'ALREADY_DECIDED');
    assert.match(late.message, /Your comment was not added to that decision; it is kept with the case's record of refused attempts\. If it changes anything, tell Taylor Manager directly\. Nothing more is needed from you\.$/);
    const kept = await world.store.refusals(caseId);
    assert.deepEqual(kept.map((r) => [r.actorId, r.action, r.code, r.comment]), [[PEOPLE.managerWithCases.id, 'DecisionGiven', 'ALREADY_DECIDED', 'The school has raised a new concern this morning.']]);
  });

  it('the scheduler reminds and escalates on working days, and a restart neither loses nor repeats a reminder', async () => {
    const caseId = await openUnplanned(world);
    await initialSteps(world, caseId);
    okOutcome(await act(world, caseId, PEOPLE.sw, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false, givenOrally: true }));
    okOutcome(await act(world, caseId, PEOPLE.sw, VIABLE_ASSESSMENT)); // Monday 2 March 2026
    // The first visit (due 2 March) is overdue on 3 March at 08:00.
    world.clock.set('2026-03-03T09:00:00Z');
    await world.scheduler.sweep();
    await world.worker.drain();
    const overdue = world.notifier.sent.filter((n) => n.text.includes('has not been recorded'));
    // The case's social worker, and every team manager (role notices go to the role's holders).
    assert.deepEqual(overdue.map((n) => n.to).sort(), [PEOPLE.sw.id, PEOPLE.tm.id, PEOPLE.managerWithCases.id].sort());
    assert.equal((await state(world, caseId)).visits[0]!.overdue, true);

    // Two working days after Monday → Wednesday: the reminder to the team manager.
    world.clock.set('2026-03-04T09:00:00Z');
    await world.scheduler.sweep();
    // Restart: close everything and reopen the same files; the next sweep finds nothing more to send.
    const sentBefore = world.notifier.sent;
    await world.close(true);
    world = makeWorld('2026-03-04T09:30:00Z', undefined, world.dir);
    world.notifier.sent.push(...sentBefore);
    await world.scheduler.sweep();
    await world.worker.drain();
    const reminders = world.notifier.sent.filter((n) => n.text.startsWith('Reminder'));
    assert.deepEqual(reminders.map((r) => r.to).sort(), [PEOPLE.tm.id, PEOPLE.managerWithCases.id].sort(), 'one reminder to each team manager, once');
    // Five working days → Monday 9 March: escalation to the team manager (and deputies) and the Head of Service.
    world.clock.set('2026-03-09T09:00:00Z');
    await world.scheduler.sweep();
    await world.worker.drain();
    // Escalation: to the case's team managers and up the line to its Heads of Service; nobody else.
    assert.deepEqual(world.notifier.sent.filter((n) => n.text.startsWith('Escalation')).map((n) => n.to).sort(), [PEOPLE.tm.id, PEOPLE.managerWithCases.id, PEOPLE.hos.id, PEOPLE.hos2.id].sort());
  });
});
