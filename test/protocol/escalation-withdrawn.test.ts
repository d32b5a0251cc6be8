/** Those told to chase an escalated request are told once when it is withdrawn undecided, whatever withdrew it. */
import { strict as assert } from 'node:assert';
import type { ApprovalStage, CaseEvent, CaseState, Effect } from '../../src/protocol';
import { noticeText } from '../../src/cases/notice-text';
import { accept, ACTORS, drive, effectsOf, events, initialSteps, nowOn, opened, pending } from './support/case-fixtures';

/** 10 days in care, not home: no Director sign-off until a correction makes it 40 (R-SIGN-1, R-SIGN-2). */
const SHORT_NOT_HOME = { accommodatedOn: '2026-02-20', returnedHomeOn: null } as const;

/** The request waiting at `stage`, escalated on Mon 9 Mar 2026. */
function escalated(state: CaseState, stage: ApprovalStage): CaseState {
  const id = pending(state, stage).approvalId;
  const event: CaseEvent = { type: 'DeadlineReached', actor: ACTORS.system, deadlineId: `${id}:escalation`, kind: 'approval-escalation', data: { approvalId: id, stage, ref: state.ref } };
  return accept(state, event, nowOn('2026-03-09')).state;
}

const overs = (effects: Effect[]) => effectsOf(effects, 'notify').filter((n) => n.notice === 'escalation-withdrawn');
const roleOf = (n: { to: { kind: string; role?: string } }) => n.to.role ?? n.to.kind;

describe('transition: an escalated request withdrawn undecided tells those told to chase it', () => {
  it('the case withdrawn: the Head of Service chasing the team manager is told once, why, and that nothing more is needed', () => {
    const waiting = escalated(drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state, 'team-manager');
    const { effects } = accept(waiting, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'duplicate', details: 'Opened twice.' }, nowOn('2026-03-12'));
    const told = overs(effects);
    assert.deepEqual(told.map(roleOf), ['head-of-service']);
    assert.equal(
      noticeText(told[0]!),
      "Case CR-100200: the team manager's agreement escalated to you on Mon 9 Mar 2026 was withdrawn on Thu 12 Mar 2026 by Tara Manager, undecided: the case was withdrawn (a duplicate of another case). Nothing more is needed from you on it.",
    );
  });

  it('a correction that re-asks the team manager: the Head of Service is told it is asked again as a new request', () => {
    const waiting = escalated(drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state, 'team-manager');
    const { effects } = accept(waiting, { type: 'FactsCorrected', actor: ACTORS.sw, changes: { accommodatedOn: '2026-01-21' }, reason: 'Typed wrong.' }, nowOn('2026-03-09'));
    const told = overs(effects);
    assert.deepEqual(told.map(roleOf), ['head-of-service']);
    const words = noticeText(told[0]!);
    assert.match(words, /^Case CR-100200: the team manager's agreement escalated to you on Mon 9 Mar 2026 was withdrawn on Mon 9 Mar 2026 by Sam Social, undecided: the facts were corrected \(date accommodated\) and Director sign-off is now needed/);
    assert.match(words, /It is asked again of the team manager as a new request; you are told if that one is escalated to you\. Nothing more is needed from you on the old one\.$/);
  });

  it('a pathway change: the Director chasing the Head of Service is told', () => {
    // Unplanned, not yet home, the parents now agreeing a planned return; the team manager agreed, the Head of Service's request escalated.
    const consulted = drive(opened({ facts: SHORT_NOT_HOME }).state, [events.childViews(), events.immediateRisk(), events.iroInformed(), { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'Agree to a planned return.', plannedReturnAgreed: true }, events.iroView(), events.assessment()]).state;
    const waiting = escalated(accept(consulted, events.decision(pending(consulted, 'team-manager').approvalId, ACTORS.tm)).state, 'head-of-service');
    const { effects } = accept(waiting, { type: 'PathwayChangedToPlanned', actor: ACTORS.sw, reason: 'Parents agreed.' }, nowOn('2026-03-12'));
    const told = overs(effects);
    assert.deepEqual(told.map(roleOf), ['director']);
    assert.match(noticeText(told[0]!), /the Head of Service's written agreement escalated to you on Mon 9 Mar 2026 was withdrawn .*undecided: the case moved to the planned pathway \(R-UNPL-4\)\. Nothing more is needed from you on it\./);
  });

  it('an undone step that sends the assessment back: the Head of Service chasing the team manager is told', () => {
    const waiting = escalated(drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state, 'team-manager');
    const { effects } = accept(waiting, { type: 'StepUndone', actor: ACTORS.sw, step: 'parentsConsulted', index: 0, reason: 'Ticked by mistake.' }, nowOn('2026-03-10'));
    const told = overs(effects);
    assert.deepEqual(told.map(roleOf), ['head-of-service']);
    assert.match(noticeText(told[0]!), /was withdrawn on Tue 10 Mar 2026 by Sam Social, undecided: the record of .* was undone, so the assessment went back to the social worker\. Nothing more is needed from you on it\.$/);
  });

  it('nobody is told of a request that was never escalated, or of one decided (that has its own notice), or of one already withdrawn', () => {
    const fresh = drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state;
    assert.deepEqual(overs(accept(fresh, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'duplicate', details: 'Opened twice.' }).effects), []);
    const waiting = escalated(fresh, 'team-manager');
    const decided = accept(waiting, events.decision(pending(waiting, 'team-manager').approvalId, ACTORS.tm), nowOn('2026-03-12'));
    assert.deepEqual(overs(decided.effects), []);
    assert.equal(effectsOf(decided.effects, 'notify').filter((n) => n.notice === 'escalation-decided').length, 1);
    const corrected = accept(waiting, { type: 'FactsCorrected', actor: ACTORS.sw, changes: { accommodatedOn: '2026-01-21' }, reason: 'Typed wrong.' }, nowOn('2026-03-09')).state;
    assert.deepEqual(overs(accept(corrected, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'duplicate', details: 'Opened twice.' }, nowOn('2026-03-10')).effects), []);
  });
});
