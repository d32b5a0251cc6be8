import { strict as assert } from 'node:assert';
import { CaseState, FRAMEWORK_EVIDENCE } from '../../src/protocol';
import {
  accept,
  ACTORS,
  drive,
  effectsOf,
  events,
  nowOn,
  opened,
  pending,
  refusal,
  withoutCaseRecord,
} from './support/case-fixtures';

const PLANNED = { pathway: 'planned', accommodatedOn: '2026-01-05', returnedHomeOn: null } as const;
/** 7 years old on 2 March 2026: outside Edge of Care's 8–17 (R-PLAN-2). */
const SEVEN_YEAR_OLD = { ...PLANNED, dateOfBirth: '2018-06-01' } as const;

function plannedCase(facts: Record<string, unknown> = PLANNED): CaseState {
  return opened({ facts }).state;
}

/** Framework work started, every piece of evidence in, views and IRO done: ready for the assessment. */
function plannedReady(facts: Record<string, unknown> = PLANNED): CaseState {
  return drive(plannedCase(facts), [
    events.reunificationStarted('2026-02-16', 'framework'),
    ...FRAMEWORK_EVIDENCE.map((e) => events.evidence(e)),
    events.childViews(),
    events.parentsConsulted(),
    events.iroInformed(),
  ]).state;
}

/** …its assessment agreed by the team manager, the IRO's view in and the Head of Service agreed: the return is agreed, the Director's authorisation waits. */
function plannedAgreed(): CaseState {
  const submitted = drive(plannedReady(), [events.iroView(), events.assessment({ form: 'child-and-family-reassessment' })]).state;
  const tmAgreed = accept(submitted, events.decision(pending(submitted, 'team-manager').approvalId, ACTORS.tm)).state;
  return accept(tmAgreed, events.decision(pending(tmAgreed, 'head-of-service').approvalId, ACTORS.hos)).state;
}

