import { strict as assert } from 'node:assert';
import { CaseEvent, CaseState, Effect } from '../../src/protocol';
import {
  accept,
  Accepted,
  ACTORS,
  caseRow,
  drive,
  effectsOf,
  events,
  HOME_53_DAYS,
  initialSteps,
  NOW,
  nowOn,
  opened,
  pending,
  refusal,
  withoutCaseRecord,
} from './support/case-fixtures';
import { SECRET_DATE_OF_BIRTH } from './support/facts-builder';

const SW = { kind: 'person', id: 'sw-1', name: 'Sam Social' } as const;
const IRO = { kind: 'person', id: 'iro-1', name: 'Ivy Reviewing' } as const;

function scheduled(effects: readonly Effect[]): { id: string; kind: string; dueOn: string }[] {
  return effectsOf(effects, 'schedule-deadline').map((e) => ({ id: e.deadlineId, kind: e.kind, dueOn: e.dueOn }));
}

function cancelled(effects: readonly Effect[]): string[] {
  return effectsOf(effects, 'cancel-deadline').map((e) => e.deadlineId);
}

describe('transition: the unplanned pathway, viable, end to end', () => {
  // A 16-year-old, 53 days in care, consent withdrawn, already home on Fri 27 Feb 2026.
  let open: { state: CaseState; effects: Effect[] };
  const step: Record<string, Accepted> = {};

  before(() => {
    open = opened({ facts: HOME_53_DAYS, trigger: 'consent-withdrawn' });
    let state = open.state;
    const go = (name: string, event: Parameters<typeof accept>[1], now = NOW) => {
      step[name] = accept(state, event, now);
      state = step[name].state;
    };
    go('childViews', events.childViews());
    go('immediateRisk', events.immediateRisk());
    go('iroInformed', events.iroInformed());
    go('parentsConsulted', events.parentsConsulted());
    go('assessment', events.assessment({ form: 's20-return-home-assessment' }));
    go('teamManager', events.decision(pending(state, 'team-manager').approvalId, ACTORS.tm), nowOn('2026-03-03'));
    go('iroView', events.iroView(), nowOn('2026-03-03', '14:00:00.000'));
    go('headOfService', events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos), nowOn('2026-03-04'));
    go('director', events.decision(pending(state, 'director').approvalId, ACTORS.director), nowOn('2026-03-05'));
    go('episodeEnded', events.episodeEnded(true), nowOn('2026-03-05', '16:00:00.000'));
    go('visit0', events.visit(0, '2026-03-02'), nowOn('2026-03-05'));
    go('visit1', events.visit(1, '2026-03-06'), nowOn('2026-03-06'));
    go('placementEndRequested', events.placementEndRequested('2026-03-13'), nowOn('2026-03-06'));
    go('placementConsent', events.decision(pending(state, 'placement-end').approvalId, ACTORS.hos), nowOn('2026-03-09'));
    go('placementEnded', events.placementEnded('2026-03-13', '2026-03-09', ACTORS.cpt), nowOn('2026-03-09'));
    go('visit2', events.visit(2, '2026-03-13'), nowOn('2026-03-13'));
    go('visit3', events.visit(3, '2026-03-20'), nowOn('2026-03-20'));
    go('visit4', events.visit(4, '2026-03-27'), nowOn('2026-03-27'));
    go('letter', events.letter('2026-03-27'), nowOn('2026-03-27'));
    go('review', events.review('2026-03-30'), nowOn('2026-03-30'));
  });

  it('opens on the unplanned pathway with five visits from the return date and their deadlines (R-VISIT-1)', () => {
    const { state, effects } = open;
    assert.equal(state.stage, 'preparing');
    assert.equal(state.pathway, 'unplanned');
    assert.equal(state.trigger, 'consent-withdrawn');
    assert.equal(state.facts.returnedHomeOn, '2026-02-27');
    assert.deepEqual(state.socialWorker, { id: 'sw-1', name: 'Sam Social' });
    assert.deepEqual(
      state.visits.map((v) => [v.index, v.kind, v.due, v.doneOn, v.overdue]),
      [
        [0, 'first-visit', '2026-03-02', null, false],
        [1, 'weekly-check-in', '2026-03-06', null, false],
        [2, 'weekly-check-in', '2026-03-13', null, false],
        [3, 'weekly-check-in', '2026-03-20', null, false],
        [4, 'weekly-check-in', '2026-03-27', null, false],
      ],
    );
    // The first visit's reminder would fall before today, so it is due today.
    assert.deepEqual(scheduled(effects), [
      { id: 'case-1:visit:0:reminder', kind: 'visit-reminder', dueOn: '2026-03-02' },
      { id: 'case-1:visit:0:overdue', kind: 'visit-overdue', dueOn: '2026-03-03' },
      { id: 'case-1:visit:1:reminder', kind: 'visit-reminder', dueOn: '2026-03-05' },
      { id: 'case-1:visit:1:overdue', kind: 'visit-overdue', dueOn: '2026-03-07' },
      { id: 'case-1:visit:2:reminder', kind: 'visit-reminder', dueOn: '2026-03-12' },
      { id: 'case-1:visit:2:overdue', kind: 'visit-overdue', dueOn: '2026-03-14' },
      { id: 'case-1:visit:3:reminder', kind: 'visit-reminder', dueOn: '2026-03-19' },
      { id: 'case-1:visit:3:overdue', kind: 'visit-overdue', dueOn: '2026-03-21' },
      { id: 'case-1:visit:4:reminder', kind: 'visit-reminder', dueOn: '2026-03-26' },
      { id: 'case-1:visit:4:overdue', kind: 'visit-overdue', dueOn: '2026-03-28' },
    ]);
    const tasks = effectsOf(effects, 'record').filter((e) => e.list === 'tasks');
    assert.deepEqual(tasks.map((t) => [t.key, t.fields.DueOn, t.fields.Status]), [
      ['task:case-1:visit:0', '2026-03-02', 'due'],
      ['task:case-1:visit:1', '2026-03-06', 'due'],
      ['task:case-1:visit:2', '2026-03-13', 'due'],
      ['task:case-1:visit:3', '2026-03-20', 'due'],
      ['task:case-1:visit:4', '2026-03-27', 'due'],
    ]);
    const opening = effectsOf(effects, 'notify');
    assert.deepEqual(opening, [
      { type: 'notify', notice: 'case-opened', to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-1', 'R-SIGN-2', 'R-VISIT-1'], data: { ref: 'CR-100200', pathway: 'unplanned', returnedHomeOn: '2026-02-27', nextVisitKind: 'first-visit', nextVisitIndex: 0, nextVisitDue: '2026-03-02' } },
    ]);
  });

  it('records the case row when it opens, with the Director sign-off the ruling requires', () => {
    const record = caseRow(open.effects);
    assert.equal(record.key, 'case:case-1');
    assert.equal(record.fields.Stage, 'preparing');
    assert.equal(record.fields.DirectorSignOffRequired, true);
    assert.equal(record.fields.DirectorSignOffRules, 'R-SIGN-1, R-SIGN-2');
    assert.equal(record.fields.DaysInCare, 53);
  });

  it('records the initial steps without effects beyond the case row, except informing the IRO (R-UNPL-3)', () => {
    assert.deepEqual(withoutCaseRecord(step.childViews!.effects), []);
    assert.equal(step.childViews!.state.steps.childViews?.views, 'wants to be at home');
    assert.deepEqual(withoutCaseRecord(step.immediateRisk!.effects), []);
    assert.equal(step.immediateRisk!.state.steps.immediateRisk?.consulted, 'team-manager');
    assert.deepEqual(withoutCaseRecord(step.iroInformed!.effects), [
      { type: 'notify', notice: 'iro-informed', to: IRO, rules: ['R-UNPL-3'], data: { ref: 'CR-100200', pathway: 'unplanned', homeOn: '2026-02-27' } },
      { type: 'notify', notice: 'iro-informed', to: { kind: 'iro-channel' }, rules: ['R-UNPL-3'], data: { ref: 'CR-100200', pathway: 'unplanned', homeOn: '2026-02-27' } },
    ]);
    assert.deepEqual(step.iroInformed!.state.steps.iroInformed, { at: NOW.at, on: NOW.today, by: { id: 'sw-1', name: 'Sam Social' } });
    assert.equal(step.parentsConsulted!.state.steps.parentsConsulted?.plannedReturnAgreed, false);
    for (const name of ['childViews', 'immediateRisk', 'iroInformed', 'parentsConsulted']) assert.equal(step[name]!.state.stage, 'preparing');
  });

  it('sends the assessment to the team manager, recording which rule allowed the short form (R-ASSESS-4)', () => {
    const { state, effects } = step.assessment!;
    assert.equal(state.stage, 'awaiting-team-manager');
    assert.equal(state.assessment?.round, 1);
    assert.equal(state.assessment?.form, 's20-return-home-assessment');
    assert.deepEqual(state.assessment?.formRules, ['R-ASSESS-2']);
    assert.deepEqual(state.signOff, { required: true, rules: ['R-SIGN-1', 'R-SIGN-2'] });
    assert.deepEqual(withoutCaseRecord(effects), [
      { type: 'request-approval', approvalId: 'case-1:team-manager:1', stage: 'team-manager', to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] },
      // Mon 2 Mar + 2 working days = Wed 4 Mar; + 5 = Mon 9 Mar.
      { type: 'schedule-deadline', deadlineId: 'case-1:team-manager:1:reminder', kind: 'approval-reminder', dueOn: '2026-03-04', data: { approvalId: 'case-1:team-manager:1', stage: 'team-manager', ref: 'CR-100200' } },
      { type: 'schedule-deadline', deadlineId: 'case-1:team-manager:1:escalation', kind: 'approval-escalation', dueOn: '2026-03-09', data: { approvalId: 'case-1:team-manager:1', stage: 'team-manager', ref: 'CR-100200' } },
      // A fresh copy by mail after 28 calendar days, before Outlook stops the request mail's buttons (a month).
      { type: 'schedule-deadline', deadlineId: 'case-1:team-manager:1:mail-renewal', kind: 'approval-mail-renewal', dueOn: '2026-03-30', data: { approvalId: 'case-1:team-manager:1', stage: 'team-manager', ref: 'CR-100200' } },
    ]);
    assert.equal(caseRow(effects).fields.Stage, 'awaiting-team-manager');
  });

  it("on the team manager's agreement, with no IRO view yet, asks the IRO for it (awaiting-iro-view)", () => {
    const { state, effects } = step.teamManager!;
    assert.equal(state.stage, 'awaiting-iro-view');
    assert.deepEqual(cancelled(effects), ['case-1:team-manager:1:reminder', 'case-1:team-manager:1:escalation', 'case-1:team-manager:1:mail-renewal']);
    const decisions = effectsOf(effects, 'record').filter((e) => e.list === 'decisions');
    assert.deepEqual(decisions, [{
      type: 'record',
      list: 'decisions',
      key: 'decision:case-1:team-manager:1',
      fields: { CaseRef: 'CR-100200', Stage: 'team-manager', Outcome: 'approve', DecidedBy: 'Tara Manager', DecidedById: 'tm-1', OnBehalfOf: null, Comment: null, DecidedAt: '2026-03-03T09:30:00.000Z', Retrospective: false },
    }]);
    assert.deepEqual(effectsOf(effects, 'notify'), [
      { type: 'notify', notice: 'decision-made', to: SW, rules: ['R-SIGN-4'], data: { ref: 'CR-100200', stage: 'team-manager', outcome: 'approve', decidedBy: 'Tara Manager', comment: null, next: 'iro-view' } },
      { type: 'notify', notice: 'iro-informed', to: IRO, rules: ['R-SIGN-4', 'R-UNPL-3'], data: { ref: 'CR-100200', viewRequested: true } },
    ]);
    assert.deepEqual(effectsOf(effects, 'request-approval'), []);
  });

  it("on the IRO's view, asks the Head of Service for written agreement", () => {
    const { state, effects } = step.iroView!;
    assert.equal(state.stage, 'awaiting-head-of-service');
    assert.equal(state.iroView?.view, 'supports the return');
    assert.deepEqual(effectsOf(effects, 'request-approval'), [
      { type: 'request-approval', approvalId: 'case-1:head-of-service:1', stage: 'head-of-service', to: { kind: 'role', role: 'head-of-service' }, rules: ['R-SIGN-4', 'R-UNPL-7'] },
    ]);
    // Tue 3 Mar + 2 working days = Thu 5 Mar; + 5 = Tue 10 Mar.
    assert.deepEqual(scheduled(effects), [
      { id: 'case-1:head-of-service:1:reminder', kind: 'approval-reminder', dueOn: '2026-03-05' },
      { id: 'case-1:head-of-service:1:escalation', kind: 'approval-escalation', dueOn: '2026-03-10' },
      { id: 'case-1:head-of-service:1:mail-renewal', kind: 'approval-mail-renewal', dueOn: '2026-03-31' },
    ]);
  });

  it('on the Head of Service agreement, goes to the Director because R-SIGN-1 and R-SIGN-2 apply', () => {
    const { state, effects } = step.headOfService!;
    assert.equal(state.stage, 'awaiting-director');
    assert.deepEqual(cancelled(effects), ['case-1:head-of-service:1:reminder', 'case-1:head-of-service:1:escalation', 'case-1:head-of-service:1:mail-renewal']);
    assert.deepEqual(effectsOf(effects, 'request-approval'), [
      { type: 'request-approval', approvalId: 'case-1:director:1', stage: 'director', to: { kind: 'role', role: 'director' }, rules: ['R-SIGN-4', 'R-UNPL-7'] },
    ]);
    assert.deepEqual(scheduled(effects), [
      { id: 'case-1:director:1:reminder', kind: 'approval-reminder', dueOn: '2026-03-06' },
      { id: 'case-1:director:1:escalation', kind: 'approval-escalation', dueOn: '2026-03-11' },
      { id: 'case-1:director:1:mail-renewal', kind: 'approval-mail-renewal', dueOn: '2026-04-01' },
    ]);
    const decision = effectsOf(effects, 'record').find((e) => e.list === 'decisions');
    assert.equal(decision?.fields.Stage, 'head-of-service');
    assert.equal(decision?.fields.DecidedBy, 'Hana Head');
  });

  it("records the Director's authorisation as retrospective, since the child is already home (R-SIGN-5)", () => {
    const { state, effects } = step.director!;
    assert.equal(state.stage, 'director-authorised');
    const approval = state.approvals.find((a) => a.approvalId === 'case-1:director:1');
    assert.equal(approval?.decision?.outcome, 'approve');
    assert.equal(approval?.decision?.retrospective, true);
    const decision = effectsOf(effects, 'record').find((e) => e.list === 'decisions');
    assert.equal(decision?.key, 'decision:case-1:director:1');
    assert.equal(decision?.fields.Retrospective, true);
    assert.deepEqual(cancelled(effects), ['case-1:director:1:reminder', 'case-1:director:1:escalation', 'case-1:director:1:mail-renewal']);
  });

  it("ends the care episode only once the Director's agreement is uploaded (R-PLACE-2), telling the IRO, the IRO channel and the team manager", () => {
    const before = step.director!.state;
    const r = refusal(before, events.episodeEnded(false), nowOn('2026-03-05'));
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-PLACE-2');
    const { state, effects } = step.episodeEnded!;
    assert.equal(state.stage, 'episode-ended');
    assert.equal(state.episodeEnded?.directorAgreementUploaded, true);
    // Whether the agencies, and the child and parents (R-VOICE-1), were told goes with the notices, so their words say only what was recorded.
    const data = { ref: 'CR-100200', agenciesInformed: true, familyInformed: true };
    assert.deepEqual(withoutCaseRecord(effects), [
      { type: 'notify', notice: 'care-episode-ended', to: IRO, rules: ['R-SIGN-4', 'R-PLACE-2', 'R-VOICE-1'], data },
      { type: 'notify', notice: 'care-episode-ended', to: { kind: 'iro-channel' }, rules: ['R-SIGN-4', 'R-PLACE-2', 'R-VOICE-1'], data: { ref: 'CR-100200' } },
      { type: 'notify', notice: 'care-episode-ended', to: { kind: 'role', role: 'team-manager' }, rules: ['R-PLACE-2', 'R-VOICE-1'], data },
    ]);
  });

  it('records a visit: cancels its reminder and overdue deadlines and marks its task done', () => {
    const { state, effects } = step.visit1!;
    assert.deepEqual(cancelled(effects), ['case-1:visit:1:reminder', 'case-1:visit:1:overdue']);
    const task = effectsOf(effects, 'record').find((e) => e.list === 'tasks');
    assert.deepEqual(task?.fields, { CaseRef: 'CR-100200', Kind: 'weekly-check-in', DueOn: '2026-03-06', DoneOn: '2026-03-06', Status: 'done', RecordedBy: 'Sam Social', OnBehalfOf: null });
    assert.deepEqual(state.visits[1]?.recordedBy, { id: 'sw-1', name: 'Sam Social' });
  });

  it("asks the Head of Service to consent to ending the placement, then tells the Children's Placement Team (R-PLACE-1)", () => {
    const requested = step.placementEndRequested!;
    assert.equal(requested.state.placement.status, 'consent-requested');
    assert.equal(requested.state.stage, 'episode-ended', 'the placement runs beside the chain');
    assert.deepEqual(effectsOf(requested.effects, 'request-approval'), [
      { type: 'request-approval', approvalId: 'case-1:placement-end:1', stage: 'placement-end', to: { kind: 'role', role: 'head-of-service' }, rules: ['R-PLACE-1'] },
    ]);
    assert.equal(requested.state.approvals.at(-1)?.proposedEndDate, '2026-03-13');
    assert.equal(requested.state.approvals.at(-1)?.round, 0);

    const consent = step.placementConsent!;
    assert.equal(consent.state.placement.status, 'consent-given');
    const data = { ref: 'CR-100200', stage: 'placement-end', outcome: 'approve', decidedBy: 'Hana Head', comment: null };
    assert.deepEqual(effectsOf(consent.effects, 'notify'), [
      { type: 'notify', notice: 'placement-end-confirmed', to: { kind: 'role', role: 'placement-team' }, rules: ['R-PLACE-1'], data: { ...data, proposedEndDate: '2026-03-13' } },
      { type: 'notify', notice: 'decision-made', to: SW, rules: ['R-PLACE-1'], data: { ...data, next: 'placement-team' } },
    ]);
    assert.deepEqual(cancelled(consent.effects), ['case-1:placement-end:1:reminder', 'case-1:placement-end:1:escalation', 'case-1:placement-end:1:mail-renewal']);

    const { recordedBy, ...ended } = step.placementEnded!.state.placement;
    assert.deepEqual(ended, { status: 'ended', endDate: '2026-03-13', carersToldOn: '2026-03-09' });
    assert.ok(recordedBy?.by.id, 'who recorded the end is kept');
  });

  it('refuses a placement end date more than 16 weeks from today, naming the latest it can be (R-PLACE-1, R-PLAN-5): a year typed wrong is not asked for or recorded', () => {
    const asked = refusal(step.visit1!.state, events.placementEndRequested('2062-03-13'), nowOn('2026-03-06'));
    assert.equal(asked.code, 'INVALID_DATE');
    assert.equal(asked.rule, 'R-PLACE-1');
    assert.equal(asked.message, 'The proposed end date (Mon 13 Mar 2062) is more than 16 weeks from today: the latest it can be is Fri 26 Jun 2026. A placement ends when the child goes home, and a planned return takes at most 16 weeks (R-PLAN-5). Check the year and the date; if the end really is further off, ask nearer the time. Nothing was recorded. (R-PLACE-1)');
    // The last day allowed is accepted.
    assert.equal(accept(step.visit1!.state, events.placementEndRequested('2026-06-26'), nowOn('2026-03-06')).state.placement.status, 'consent-requested');
    const recorded = refusal(step.placementConsent!.state, events.placementEnded('2027-03-13', '2026-03-09', ACTORS.cpt), nowOn('2026-03-09'));
    assert.equal(recorded.code, 'INVALID_DATE');
    assert.match(recorded.message, /^The end date \(Sat 13 Mar 2027\) is more than 16 weeks from today: the latest it can be is Mon 29 Jun 2026\. .* record it nearer the time\. Nothing was recorded\. \(R-PLACE-1\)$/);
  });

  it('the social worker is told when the placement team records the end of the placement, since closing waits for it; not when they record it themselves', () => {
    assert.deepEqual(effectsOf(step.placementEnded!.effects, 'notify'), [
      { type: 'notify', notice: 'placement-end-recorded', to: SW, rules: ['R-PLACE-1'], data: { ref: 'CR-100200', by: ACTORS.cpt.name, endDate: '2026-03-13', carersToldOn: '2026-03-09' } },
    ]);
    const bySocialWorker = accept(step.placementConsent!.state, events.placementEnded('2026-03-13', '2026-03-09', ACTORS.sw), nowOn('2026-03-09'));
    assert.deepEqual(effectsOf(bySocialWorker.effects, 'notify'), []);
  });

  it('writes the letter, then the review meeting closes the case (R-UNPL-10)', () => {
    assert.equal(step.letter!.state.letter?.writtenOn, '2026-03-27');
    const { state, effects } = step.review!;
    assert.equal(state.stage, 'closed');
    assert.deepEqual(state.review?.continueWith, ['CIN']);
    const data = { ref: 'CR-100200', continueWith: 'CIN' };
    assert.deepEqual(withoutCaseRecord(effects), [
      { type: 'notify', notice: 'case-closed', to: SW, rules: ['R-UNPL-10'], data },
      { type: 'notify', notice: 'case-closed', to: { kind: 'role', role: 'team-manager' }, rules: ['R-UNPL-10'], data },
      { type: 'notify', notice: 'case-closed', to: IRO, rules: ['R-UNPL-10'], data },
      { type: 'notify', notice: 'case-closed', to: { kind: 'iro-channel' }, rules: ['R-UNPL-10'], data },
    ]);
    assert.equal(caseRow(effects).fields.Stage, 'closed');
  });

  it('keeps the updatedAt of the last accepted event', () => {
    assert.equal(step.review!.state.updatedAt, '2026-03-30T09:30:00.000Z');
    assert.equal(step.review!.state.openedAt, NOW.at);
  });

  it("never puts the child's date of birth in an effect", () => {
    const all = [open.effects, ...Object.values(step).map((s) => s.effects)];
    for (const effects of all) assert.ok(!JSON.stringify(effects).includes(SECRET_DATE_OF_BIRTH));
  });
});

