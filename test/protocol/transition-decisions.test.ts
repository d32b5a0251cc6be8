import { strict as assert } from 'node:assert';
import { CaseState } from '../../src/protocol';
import {
  accept,
  actor,
  ACTORS,
  awaitingDirector,
  awaitingHeadOfService,
  effectsOf,
  events,
  HOME_53_DAYS,
  opened,
  pending,
  PEOPLE,
  readyForAssessment,
} from './support/case-fixtures';

const SW = { kind: 'person', id: 'sw-1', name: 'Sam Social' } as const;

function submitted(): CaseState {
  return accept(readyForAssessment(), events.assessment()).state;
}

describe('transition: requests for changes and rejections', () => {
  it("a team manager's request for changes sends the case back to the social worker with the comment", () => {
    const state = submitted();
    const { state: next, effects } = accept(state, events.decision('case-1:team-manager:1', ACTORS.tm, 'request-changes', '  add the school plan  '));
    assert.equal(next.stage, 'revising');
    const decision = next.approvals[0]?.decision;
    assert.equal(decision?.outcome, 'request-changes');
    assert.equal(decision?.comment, 'add the school plan');
    assert.deepEqual(effectsOf(effects, 'cancel-deadline').map((e) => e.deadlineId), ['case-1:team-manager:1:reminder', 'case-1:team-manager:1:escalation']);
    assert.deepEqual(effectsOf(effects, 'notify'), [
      { type: 'notify', notice: 'changes-requested', to: SW, rules: ['R-SIGN-4'], data: { ref: 'CR-100200', stage: 'team-manager', outcome: 'request-changes', decidedBy: 'Tara Manager', comment: 'add the school plan' } },
    ]);
    const record = effectsOf(effects, 'record').find((e) => e.list === 'decisions');
    assert.equal(record?.fields.Outcome, 'request-changes');
    assert.equal(record?.fields.Comment, 'add the school plan');
    assert.deepEqual(effectsOf(effects, 'request-approval'), []);
  });

  it('while revising, the social worker may update the steps, and resubmission opens round 2 with a new approval', () => {
    const revising = accept(submitted(), events.decision('case-1:team-manager:1', ACTORS.tm, 'request-changes', 'add the school plan')).state;
    const updated = accept(revising, events.childViews()).state;
    assert.equal(updated.stage, 'revising');
    const { state, effects } = accept(updated, events.assessment({ form: 'child-and-family-reassessment' }));
    assert.equal(state.stage, 'awaiting-team-manager');
    assert.equal(state.assessment?.round, 2);
    assert.equal(state.assessment?.form, 'child-and-family-reassessment');
    const tm = pending(state, 'team-manager');
    assert.equal(tm.approvalId, 'case-1:team-manager:2');
    assert.equal(tm.round, 2);
    assert.deepEqual(effectsOf(effects, 'request-approval'), [
      { type: 'request-approval', approvalId: 'case-1:team-manager:2', stage: 'team-manager', to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] },
    ]);
    assert.deepEqual(effectsOf(effects, 'schedule-deadline').map((e) => e.deadlineId), ['case-1:team-manager:2:reminder', 'case-1:team-manager:2:escalation']);
    assert.equal(state.approvals.length, 2, 'the first round stays on the record');
  });

  it("a Head of Service's rejection goes back to revising; the next round runs the chain again from the team manager", () => {
    const hosPending = awaitingHeadOfService();
    const rejected = accept(hosPending, events.decision('case-1:head-of-service:1', ACTORS.hos, 'reject', 'risk analysis too thin'));
    assert.equal(rejected.state.stage, 'revising');
    assert.deepEqual(effectsOf(rejected.effects, 'notify').map((e) => [e.notice, e.to, e.rules, e.data.comment]), [
      ['changes-requested', SW, ['R-SIGN-4', 'R-UNPL-7'], 'risk analysis too thin'],
    ]);
    const round2 = accept(rejected.state, events.assessment()).state;
    assert.equal(pending(round2, 'team-manager').approvalId, 'case-1:team-manager:2');
    // The IRO's view is already in, so the team manager's agreement goes straight to the Head of Service.
    const tmAgreed = accept(round2, events.decision('case-1:team-manager:2', ACTORS.tm));
    assert.equal(tmAgreed.state.stage, 'awaiting-head-of-service');
    const hos = pending(tmAgreed.state, 'head-of-service');
    assert.equal(hos.approvalId, 'case-1:head-of-service:2');
    assert.equal(hos.round, 2);
  });

  it("a Director's rejection of a child already home is not recorded as a retrospective agreement", () => {
    const directorPending = awaitingDirector();
    const { state, effects } = accept(directorPending, events.decision('case-1:director:1', ACTORS.director, 'reject', 'not safe yet'));
    assert.equal(state.stage, 'revising');
    assert.equal(state.approvals.at(-1)?.decision?.retrospective, false);
    assert.equal(effectsOf(effects, 'record').find((e) => e.list === 'decisions')?.fields.Retrospective, false);
  });

  it("records a deputy's decision with the person they acted for", () => {
    const deputy = actor(PEOPLE.deputy, 'team-manager', PEOPLE.teamManager);
    const { state, effects } = accept(submitted(), events.decision('case-1:team-manager:1', deputy));
    assert.deepEqual(state.approvals[0]?.decision?.by, { id: 'dep-1', name: 'Dee Deputy' });
    assert.deepEqual(state.approvals[0]?.decision?.onBehalfOf, { id: 'tm-1', name: 'Tara Manager' });
    const record = effectsOf(effects, 'record').find((e) => e.list === 'decisions');
    assert.equal(record?.fields.DecidedById, 'dep-1');
    assert.equal(record?.fields.OnBehalfOf, 'Tara Manager');
    assert.equal(effectsOf(effects, 'notify')[0]?.data.decidedBy, 'Dee Deputy on behalf of Tara Manager');
  });

  it('a refused placement end reopens the placement, and a new request gets a new approval', () => {
    const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const { state, effects } = accept(requested, events.decision('case-1:placement-end:1', ACTORS.hos, 'request-changes', 'give carers two weeks'));
    assert.equal(state.placement.status, 'open');
    assert.equal(state.stage, 'preparing', 'the placement does not move the sign-off chain');
    assert.deepEqual(effectsOf(effects, 'notify').map((e) => [e.notice, e.to, e.rules]), [['changes-requested', SW, ['R-PLACE-1']]]);
    const again = accept(state, events.placementEndRequested('2026-03-20')).state;
    const second = pending(again, 'placement-end');
    assert.equal(second.approvalId, 'case-1:placement-end:2');
    assert.equal(second.proposedEndDate, '2026-03-20');
  });
});