describe('transition: the planned pathway (reunification)', () => {
  it('opens with no trigger and no visits', () => {
    const { state, effects } = opened({ facts: PLANNED, trigger: 'consent-withdrawn' });
    assert.equal(state.pathway, 'planned');
    assert.equal(state.trigger, null, 'a trigger belongs only to the unplanned pathway');
    assert.deepEqual(state.visits, []);
    assert.deepEqual(effectsOf(effects, 'schedule-deadline'), []);
  });

  it('schedules the 16-week horizon (+112 days) and its warning 14 days before when reunification starts (R-PLAN-5)', () => {
    const { state, effects } = accept(plannedCase(), events.reunificationStarted('2026-02-16', 'framework'));
    assert.equal(state.facts.reunificationStartedOn, '2026-02-16');
    assert.equal(state.steps.reunification?.edgeOfCare, 'framework');
    const data = { ref: 'CR-100200', horizon: '2026-06-08' };
    assert.deepEqual(withoutCaseRecord(effects), [
      { type: 'schedule-deadline', deadlineId: 'case-1:planned-horizon:nearing', kind: 'planned-horizon-nearing', dueOn: '2026-05-25', data },
      { type: 'schedule-deadline', deadlineId: 'case-1:planned-horizon:reached', kind: 'planned-horizon-reached', dueOn: '2026-06-08', data },
    ]);
  });

  it('tells the social worker and team manager when the horizon nears, until the child is home', () => {
    const started = accept(plannedCase(), events.reunificationStarted('2026-02-16', 'framework'));
    const nearing = effectsOf(started.effects, 'schedule-deadline')[0]!;
    const warned = accept(started.state, events.deadline(nearing), nowOn('2026-05-25'));
    assert.deepEqual(withoutCaseRecord(warned.effects).map((e) => e.type === 'notify' && [e.notice, e.to, e.rules, e.data.horizon]), [
      ['planned-horizon-nearing', { kind: 'person', id: 'sw-1', name: 'Sam Social' }, ['R-PLAN-5'], '2026-06-08'],
      ['planned-horizon-nearing', { kind: 'role', role: 'team-manager' }, ['R-PLAN-5'], '2026-06-08'],
    ]);
    // Home once the Head of Service has agreed the return (the same horizon deadlines: the same start date).
    const home = accept(plannedAgreed(), events.returnedHome('2026-03-01'));
    assert.deepEqual(accept(home.state, events.deadline(nearing), nowOn('2026-05-25')).effects, []);
  });

  it('sends no warning fired on or after the horizon itself (catching up after downtime): the notice that it is reached says more', () => {
    const started = accept(plannedCase(), events.reunificationStarted('2026-02-16', 'framework'));
    const [nearing, reached] = effectsOf(started.effects, 'schedule-deadline');
    assert.equal(effectsOf(accept(started.state, events.deadline(nearing!), nowOn('2026-06-07')).effects, 'notify').length, 2, 'late, but before the horizon: sent');
    const late = accept(started.state, events.deadline(nearing!), nowOn('2026-06-08'));
    assert.deepEqual(late.effects, []);
    assert.match(late.action, /no longer applies: the 16-week horizon 2026-06-08 has been reached: that notice is sent instead/);
    assert.deepEqual(effectsOf(accept(started.state, events.deadline(reached!), nowOn('2026-06-08')).effects, 'notify').map((e) => e.notice), ['planned-horizon-reached', 'planned-horizon-reached']);
  });

  it('schedules the visits and cancels the horizon when the child goes home, once the return is agreed', () => {
    const agreed = plannedAgreed();
    assert.equal(agreed.stage, 'awaiting-director');
    const { state, effects } = accept(agreed, events.returnedHome('2026-03-01'));
    assert.equal(state.facts.returnedHomeOn, '2026-03-01');
    assert.deepEqual(state.visits.map((v) => v.due), ['2026-03-04', '2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']);
    assert.equal(effectsOf(effects, 'schedule-deadline').length, 10);
    assert.deepEqual(effectsOf(effects, 'cancel-deadline').map((e) => e.deadlineId), ['case-1:planned-horizon:nearing', 'case-1:planned-horizon:reached']);
    assert.equal(refusal(state, events.returnedHome('2026-03-01')).code, 'ALREADY_DONE');
  });

  it('refuses the return home before the Head of Service has agreed it: going home sooner is an unplanned return (R-SCOPE-3)', () => {
    const submitted = accept(plannedReady(), events.assessment({ form: 'child-and-family-reassessment' })).state;
    for (const early of [plannedCase(), plannedReady(), submitted]) {
      const r = refusal(early, events.returnedHome('2026-03-01'));
      assert.equal(r.code, 'RETURN_NOT_AGREED');
      assert.equal(r.rule, 'R-SCOPE-3');
      assert.match(r.message, /On a planned return the child goes home once the Head of Service has agreed the return \(R-SIGN-4\)/);
      assert.match(r.message, /press "Move to the unplanned pathway" on the case card and choose what happened, then record the return home \(R-SCOPE-3\)\.$/);
    }
    // The way the rule asks: moved to the unplanned pathway, the return home is recorded.
    const moved = accept(submitted, events.toUnplanned('returned-without-agreement')).state;
    assert.equal(accept(moved, events.returnedHome('2026-03-01')).state.facts.returnedHomeOn, '2026-03-01');
  });

  it('needs the four framework evidence items before the assessment, naming each with R-PLAN-3', () => {
    const started = drive(plannedCase(), [events.reunificationStarted('2026-02-16', 'framework'), events.childViews(), events.parentsConsulted(), events.iroInformed()]).state;
    const r = refusal(started, events.assessment({ form: 'child-and-family-reassessment' }));
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-PLAN-3');
    for (const name of ['analytical chronology', 'themes and patterns document', 'risk classification meeting', 'co-produced return home plan']) {
      assert.match(r.message, new RegExp(`upload the ${name} \\(R-PLAN-3\\)`));
    }
    const threeOfFour = drive(started, FRAMEWORK_EVIDENCE.slice(0, 3).map((e) => events.evidence(e))).state;
    const last = refusal(threeOfFour, events.assessment({ form: 'child-and-family-reassessment' }));
    assert.equal(last.code, 'STEPS_OUTSTANDING');
    assert.match(last.message, /co-produced return home plan/);
    assert.doesNotMatch(last.message, /analytical chronology/);
    const ready = accept(threeOfFour, events.evidence('return-home-plan')).state;
    assert.equal(accept(ready, events.assessment({ form: 'child-and-family-reassessment' })).state.stage, 'awaiting-team-manager');
  });

  it('asks for the start of reunification work and the views before the assessment (R-PLAN-1, R-PLAN-6)', () => {
    const r = refusal(plannedCase(), events.assessment());
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-PLAN-1');
    assert.match(r.message, /record that reunification work has started \(R-PLAN-1\)/);
    assert.match(r.message, /record the child's views \(R-PLAN-6\)/);
    assert.match(r.message, /inform the IRO \(R-PLAN-6\)/);
    assert.doesNotMatch(r.message, /immediate risk/, 'the immediate risk check belongs to the unplanned pathway');
  });

  it("informs the IRO under the planned pathway's own rule (R-PLAN-6), not the unplanned pathway's R-UNPL-3", () => {
    const { state, effects } = accept(plannedCase(), events.iroInformed());
    assert.deepEqual(effectsOf(effects, 'notify').map((e) => [e.notice, e.to.kind, e.rules]), [
      ['iro-informed', 'person', ['R-PLAN-6']],
      ['iro-informed', 'iro-channel', ['R-PLAN-6']],
    ]);
    const again = refusal(state, events.iroInformed());
    assert.deepEqual([again.code, again.rule], ['ALREADY_DONE', 'R-PLAN-6']);
    const viewTooSoon = refusal(plannedCase(), events.iroView());
    assert.deepEqual([viewTooSoon.code, viewTooSoon.rule], ['OUT_OF_ORDER', 'R-PLAN-6']);

    // Asked for their view once the team manager agrees: the sign-off chain's rule and the planned one.
    const submitted = accept(plannedReady(), events.assessment({ form: 'child-and-family-reassessment' })).state;
    const agreed = accept(submitted, events.decision(pending(submitted, 'team-manager').approvalId, ACTORS.tm));
    assert.equal(agreed.state.stage, 'awaiting-iro-view');
    assert.deepEqual(effectsOf(agreed.effects, 'notify').filter((e) => e.notice === 'iro-informed').map((e) => e.rules), [['R-SIGN-4', 'R-PLAN-6']]);
  });

  it('refuses duplicate evidence, and evidence without the framework', () => {
    const framework = drive(plannedCase(), [events.reunificationStarted('2026-02-16', 'framework'), events.evidence('themes-and-patterns')]).state;
    assert.equal(refusal(framework, events.evidence('themes-and-patterns')).code, 'ALREADY_DONE');
    const support = accept(plannedCase(), events.reunificationStarted('2026-02-16', 'support-only')).state;
    const r = refusal(support, events.evidence('themes-and-patterns'));
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-PLAN-3');
  });

  it('refuses Edge of Care for a 7-year-old unless it is consultation (R-PLAN-2)', () => {
    const young = plannedCase(SEVEN_YEAR_OLD);
    for (const involvement of ['framework', 'support-only'] as const) {
      const r = refusal(young, events.reunificationStarted('2026-02-16', involvement));
      assert.equal(r.code, 'OUT_OF_ORDER');
      assert.equal(r.rule, 'R-PLAN-2');
    }
    const consulted = accept(young, events.reunificationStarted('2026-02-16', 'consultation')).state;
    assert.equal(consulted.steps.reunification?.edgeOfCare, 'consultation');
    // No framework evidence is needed for consultation.
    const ready = drive(consulted, [events.childViews(), events.parentsConsulted(), events.iroInformed()]).state;
    assert.equal(accept(ready, events.assessment({ form: 'child-and-family-reassessment' })).state.stage, 'awaiting-team-manager');
  });

  it('refuses reunification work twice, with a future start, or on the unplanned pathway', () => {
    const started = accept(plannedCase(), events.reunificationStarted('2026-02-16')).state;
    assert.equal(refusal(started, events.reunificationStarted('2026-02-17')).code, 'ALREADY_DONE');
    const future = refusal(plannedCase(), events.reunificationStarted('2026-03-03'));
    assert.equal(future.code, 'INVALID_DATE');
    assert.equal(refusal(plannedCase(), events.reunificationStarted('2026-01-04')).code, 'INVALID_DATE');
    const unplanned = opened({ facts: { accommodatedOn: '2026-01-05' } }).state;
    assert.equal(refusal(unplanned, events.reunificationStarted('2026-02-16')).code, 'OUT_OF_ORDER');
  });
});

describe('transition: moving from planned to unplanned mid-chain (R-SCOPE-3)', () => {
  /** Planned, agreed by the team manager, IRO view in: a Head of Service approval is pending. */
  function midChain(): CaseState {
    const submitted = drive(plannedReady(), [events.iroView(), events.assessment({ form: 'child-and-family-reassessment' })]).state;
    return accept(submitted, events.decision(pending(submitted, 'team-manager').approvalId, ACTORS.tm)).state;
  }

  it('withdraws the pending approval and its deadlines, records the change and returns to preparing', () => {
    const before = midChain();
    assert.equal(before.stage, 'awaiting-head-of-service');
    const hosId = pending(before, 'head-of-service').approvalId;
    const at = nowOn('2026-03-03');
    const { state, effects } = accept(before, events.toUnplanned('consent-withdrawn'), at);
    assert.equal(state.stage, 'preparing');
    assert.equal(state.pathway, 'unplanned');
    assert.equal(state.trigger, 'consent-withdrawn');
    assert.deepEqual(state.pathwayChanges, [{ from: 'planned', to: 'unplanned', trigger: 'consent-withdrawn', at: at.at, by: { id: 'sw-1', name: 'Sam Social' } }]);
    const withdrawn = state.approvals.find((a) => a.approvalId === hosId);
    assert.equal(withdrawn?.cancelledAt, at.at);
    assert.equal(withdrawn?.decision, null);
    assert.equal(state.approvals.find((a) => a.stage === 'team-manager')?.decision?.outcome, 'approve', 'decided approvals stay as they were');
    assert.deepEqual(effectsOf(effects, 'cancel-deadline').map((e) => e.deadlineId), [
      `${hosId}:reminder`,
      `${hosId}:escalation`,
      `${hosId}:mail-renewal`,
      'case-1:planned-horizon:nearing',
      'case-1:planned-horizon:reached',
    ]);
    const data = { ref: 'CR-100200', trigger: 'consent-withdrawn' };
    assert.deepEqual(effectsOf(effects, 'notify'), [
      { type: 'notify', notice: 'pathway-changed', to: { kind: 'person', id: 'iro-1', name: 'Ivy Reviewing' }, rules: ['R-SCOPE-3', 'R-UNPL-3'], data },
      { type: 'notify', notice: 'pathway-changed', to: { kind: 'role', role: 'team-manager' }, rules: ['R-SCOPE-3'], data },
      // The Head of Service whose request was withdrawn is told too, not left with a request they can no longer decide.
      { type: 'notify', notice: 'pathway-changed', to: { kind: 'role', role: 'head-of-service' }, rules: ['R-SCOPE-3'], data: { ...data, requestWithdrawn: true } },
    ]);
  });

  it('refuses a later decision on the withdrawn approval', () => {
    const before = midChain();
    const hosId = pending(before, 'head-of-service').approvalId;
    const moved = accept(before, events.toUnplanned()).state;
    const r = refusal(moved, events.decision(hosId, ACTORS.hos));
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-SCOPE-3');
    assert.match(r.message, /withdrawn/);
  });

  it('asks for the unplanned steps it lacks, then opens round 2 with a new team manager approval', () => {
    const moved = accept(midChain(), events.toUnplanned('young-person-left')).state;
    const r = refusal(moved, events.assessment({ form: 'child-and-family-reassessment' }));
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-UNPL-2');
    assert.match(r.message, /immediate risk check \(R-UNPL-2\)/);
    const ready = accept(moved, events.immediateRisk()).state;
    const { state, effects } = accept(ready, events.assessment({ form: 'child-and-family-reassessment' }));
    assert.equal(state.assessment?.round, 2);
    const tm = pending(state, 'team-manager');
    assert.equal(tm.approvalId, 'case-1:team-manager:2');
    assert.equal(tm.round, 2);
    assert.deepEqual(effectsOf(effects, 'request-approval').map((e) => e.approvalId), ['case-1:team-manager:2']);
  });

  it("refuses the move while the Director's authorisation waits, as at head-of-service-agreed: the Head of Service has agreed the return (R-SIGN-4), and a child going home sooner makes it retrospective (R-SIGN-5)", () => {
    const atDirector = plannedAgreed();
    assert.equal(atDirector.stage, 'awaiting-director');
    const r = refusal(atDirector, events.toUnplanned());
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-SIGN-4');
    assert.equal(r.message, "The Head of Service has already agreed the return home, so the pathway can no longer change (R-SIGN-4). If the child goes home sooner than planned, record the return home from the case card: the visits follow from that day (R-VISIT-1). The Director's authorisation still waits: given after the child has gone home, it is retrospective (R-SIGN-5).");
    // Which the case then allows: the return home, and the Director's request still waiting for them.
    const home = accept(atDirector, events.returnedHome('2026-03-01')).state;
    const authorised = accept(home, events.decision(pending(home, 'director').approvalId, ACTORS.director)).state;
    assert.equal(authorised.approvals.find((a) => a.stage === 'director')?.decision?.retrospective, true);
  });

  it('keeps a pending placement-end request: it is not part of the sign-off chain', () => {
    // A planned case opened with the child already home by an earlier release (refused now, R-SCOPE-3): the placement's end can be asked for mid-chain.
    const openedHome = plannedReady({ ...PLANNED, returnedHomeOn: null });
    openedHome.facts.returnedHomeOn = '2026-03-01';
    const hosPending = drive(openedHome, [events.iroView(), events.assessment({ form: 'child-and-family-reassessment' })]).state;
    const home = accept(hosPending, events.decision(pending(hosPending, 'team-manager').approvalId, ACTORS.tm)).state;
    const requested = accept(home, events.placementEndRequested('2026-03-20')).state;
    const moved = accept(requested, events.toUnplanned()).state;
    const placement = moved.approvals.find((a) => a.stage === 'placement-end');
    assert.equal(placement?.cancelledAt, null);
    assert.equal(moved.placement.status, 'consent-requested');
  });

  it('refuses the move once the Head of Service has agreed, and a second move', () => {
    const hosPending = midChain();
    const agreed = accept(hosPending, events.decision(pending(hosPending, 'head-of-service').approvalId, ACTORS.hos)).state;
    const director = accept(agreed, events.decision(pending(agreed, 'director').approvalId, ACTORS.director)).state;
    assert.equal(director.stage, 'director-authorised');
    const late = refusal(director, events.toUnplanned());
    assert.equal(late.code, 'OUT_OF_ORDER');
    assert.equal(late.rule, 'R-SIGN-4');
    assert.match(late.message, /The Head of Service has already agreed the return home, so the pathway can no longer change \(R-SIGN-4\)/);
    const moved = accept(plannedCase(), events.toUnplanned()).state;
    assert.equal(refusal(moved, events.toUnplanned()).code, 'ALREADY_DONE');
  });

  it('refuses the move after a not-viable decision, saying so', () => {
    const notViable = accept(plannedReady(), events.assessment({ form: 'child-and-family-reassessment', viable: false, stepdownPlan: [] })).state;
    const r = refusal(notViable, events.toUnplanned());
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.match(r.message, /not viable/);
  });

  it('lets only the social worker or team manager change the pathway', () => {
    const r = refusal(plannedCase(), events.toUnplanned('consent-withdrawn', ACTORS.hos));
    assert.equal(r.code, 'NOT_YOUR_ROLE');
    assert.equal(r.rule, 'R-SCOPE-3');
    assert.equal(accept(plannedCase(), events.toUnplanned('consent-withdrawn', ACTORS.tm)).state.pathway, 'unplanned');
  });
});