describe('transition: the unplanned pathway, not viable (R-UNPL-8)', () => {
  function notViable(): Accepted {
    const { state } = opened({ facts: HOME_53_DAYS });
    const ready = drive(state, initialSteps()).state;
    return accept(ready, events.assessment({ viable: false, stepdownPlan: [] }));
  }

  it('tells the IRO, the IRO channel, the team manager and the social worker, and opens no approval', () => {
    const { state, effects } = notViable();
    assert.equal(state.stage, 'not-viable');
    assert.deepEqual(state.notViable, { decidedAt: NOW.at, actions: null });
    assert.deepEqual(state.approvals, []);
    const data = { ref: 'CR-100200' };
    assert.deepEqual(withoutCaseRecord(effects), [
      { type: 'notify', notice: 'not-viable', to: IRO, rules: ['R-UNPL-8'], data },
      { type: 'notify', notice: 'not-viable', to: { kind: 'iro-channel' }, rules: ['R-UNPL-8'], data },
      { type: 'notify', notice: 'not-viable', to: { kind: 'role', role: 'team-manager' }, rules: ['R-UNPL-8', 'R-UNPL-2'], data },
      { type: 'notify', notice: 'not-viable', to: SW, rules: ['R-UNPL-8'], data: { ...data, you: true, lpmOrIcpcFlagged: false } },
    ]);
  });

  it('with no IRO named, tells the IRO manager (the IRO role) once, in person, not again in the IRO channel: informing the IRO and the not-viable notice alike', () => {
    const { state } = opened({ facts: HOME_53_DAYS, iro: null });
    const informed = accept(state, events.iroInformed());
    assert.deepEqual(effectsOf(informed.effects, 'notify').map((e) => e.to), [{ kind: 'role', role: 'iro' }]);
    const ready = drive(informed.state, [events.childViews(), events.immediateRisk(), events.parentsConsulted()]).state;
    const { effects } = accept(ready, events.assessment({ viable: false, stepdownPlan: [] }));
    assert.deepEqual(effectsOf(effects, 'notify').filter((e) => e.notice === 'not-viable').map((e) => e.to), [
      { kind: 'role', role: 'iro' },
      { kind: 'role', role: 'team-manager' },
      SW,
    ]);
  });

  it('does not close before the actions are recorded, and needs the child and parents told', () => {
    const { state } = notViable();
    const tooSoon = refusal(state, events.review(NOW.today));
    assert.equal(tooSoon.code, 'STEPS_OUTSTANDING');
    assert.equal(tooSoon.rule, 'R-UNPL-8');
    assert.match(tooSoon.message, /actions taken after the not-viable decision \(R-UNPL-8\)/);

    const untold = refusal(state, events.notViableActions(false));
    assert.equal(untold.code, 'STEPS_OUTSTANDING');
    assert.equal(untold.rule, 'R-UNPL-8');

    const withActions = accept(state, events.notViableActions(true)).state;
    assert.equal(withActions.notViable?.actions?.childAndParentsTold, true);
    assert.equal(withActions.notViable?.actions?.childProtectionConferenceBooked, true);
    assert.equal(refusal(withActions, events.notViableActions(true)).code, 'ALREADY_DONE');

    // The child is home, so the visits and the placement still come first (R-VISIT-1, R-PLACE-1).
    const visitsOpen = refusal(withActions, events.review(NOW.today));
    assert.equal(visitsOpen.code, 'STEPS_OUTSTANDING');
    assert.match(visitsOpen.message, /5 outstanding visits \(R-VISIT-1\)/);
    assert.doesNotMatch(visitsOpen.message, /R-UNPL-8/);
  });

  it('closes a not-viable case for a child still in care once the actions are recorded', () => {
    const { state } = opened({ facts: { accommodatedOn: '2026-01-05', returnedHomeOn: null } });
    const decided = drive(state, [...initialSteps(), events.assessment({ form: 'child-and-family-reassessment', viable: false, stepdownPlan: [] })]).state;
    assert.equal(decided.stage, 'not-viable');
    const closed = drive(decided, [events.notViableActions(true), events.review(NOW.today)]).state;
    assert.equal(closed.stage, 'closed');
  });

  it('refuses the not-viable actions on a case that has no not-viable decision', () => {
    const { state } = opened({ facts: HOME_53_DAYS });
    const r = refusal(state, events.notViableActions(true));
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-UNPL-8');
  });
});

