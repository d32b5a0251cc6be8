/** "Reject" is a final no, unlike "Request changes" (issue 12); the risk check's answers count on the not-viable route. */
import { strict as assert } from 'node:assert';
import { CaseState } from '../../src/protocol';
import {
  accept,
  ACTORS,
  awaitingDirector,
  awaitingHeadOfService,
  drive,
  effectsOf,
  events,
  opened,
  pending,
  plannedReadyForAssessment,
  readyForAssessment,
  refusal,
} from './support/case-fixtures';

/** Accommodated 20 Feb, not home: 10 days in care on 2 March. */
const NOT_HOME = { accommodatedOn: '2026-02-20', returnedHomeOn: null } as const;

function submittedNotHome(): CaseState {
  return accept(readyForAssessment({ facts: NOT_HOME }), events.assessment()).state;
}

/** A planned return, not home: the parents still agree to S20, so a final no leaves the child accommodated. */
function plannedSubmitted(): CaseState {
  return accept(plannedReadyForAssessment(), events.assessment()).state;
}

describe('transition: a final no (Reject) and a request for changes are different', () => {
  it('a rejection of a child still accommodated on a planned return ends the request: the case closes with the comment as its reason', () => {
    const { state, effects } = accept(plannedSubmitted(), events.decision('case-1:team-manager:1', ACTORS.tm, 'reject', 'not safe: the home is not ready'));
    assert.equal(state.stage, 'closed');
    assert.equal(state.closure?.reason, 'rejected');
    assert.equal(state.closure?.why, 'not safe: the home is not ready');
    assert.equal(state.closure?.fromStage, 'awaiting-team-manager');
    assert.equal(state.notViable, null);
    const notices = effectsOf(effects, 'notify');
    assert.deepEqual(notices.map((n) => [n.notice, n.to.kind]), [['return-rejected', 'person'], ['return-rejected', 'person'], ['return-rejected', 'iro-channel']]);
    assert.equal(notices[0]?.data.you, true, 'the social worker is spoken to');
    assert.equal(notices[0]?.data.home, false);
    assert.deepEqual(effectsOf(effects, 'request-approval'), [], 'nothing goes round again');
    const r = refusal(state, events.assessment());
    assert.equal(r.code, 'CASE_CLOSED');
  });

  it('a rejection of an unplanned return with the child not home yet starts the not-viable route too: the parents have withdrawn their agreement, so the child cannot simply stay in care (R-UNPL-8)', () => {
    const { state, effects, action } = accept(submittedNotHome(), events.decision('case-1:team-manager:1', ACTORS.tm, 'reject', 'not safe: the home is not ready'));
    assert.equal(state.stage, 'not-viable');
    assert.equal(state.closure ?? null, null);
    assert.equal(state.notViable?.rejectedBy, 'case-1:team-manager:1');
    assert.match(action, /the return is unplanned, so the child cannot simply stay in care, so the not-viable actions follow \(R-UNPL-8\)/);
    const toSw = effectsOf(effects, 'notify').find((n) => n.to.kind === 'person' && n.to.id === 'sw-1');
    assert.deepEqual(toSw?.rules, ['R-SIGN-4', 'R-UNPL-8']);
    assert.deepEqual([toSw?.data.home, toSw?.data.trigger], [false, 'consent-withdrawn']);
    assert.ok(effectsOf(effects, 'notify').some((n) => n.to.kind === 'iro-channel' && n.data.trigger === 'consent-withdrawn'), 'the IRO is told why');
    assert.equal(accept(state, events.notViableActions()).state.notViable?.actions?.childAndParentsTold, true);
  });

  it('a rejection of a child already home starts the not-viable route of R-UNPL-8', () => {
    const { state, effects } = accept(awaitingDirector(), events.decision('case-1:director:1', ACTORS.director, 'reject', 'not safe yet'));
    assert.equal(state.stage, 'not-viable');
    assert.equal(state.notViable?.rejectedBy, 'case-1:director:1');
    assert.equal(state.notViable?.actions, null);
    const toSw = effectsOf(effects, 'notify').find((n) => n.to.kind === 'person' && n.to.id === 'sw-1');
    assert.deepEqual(toSw?.rules, ['R-SIGN-4', 'R-UNPL-7', 'R-UNPL-8']);
    assert.equal(toSw?.data.home, true);
    assert.ok(effectsOf(effects, 'notify').some((n) => n.to.kind === 'role' && n.to.role === 'team-manager'), 'the team manager is told when someone above them rejects');
    assert.ok(effectsOf(effects, 'notify').some((n) => n.notice === 'return-rejected' && n.to.kind === 'person' && n.to.id === ACTORS.hos.id), "the Head of Service, who agreed in writing, is told the Director rejected it");
    const actions = accept(state, events.notViableActions());
    assert.equal(actions.state.notViable?.actions?.childAndParentsTold, true);
  });

  it("the Director's rejection of a child still accommodated is told to the Head of Service who agreed in writing, by name; a Head of Service's own rejection is not told back to them", () => {
    const notHome = awaitingDirector({ facts: { returnedHomeOn: null } });
    const byDirector = effectsOf(accept(notHome, events.decision(pending(notHome, 'director').approvalId, ACTORS.director, 'reject', 'not safe yet')).effects, 'notify');
    assert.deepEqual(byDirector.filter((n) => n.to.kind !== 'iro-channel' && !(n.to.kind === 'person' && ['sw-1', 'iro-1'].includes(n.to.id))).map((n) => [n.notice, n.to]), [['return-rejected', { kind: 'role', role: 'team-manager' }], ['return-rejected', { kind: 'person', id: ACTORS.hos.id, name: ACTORS.hos.name }]]);
    const atHos = awaitingHeadOfService({ facts: { returnedHomeOn: null } });
    const byHos = effectsOf(accept(atHos, events.decision(pending(atHos, 'head-of-service').approvalId, ACTORS.hos, 'reject', 'not safe yet')).effects, 'notify');
    assert.deepEqual(byHos.filter((n) => n.to.kind !== 'iro-channel' && !(n.to.kind === 'person' && ['sw-1', 'iro-1'].includes(n.to.id))).map((n) => [n.notice, n.to]), [['return-rejected', { kind: 'role', role: 'team-manager' }]]);
  });

  it('a request for changes sends it back to the social worker, as before', () => {
    const state = accept(submittedNotHome(), events.decision('case-1:team-manager:1', ACTORS.tm, 'request-changes', 'add the school')).state;
    assert.equal(state.stage, 'revising');
    assert.equal(state.closure ?? null, null);
  });

  it('a rejection needs a comment, like a request for changes', () => {
    const r = refusal(submittedNotHome(), events.decision('case-1:team-manager:1', ACTORS.tm, 'reject', '  '));
    assert.equal(r.code, 'COMMENT_REQUIRED');
  });

  it('a rejection while the IRO view is awaited is not possible: only an open request can be rejected', () => {
    const tmAgreed = accept(submittedNotHome(), events.decision('case-1:team-manager:1', ACTORS.tm)).state;
    const r = refusal(tmAgreed, events.decision('case-1:team-manager:1', ACTORS.tm, 'reject', 'changed my mind'));
    assert.equal(r.code, 'ALREADY_DECIDED');
    assert.equal(pending(accept(tmAgreed, events.iroView()).state, 'head-of-service').stage, 'head-of-service');
  });
});

