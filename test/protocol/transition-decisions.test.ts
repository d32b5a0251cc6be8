import { strict as assert } from 'node:assert';
import { CasePolicy, CaseState, DEFAULT_CASE_POLICY, iroViewOnEarlierVersion } from '../../src/protocol';
import {
  accept,
  actor,
  ACTORS,
  awaitingDirector,
  awaitingHeadOfService,
  effectsOf,
  events,
  HOME_53_DAYS,
  nowOn,
  opened,
  pending,
  PEOPLE,
  readyForAssessment,
  refusal,
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
    assert.deepEqual(effectsOf(effects, 'cancel-deadline').map((e) => e.deadlineId), ['case-1:team-manager:1:reminder', 'case-1:team-manager:1:escalation', 'case-1:team-manager:1:mail-renewal']);
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
    assert.deepEqual(effectsOf(effects, 'schedule-deadline').map((e) => e.deadlineId), ['case-1:team-manager:2:reminder', 'case-1:team-manager:2:escalation', 'case-1:team-manager:2:mail-renewal']);
    assert.equal(state.approvals.length, 2, 'the first round stays on the record');
  });

  describe("a Head of Service's request for changes goes back to revising; the next round runs the chain again from the team manager", () => {
    const NEXT_DAY = nowOn('2026-03-03');
    const LATER = nowOn('2026-03-04');
    function round2(policy: CasePolicy = DEFAULT_CASE_POLICY): CaseState {
      const rejected = accept(awaitingHeadOfService({ policy }), events.decision('case-1:head-of-service:1', ACTORS.hos, 'request-changes', 'risk analysis too thin'), NEXT_DAY, policy);
      assert.equal(rejected.state.stage, 'revising');
      assert.deepEqual(effectsOf(rejected.effects, 'notify').map((e) => [e.notice, e.to, e.rules, e.data.comment]), [
        ['changes-requested', SW, ['R-SIGN-4', 'R-UNPL-7'], 'risk analysis too thin'],
      ]);
      const state = accept(rejected.state, events.assessment({ completedOn: LATER.today }), LATER, policy).state;
      assert.equal(pending(state, 'team-manager').approvalId, 'case-1:team-manager:2');
      return state;
    }

    it('by default the IRO is asked again: their view was on the version sent back (R-SIGN-4)', () => {
      const state = round2();
      assert.equal(iroViewOnEarlierVersion(state), true);
      const tmAgreed = accept(state, events.decision('case-1:team-manager:2', ACTORS.tm), LATER);
      assert.equal(tmAgreed.state.stage, 'awaiting-iro-view');
      assert.deepEqual(effectsOf(tmAgreed.effects, 'notify').filter((e) => e.notice === 'iro-informed').map((e) => [e.rules, e.data]), [
        [['R-SIGN-4', 'R-UNPL-3'], { ref: 'CR-100200', viewRequested: true, earlierViewOn: '2026-03-02' }],
      ]);
      assert.deepEqual(effectsOf(tmAgreed.effects, 'request-approval'), [], 'the Head of Service is not asked yet');
      const viewed = accept(tmAgreed.state, events.iroView(), LATER);
      assert.equal(viewed.state.stage, 'awaiting-head-of-service');
      const hos = pending(viewed.state, 'head-of-service');
      assert.equal(hos.approvalId, 'case-1:head-of-service:2');
      assert.equal(hos.round, 2);
      assert.equal(iroViewOnEarlierVersion(viewed.state), false);
    });

    it('a new view given while the team manager considers the revised form goes up with it', () => {
      const renewed = accept(round2(), events.iroView(), LATER).state;
      assert.equal(renewed.stage, 'awaiting-team-manager');
      const tmAgreed = accept(renewed, events.decision('case-1:team-manager:2', ACTORS.tm), LATER);
      assert.equal(tmAgreed.state.stage, 'awaiting-head-of-service');
    });

    it('with IRO_VIEW_ON_REVISION=reuse the earlier view goes with it, straight to the Head of Service', () => {
      const reuse: CasePolicy = { ...DEFAULT_CASE_POLICY, iroViewOnRevision: 'reuse' };
      const tmAgreed = accept(round2(reuse), events.decision('case-1:team-manager:2', ACTORS.tm), LATER, reuse);
      assert.equal(tmAgreed.state.stage, 'awaiting-head-of-service');
      assert.equal(pending(tmAgreed.state, 'head-of-service').approvalId, 'case-1:head-of-service:2');
      assert.equal(iroViewOnEarlierVersion(tmAgreed.state), true, 'still marked as on the earlier version');
    });
  });

  it("a Director's rejection of a child already home is not recorded as a retrospective agreement", () => {
    const directorPending = awaitingDirector();
    const { state, effects } = accept(directorPending, events.decision('case-1:director:1', ACTORS.director, 'reject', 'not safe yet'));
    assert.equal(state.stage, 'not-viable', 'the child is home: the not-viable route follows (R-UNPL-8)');
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

  it('an end of the placement recorded again says it is already recorded, in the tense its date needs (a day still to come has not "already ended")', () => {
    const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const consented = accept(requested, events.decision('case-1:placement-end:1', ACTORS.hos)).state;
    const ended = accept(consented, events.placementEnded('2026-03-13', '2026-03-02')).state;
    const again = refusal(ended, events.placementEnded('2026-03-13', '2026-03-02'));
    assert.equal(again.code, 'ALREADY_DONE');
    assert.equal(again.message, 'The end of the placement is already recorded: it ends on Fri 13 Mar 2026. (R-PLACE-1)');
    const past = refusal({ ...ended, placement: { ...ended.placement, endDate: '2026-03-01' } }, events.placementEnded('2026-03-01', '2026-03-01'));
    assert.equal(past.message, 'The placement already ended on Sun 1 Mar 2026. (R-PLACE-1)');
  });
});