describe('transition: the unplanned pathway, IRO view before the team manager', () => {
  it('goes straight to the Head of Service when the IRO view is already in', () => {
    const { state } = opened({ facts: HOME_53_DAYS });
    const submitted = drive(state, [...initialSteps(), events.assessment(), events.iroView()]).state;
    assert.equal(submitted.stage, 'awaiting-team-manager', 'the IRO view alone does not move the chain');
    const agreed = accept(submitted, events.decision(pending(submitted, 'team-manager').approvalId, ACTORS.tm));
    assert.equal(agreed.state.stage, 'awaiting-head-of-service');
    assert.deepEqual(effectsOf(agreed.effects, 'request-approval').map((e) => e.approvalId), ['case-1:head-of-service:1']);
    assert.ok(!effectsOf(agreed.effects, 'notify').some((e) => e.notice === 'iro-informed'));
  });

  it('L3 lets the social worker record the IRO view only as given to them orally by the IRO, and only after the IRO is informed', () => {
    const { state } = opened({ facts: HOME_53_DAYS });
    const oral = (): CaseEvent => ({ ...events.iroView(ACTORS.sw), givenOrally: true } as CaseEvent);
    const r = refusal(state, oral());
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-UNPL-3');
    const informed = accept(state, events.iroInformed()).state;
    const own = refusal(informed, events.iroView(ACTORS.sw));
    assert.equal(own.code, 'NOT_YOUR_ROLE');
    assert.equal(own.rule, 'R-SIGN-4');
    assert.match(own.message, /Only the IRO, or their deputy, can give the IRO's view/);
    const oralResult = accept(informed, oral());
    assert.equal(oralResult.action, "IRO's view recorded, as the IRO gave it orally to the social worker", 'the audit trail says whose words they are');
    const recorded = oralResult.state.iroView;
    assert.equal(recorded?.by.id, 'sw-1');
    assert.equal(recorded?.givenOrally, true, 'named as given orally');
    const byIro = accept(informed, { ...events.iroView(), givenOrally: true } as CaseEvent).state.iroView;
    assert.equal(byIro?.by.id, ACTORS.iro.id);
    assert.equal(byIro?.givenOrally, undefined, "the IRO's own view is not marked oral, even if the box was ticked");
  });
});