describe('transition: the immediate risk check counts on the not-viable route (R-UNPL-2, R-UNPL-8)', () => {
  function notViable(needs: boolean): CaseState {
    const { state } = opened({ facts: NOT_HOME });
    const view = needs ? [events.riskView(ACTORS.tm, true)] : [];
    const steps = [events.childViews(), events.immediateRisk(undefined, needs), ...view, events.iroInformed(), events.parentsConsulted()];
    return drive(state, [...steps, events.assessment({ viable: false, stepdownPlan: [] })]).state;
  }

  it('refuses the actions without the LPM and ICPC bookings the risk check said were needed', () => {
    const state = notViable(true);
    const r = refusal(state, { type: 'NotViableActionsRecorded', actor: ACTORS.sw, childAndParentsTold: true, childProtectionConferenceBooked: true, legalPlanningMeetingBooked: false, notes: '' });
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-UNPL-8');
    assert.match(r.message, /R-UNPL-2\) said a Legal Planning Meeting is needed/);
    const done = accept(state, { type: 'NotViableActionsRecorded', actor: ACTORS.sw, childAndParentsTold: true, childProtectionConferenceBooked: true, legalPlanningMeetingBooked: true, notes: '' });
    assert.equal(done.state.notViable?.actions?.legalPlanningMeetingBooked, true);
  });

  it('does not ask for bookings the risk check did not call for', () => {
    const state = notViable(false);
    accept(state, { type: 'NotViableActionsRecorded', actor: ACTORS.sw, childAndParentsTold: true, childProtectionConferenceBooked: false, legalPlanningMeetingBooked: false, notes: '' });
  });

  it('a flag the manager consulted did not agree with asks for no booking: the view is theirs', () => {
    const { state } = opened({ facts: NOT_HOME });
    const steps = [events.childViews(), events.immediateRisk(undefined, true), events.iroInformed(), events.parentsConsulted()];
    const waiting = drive(state, steps).state;
    assert.equal(waiting.steps.immediateRisk?.viewAwaited, true);
    assert.equal(refusal(waiting, events.riskView(ACTORS.sw, false)).code, 'NOT_YOUR_ROLE');
    const notViable = drive(waiting, [events.riskView(ACTORS.tm, false), events.assessment({ viable: false, stepdownPlan: [] })]).state;
    accept(notViable, { type: 'NotViableActionsRecorded', actor: ACTORS.sw, childAndParentsTold: true, childProtectionConferenceBooked: false, legalPlanningMeetingBooked: false, notes: '' });
  });

  it('tells the social worker, in the second person, when the risk check flagged a meeting', () => {
    const { state } = opened({ facts: NOT_HOME });
    const ready = drive(state, [events.childViews(), events.immediateRisk(undefined, true), events.riskView(ACTORS.tm, true), events.iroInformed(), events.parentsConsulted()]).state;
    const { effects } = accept(ready, events.assessment({ viable: false, stepdownPlan: [] }));
    const toSw = effectsOf(effects, 'notify').find((n) => n.to.kind === 'person' && n.to.id === 'sw-1');
    assert.deepEqual(toSw?.data, { ref: 'CR-100200', you: true, lpmOrIcpcFlagged: true });
  });
});
