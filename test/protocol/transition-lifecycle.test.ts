/** Issue 12's events, each with its refusals: withdraw, planned instead, reopen, correct the facts, undo a step. */
import { strict as assert } from 'node:assert';
import { availableSteps, CaseEvent, CaseState, DEFAULT_CASE_POLICY, FactChanges, openCase, UndoableStep, VISITS_LIMIT } from '../../src/protocol';
import { noticeText } from '../../src/cases/notice-text';
import {
  accept,
  ACTORS,
  awaitingDirector,
  awaitingHeadOfService,
  drive,
  effectsOf,
  events,
  HOME_53_DAYS,
  initialSteps,
  NOW as NOW_,
  nowOn,
  openInput,
  opened,
  pending,
  plannedReadyForAssessment,
  readyForAssessment,
  refusal,
} from './support/case-fixtures';

const withdraw = (a = ACTORS.tm, details = 'Opened twice by mistake.'): CaseEvent => ({ type: 'CaseWithdrawn', actor: a, reason: 'duplicate', details });
const reopen = (a = ACTORS.tm, reason = 'The return broke down in week one.'): CaseEvent => ({ type: 'CaseReopened', actor: a, reason });
const correct = (changes: FactChanges, a = ACTORS.sw, reason = 'Typed wrong at the start.'): CaseEvent => ({ type: 'FactsCorrected', actor: a, changes, reason });
const undo = (step: UndoableStep, a = ACTORS.sw, index = 0, reason = 'Ticked by mistake.'): CaseEvent => ({ type: 'StepUndone', actor: a, step, index, reason });
const toPlanned = (a = ACTORS.sw): CaseEvent => ({ type: 'PathwayChangedToPlanned', actor: a, reason: 'Parents agreed at the meeting.' });

/** 10 days in care, not home, 16 years old: no Director sign-off needed (R-SIGN-6). */
const SHORT_NOT_HOME = { accommodatedOn: '2026-02-20', returnedHomeOn: null } as const;

describe('transition: withdrawing a case (issue 12)', () => {
  it("is the team manager's act: the social worker is refused, naming who can", () => {
    const r = refusal(readyForAssessment(), withdraw(ACTORS.sw));
    assert.equal(r.code, 'NOT_YOUR_ROLE');
    assert.match(r.message, /Only the team manager can withdraw a case/);
  });

  it('closes the case with the reason, withdraws the requests waiting, tells the people, and frees the reference', () => {
    const state = awaitingHeadOfService();
    const { state: next, effects } = accept(state, withdraw());
    assert.equal(next.stage, 'closed');
    assert.equal(next.closure?.reason, 'withdrawn');
    assert.match(next.closure?.why ?? '', /a duplicate of another case: Opened twice by mistake\./);
    assert.equal(next.closure?.ref, 'CR-100200');
    assert.notEqual(next.ref, 'CR-100200', 'the reference is free for a new case');
    assert.match(next.ref, /^CR-100200_W_/);
    const hos = next.approvals.find((a) => a.stage === 'head-of-service');
    assert.ok(hos?.cancelledAt);
    assert.match(hos?.cancelledWhy ?? '', /withdrawn/);
    assert.ok(effectsOf(effects, 'cancel-deadline').some((e) => e.deadlineId === `${hos?.approvalId}:reminder`));
    const told = effectsOf(effects, 'notify').map((n) => (n.to.kind === 'role' ? n.to.role : n.to.kind === 'person' ? n.to.id : n.to.kind));
    assert.deepEqual(told, ['sw-1', 'iro-1', 'head-of-service']);
    assert.equal(refusal(next, withdraw()).code, 'CASE_CLOSED');
  });

  it('needs a reason', () => {
    assert.equal(refusal(readyForAssessment(), withdraw(ACTORS.tm, '  ')).code, 'COMMENT_REQUIRED');
  });

  it("is refused, as is asking for it, for 'the child is staying in care' once the care episode has ended: the child left care and the visits are owed; another reason still may be given", () => {
    const directorStage = awaitingDirector({ facts: HOME_53_DAYS });
    const authorised = accept(directorStage, events.decision(pending(directorStage, 'director').approvalId, ACTORS.director)).state;
    const ended = accept(authorised, events.episodeEnded()).state;
    assert.equal(ended.stage, 'episode-ended');
    const staying: CaseEvent = { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'staying-in-care', details: 'Mum changed her mind.' };
    const refused = refusal(ended, staying);
    assert.equal(refused.code, 'OUT_OF_ORDER');
    assert.match(refused.message, /^The care episode ended on .*, so the child is not staying in care: the visits and the review after the return are still to be done on this case\./);
    const asked = refusal(ended, { type: 'WithdrawalRequested', actor: ACTORS.sw, reason: 'staying-in-care', details: 'Mum changed her mind.' });
    assert.equal(asked.message, refused.message);
    // Before the episode ends, the child may still be staying in care; and a duplicate may be withdrawn at any time.
    accept(authorised, staying);
    accept(ended, withdraw());
  });

  it("tells the placement team when the Head of Service had consented to end the placement and it is not recorded ended yet: they were asked to tell the carers an end date, and the child is staying in care", () => {
    const asked = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
    const consented = accept(asked, events.decision(pending(asked, 'placement-end').approvalId, ACTORS.hos)).state;
    const staying: CaseEvent = { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'staying-in-care', details: 'Mum agreed to S20 again.' };
    const toTeam = effectsOf(accept(consented, staying).effects, 'notify').filter((n) => n.to.kind === 'role' && n.to.role === 'placement-team');
    assert.deepEqual(toTeam.map((n) => [n.notice, n.data.placementEndDate]), [['case-withdrawn', '2026-03-13']]);
    // Once the end is recorded, or before any consent, there is nothing for them to stop.
    assert.deepEqual(effectsOf(accept(asked, staying).effects, 'notify').filter((n) => n.to.kind === 'role' && n.to.role === 'placement-team'), []);
  });

  it('a decision or step pressed on the withdrawn case is refused as withdrawn, not as "closed after its reunification review"', () => {
    const next = accept(awaitingHeadOfService(), withdraw()).state;
    const hos = next.approvals.find((a) => a.stage === 'head-of-service')!;
    for (const event of [events.decision(hos.approvalId, ACTORS.hos), events.childViews()]) {
      const r = refusal(next, event);
      assert.equal(r.code, 'CASE_CLOSED');
      assert.match(r.message, /^This case was withdrawn, so nothing more can be recorded on it/);
      assert.doesNotMatch(r.message, /reunification review/);
    }
  });
});

describe('transition: the social worker asks the team manager to withdraw (issue 12)', () => {
  const ask = (a = ACTORS.sw, details = 'The parents have agreed again.'): CaseEvent => ({ type: 'WithdrawalRequested', actor: a, reason: 'staying-in-care', details });
  const decline = (a = ACTORS.tm, reason = 'Let us talk to the parents first.'): CaseEvent => ({ type: 'WithdrawalDeclined', actor: a, reason });

  it('sends the team manager the request with the reason; nothing is withdrawn; a second request waits for the first', () => {
    const state = awaitingHeadOfService();
    const { state: asked, effects, action } = accept(state, ask());
    assert.equal(asked.stage, 'awaiting-head-of-service');
    assert.deepEqual(effectsOf(effects, 'notify').map((n) => [n.notice, n.to, n.rules]), [['withdrawal-requested', { kind: 'role', role: 'team-manager' }, ['R-SIGN-4']]]);
    assert.match(action, /Nothing is withdrawn until they agree/);
    assert.equal(refusal(asked, ask()).code, 'ALREADY_DONE');
    assert.equal(refusal(state, ask(ACTORS.sw, ' ')).code, 'COMMENT_REQUIRED');
    const r = refusal(state, ask(ACTORS.tm));
    assert.equal(r.code, 'NOT_YOUR_ROLE');
    assert.match(r.message, /Only the social worker can ask the team manager to withdraw a case/);
  });

  it('the team manager declines with a reason: the social worker is told and may ask again; or withdraws it', () => {
    const asked = accept(awaitingHeadOfService(), ask()).state;
    assert.equal(refusal(asked, decline(ACTORS.sw)).code, 'NOT_YOUR_ROLE');
    assert.equal(refusal(asked, decline(ACTORS.tm, '')).code, 'COMMENT_REQUIRED');
    const { state: declined, effects } = accept(asked, decline());
    assert.equal(declined.stage, 'awaiting-head-of-service');
    assert.deepEqual(effectsOf(effects, 'notify').map((n) => [n.notice, n.to.kind === 'person' ? n.to.id : '']), [['withdrawal-declined', 'sw-1']]);
    assert.equal(refusal(declined, decline()).code, 'OUT_OF_ORDER');
    const again = accept(declined, ask()).state;
    assert.equal(accept(again, withdraw()).state.closure?.reason, 'withdrawn');
  });

  it("the social worker pressing withdraw is refused naming the team manager, the rule, and the way to ask", () => {
    const r = refusal(readyForAssessment(), withdraw(ACTORS.sw));
    assert.equal(r.rule, 'R-SIGN-4');
    assert.match(r.message, /Ask the team manager to withdraw/);
  });
});

describe('transition: planned instead (R-UNPL-4)', () => {
  function agreed(): CaseState {
    const { state } = opened({ facts: SHORT_NOT_HOME });
    return drive(state, [events.childViews(), events.immediateRisk(), events.iroInformed(), { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'Agree to a planned return.', plannedReturnAgreed: true }]).state;
  }

  it('moves the same case to the planned pathway when the parents agreed a planned return', () => {
    const { state, action } = accept(agreed(), toPlanned());
    assert.equal(state.pathway, 'planned');
    assert.equal(state.trigger, null);
    assert.equal(state.stage, 'preparing');
    assert.deepEqual(state.pathwayChanges.map((c) => [c.from, c.to, c.trigger]), [['unplanned', 'planned', 'consent-withdrawn']]);
    assert.match(action, /R-UNPL-4/);
    assert.equal(state.caseId, 'case-1');
  });

  it('withdraws a request waiting for the team manager', () => {
    const submitted = accept(agreed(), events.assessment()).state;
    const { state } = accept(submitted, toPlanned());
    assert.equal(state.stage, 'revising');
    assert.ok(state.approvals[0]?.cancelledAt);
    assert.match(state.approvals[0]?.cancelledWhy ?? '', /planned pathway/);
  });

  it('tells the Head of Service whose request it withdraws, as well as the team manager and the IRO', () => {
    let state = accept(agreed(), events.iroView()).state;
    state = accept(state, events.assessment()).state;
    state = accept(state, events.decision(pending(state, 'team-manager').approvalId, ACTORS.tm)).state;
    const hosRequest = pending(state, 'head-of-service');
    const moved = accept(state, toPlanned());
    assert.ok(moved.state.approvals.find((a) => a.approvalId === hosRequest.approvalId)?.cancelledAt);
    const told = effectsOf(moved.effects, 'notify').filter((n) => n.notice === 'pathway-changed');
    const to = (r: string) => told.filter((n) => n.to.kind === 'role' && n.to.role === r);
    assert.equal(to('head-of-service').length, 1);
    assert.equal(to('head-of-service')[0]!.data['requestWithdrawn'], true);
    assert.equal(to('team-manager').length, 1);
    assert.equal(to('team-manager')[0]!.data['requestWithdrawn'], undefined);
  });

  it('is refused without the parents agreeing, when the child is home, or once the return is agreed', () => {
    const notAgreed = drive(opened({ facts: SHORT_NOT_HOME }).state, initialSteps()).state;
    assert.equal(refusal(notAgreed, toPlanned()).rule, 'R-UNPL-4');
    assert.match(refusal(readyForAssessment(), toPlanned()).message, /already home/);
    const agreed = refusal(awaitingDirector({ facts: { ...HOME_53_DAYS } }), toPlanned());
    assert.equal(agreed.rule, 'R-SIGN-4');
    assert.equal(agreed.message, 'The Head of Service has already agreed the return home, so the pathway can no longer change (R-SIGN-4).');
  });
});

describe('transition: reopening a closed case', () => {
  // A planned return not yet home: the child stays accommodated and the case closes (final-no.ts).
  function rejected(): CaseState {
    const submitted = accept(plannedReadyForAssessment(), events.assessment()).state;
    return accept(submitted, events.decision('case-1:team-manager:1', ACTORS.tm, 'reject', 'Not now.')).state;
  }

  it('by the team manager within REOPEN_WITHIN_DAYS: a rejected case goes back to the social worker to revise', () => {
    const { state } = accept(rejected(), reopen(), nowOn('2026-03-30'));
    assert.equal(state.stage, 'revising');
    assert.equal(state.closure, null);
    assert.equal(state.reopenings?.[0]?.closure.reason, 'rejected');
    const resubmitted = accept(state, events.assessment(), nowOn('2026-03-30')).state;
    assert.equal(pending(resubmitted, 'team-manager').approvalId, 'case-1:team-manager:2');
  });

  it('is refused after the period, to the social worker, for a withdrawn case, and on an open case', () => {
    assert.match(refusal(rejected(), reopen(), nowOn('2026-03-31')).message, /more than 28 days ago[\s\S]*next numbered reference/);
    assert.ok(accept(rejected(), reopen(), nowOn('2026-03-31'), { ...DEFAULT_CASE_POLICY, reopenWithinDays: 60 }));
    assert.equal(refusal(rejected(), reopen(ACTORS.sw)).code, 'NOT_YOUR_ROLE');
    assert.match(refusal(accept(readyForAssessment(), withdraw()).state, reopen()).message, /withdrawn case is not reopened/);
    assert.equal(refusal(readyForAssessment(), reopen()).rule, 'R-UNPL-10');
  });
});

describe('transition: correcting the facts', () => {
  it('refuses without a reason, with nothing changed, or with facts that do not fit together', () => {
    const state = readyForAssessment();
    assert.equal(refusal(state, correct({ accommodatedOn: '2026-01-06' }, ACTORS.sw, '')).code, 'COMMENT_REQUIRED');
    assert.equal(refusal(state, correct({ accommodatedOn: '2026-01-05' })).code, 'ALREADY_DONE');
    const r = refusal(state, correct({ accommodatedOn: '2026-02-28' }));
    assert.equal(r.code, 'INVALID_DATE');
    assert.match(r.message, /date accommodated \(Sat 28 Feb 2026\) is after return date/, "in the form's words, not the contract's field names");
    assert.doesNotMatch(r.message, /accommodatedOn|returnedHomeOn|asOf|2026-02-28/);
  });

  it('that changes what the approvers saw withdraws their decisions and asks the team manager again, saying why', () => {
    // 10 days in care: no Director sign-off; corrected to 40 days: now needed (R-SIGN-1, R-SIGN-2).
    const state = awaitingHeadOfService({ facts: SHORT_NOT_HOME });
    assert.equal(state.signOff?.required, false);
    const { state: next, effects, action } = accept(state, correct({ accommodatedOn: '2026-01-21' }));
    assert.equal(next.signOff?.required, true);
    assert.match(action, /Director sign-off is now needed: R-SIGN-1, R-SIGN-2/);
    const [tm1, hos1] = [next.approvals[0]!, next.approvals[1]!];
    assert.match(tm1.cancelledWhy ?? '', /facts were corrected \(date accommodated\)/);
    assert.ok(hos1.cancelledAt, 'the Head of Service request waiting is withdrawn');
    assert.equal(next.stage, 'awaiting-team-manager');
    assert.equal(pending(next, 'team-manager').approvalId, 'case-1:team-manager:2');
    const reasked = effectsOf(effects, 'notify').find((n) => n.to.kind === 'role' && n.to.role === 'team-manager');
    assert.equal(reasked?.data.reasked, true);
    assert.equal(next.corrections?.[0]?.before.accommodatedOn, '2026-02-20');
    assert.deepEqual(next.corrections?.[0]?.withdrawn, ['case-1:team-manager:1', 'case-1:head-of-service:1']);
  });

  it('that changes what the protocol requires while the team manager is still to decide says so (no decision of theirs was withdrawn)', () => {
    const waiting = drive(opened({ facts: SHORT_NOT_HOME }).state, [...initialSteps(), events.assessment()]).state;
    assert.equal(waiting.stage, 'awaiting-team-manager');
    const toTm = (effects: ReturnType<typeof accept>['effects']) => effectsOf(effects, 'notify').find((n) => n.to.kind === 'role' && n.to.role === 'team-manager')!;
    const undecided = toTm(accept(waiting, correct({ accommodatedOn: '2026-01-21' })).effects);
    assert.deepEqual([undecided.data.reasked, undecided.data.undecided], [true, true]);
    // Once they had agreed, it is their decision that was withdrawn.
    const agreed = toTm(accept(awaitingHeadOfService({ facts: SHORT_NOT_HOME }), correct({ accommodatedOn: '2026-01-21' })).effects);
    assert.deepEqual([agreed.data.reasked, agreed.data.undecided], [true, undefined]);
  });

  it('that changes nothing the approvers saw leaves their decisions standing', () => {
    const state = awaitingHeadOfService();
    const { state: next, action } = accept(state, correct({ previousEpisodeEndedOn: '2025-01-01' }));
    assert.deepEqual(next.approvals, state.approvals);
    assert.equal(next.stage, 'awaiting-head-of-service');
    assert.match(action, /what the protocol requires is unchanged/);
  });

  it("made by the team manager while nothing the approvers saw changes, is told to the case's social worker, whose case it is, as well as to the team managers (who are told the social worker was)", () => {
    const fromTm = effectsOf(accept(awaitingDirector(), correct({ previousEpisodeEndedOn: '2025-01-01' }, ACTORS.tm)).effects, 'notify');
    assert.deepEqual(fromTm.map((n) => [n.notice, n.to.kind === 'role' ? n.to.role : n.to.kind === 'person' ? n.to.id : n.to.kind, n.data.socialWorkerTold ?? false]), [['facts-corrected', 'team-manager', true], ['facts-corrected', 'sw-1', false]]);
    // Before any decision, the team manager's correction still reaches the social worker.
    const early = effectsOf(accept(readyForAssessment(), correct({ previousEpisodeEndedOn: '2025-01-01' }, ACTORS.tm)).effects, 'notify');
    assert.deepEqual(early.map((n) => [n.notice, n.to.kind === 'person' ? n.to.id : n.to.kind]), [['facts-corrected', 'sw-1']]);
    // The social worker's own correction is not told back to them.
    const fromSw = effectsOf(accept(awaitingHeadOfService(), correct({ previousEpisodeEndedOn: '2025-01-01' })).effects, 'notify');
    assert.deepEqual(fromSw.map((n) => [n.notice, n.to.kind === 'role' ? n.to.role : n.to.kind]), [['facts-corrected', 'team-manager']]);
  });

  it('never copies the date of birth into the record of the correction', () => {
    const { state } = accept(readyForAssessment(), correct({ dateOfBirth: '2009-06-14' }));
    assert.deepEqual(state.corrections?.[0]?.before, { dateOfBirth: 'corrected' });
    assert.ok(!JSON.stringify(state.corrections).includes('2009-06-14'));
  });

  it('to an Interim Care Order ends the case under R-SCOPE-2 with the court-route words', () => {
    const { state, effects } = accept(awaitingHeadOfService(), correct({ legalStatus: 'ICO' }));
    assert.equal(state.stage, 'closed');
    assert.equal(state.closure?.reason, 'out-of-scope');
    assert.match(state.closure?.why ?? '', /court route[\s\S]*R-SCOPE-2/);
    assert.deepEqual(state.approvals.filter((a) => !a.decision && !a.cancelledAt), []);
    assert.ok(effectsOf(effects, 'notify').every((n) => n.rules.includes('R-SCOPE-2')));
  });

  it("to a court order tells everyone the case closed (not that what the protocol requires is unchanged and decisions stand), the Head of Service whose request it withdrew, and the placement team when an end they were asked to tell the carers no longer stands (R-SCOPE-2)", () => {
    const waiting = awaitingHeadOfService({ facts: HOME_53_DAYS });
    const asked = accept(waiting, events.placementEndRequested('2026-03-13')).state;
    const consented = accept(asked, events.decision(pending(asked, 'placement-end').approvalId, ACTORS.hos)).state;
    const notices = effectsOf(accept(consented, correct({ legalStatus: 'ICO' })).effects, 'notify');
    const to = (n: (typeof notices)[number]): string => (n.to.kind === 'role' ? n.to.role : n.to.kind === 'person' ? n.to.id : n.to.kind);
    assert.deepEqual(notices.map(to), ['sw-1', 'team-manager', 'iro-1', 'head-of-service', 'placement-team']);
    for (const n of notices) {
      const words = noticeText(n);
      assert.match(words, /This case is now closed/, to(n));
      assert.doesNotMatch(words, /unchanged|decisions already given stand/, to(n));
    }
    assert.match(noticeText(notices.find((n) => to(n) === 'head-of-service')!), /the request waiting for your decision was withdrawn/);
    assert.match(noticeText(notices.find((n) => to(n) === 'placement-team')!), /consent to end the placement on Fri 13 Mar 2026, given on this case, no longer stands: do not end the placement/);
  });

  it('after the Head of Service agreed, needs the team manager', () => {
    const state = awaitingDirector();
    const r = refusal(state, correct({ previousEpisodeEndedOn: '2025-01-01' }));
    assert.equal(r.code, 'NOT_YOUR_ROLE');
    assert.equal(r.rule, 'R-SIGN-4');
    accept(state, correct({ previousEpisodeEndedOn: '2025-01-01' }, ACTORS.tm));
  });

  it('of the return date moves the visits not yet done', () => {
    const state = readyForAssessment();
    const { state: next } = accept(state, correct({ returnedHomeOn: '2026-02-28' }));
    assert.equal(next.visits[0]?.due, '2026-03-03');
  });

  it('of the return date to a day after a visit recorded as done is refused, naming the visit: the child cannot have been seen at home before they went home (R-VISIT-1)', () => {
    const visited = accept(readyForAssessment(), events.visit(0, '2026-03-01'), nowOn('2026-03-02')).state;
    const r = refusal(visited, correct({ returnedHomeOn: '2026-03-02' }), nowOn('2026-03-02'));
    assert.equal(r.code, 'INVALID_DATE');
    assert.equal(r.rule, 'R-VISIT-1');
    assert.equal(r.message, 'The first home visit is recorded as done on Sun 1 Mar 2026, before that return date (Mon 2 Mar 2026): check the date, or undo the visit first. Nothing was recorded. (R-VISIT-1)');
    // On or before the visit's day it is corrected as before.
    assert.equal(accept(visited, correct({ returnedHomeOn: '2026-02-28' }), nowOn('2026-03-02')).state.facts.returnedHomeOn, '2026-02-28');
  });

  it('refuses the 16/17 reason for a younger child (R-UNPL-1)', () => {
    const { state } = opened({ facts: { ...SHORT_NOT_HOME, dateOfBirth: '2015-01-01' } });
    assert.equal(refusal(state, correct({ trigger: 'young-person-left' })).rule, 'R-UNPL-1');
  });
});

describe('transition: undoing a recorded step', () => {
  it('before anyone relied on it: the step is gone, with the reason, and the request waiting is withdrawn', () => {
    const submitted = accept(readyForAssessment(), events.assessment()).state;
    const { state, action } = accept(submitted, undo('iroInformed'));
    assert.equal(state.steps.iroInformed, undefined);
    assert.equal(state.stage, 'revising');
    assert.ok(state.approvals[0]?.cancelledAt);
    assert.equal(state.undone?.[0]?.reason, 'Ticked by mistake.');
    assert.match(action, /Undone: IRO informed/);
  });

  it('after the team manager relied on it, only the team manager; after the Head of Service, nobody (R-SIGN-4)', () => {
    const hosWaiting = awaitingHeadOfService();
    assert.equal(refusal(hosWaiting, undo('childViews')).code, 'NOT_YOUR_ROLE');
    assert.equal(accept(hosWaiting, undo('childViews', ACTORS.tm)).state.stage, 'revising');
    const r = refusal(awaitingDirector(), undo('iroInformed', ACTORS.tm));
    assert.equal(r.rule, 'R-SIGN-4');
    assert.match(r.message, /Head of Service agreed the return home relying on the IRO having been informed, so it cannot be undone now \(R-UNPL-3\)/);
  });

  it('a step it does not know (forged or stale card data) is refused in words and never undoes the letter in its place', () => {
    const short = awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } });
    const agreed = accept(short, events.decision(pending(short, 'head-of-service').approvalId, ACTORS.hos)).state;
    const lettered = accept(agreed, events.letter('2026-03-02')).state;
    assert.ok(lettered.letter);
    for (const step of ['bogus', 'none', '__proto__', 'toString']) {
      const r = refusal(lettered, undo(step as UndoableStep));
      assert.equal(r.code, 'OUT_OF_ORDER', step);
      assert.match(r.message, /^That is not a step that can be undone: choose one of the steps listed\. Nothing was recorded\./, step);
      assert.doesNotMatch(r.message, /undefined/);
    }
  });

  it('a visit: done no longer, due again', () => {
    const visited = accept(readyForAssessment(), events.visit(0, '2026-03-02')).state;
    const { state, effects } = accept(visited, undo('visit'));
    assert.equal(state.visits[0]?.doneOn, null);
    assert.ok(effectsOf(effects, 'schedule-deadline').some((d) => d.deadlineId === 'case-1:visit:0:overdue'));
  });

  it('refuses what is not recorded, and needs a reason', () => {
    assert.match(refusal(opened().state, undo('childViews')).message, /nothing to undo/);
    assert.equal(refusal(readyForAssessment(), undo('childViews', ACTORS.sw, 0, '')).code, 'COMMENT_REQUIRED');
  });
});

describe('transition: visits as they happen (R-VISIT-1)', () => {
  const seen = (index: number, on: string, outcome?: 'seen' | 'not-seen' | 'no-access'): CaseEvent => ({ type: 'VisitRecorded', actor: ACTORS.sw, index, on, notes: 'n', ...(outcome ? { outcome } : {}) });

  it('a visit where the child was not seen does not count and is escalated to the team manager', () => {
    const home = readyForAssessment();
    const { state, effects, action } = accept(home, seen(0, '2026-03-02', 'not-seen'));
    assert.equal(state.visits[0]?.doneOn, null, 'still to do');
    assert.deepEqual(state.visits[0]?.attempts?.map((a) => a.outcome), ['not-seen']);
    assert.match(action, /does not count/);
    const tm = effectsOf(effects, 'notify').find((n) => n.to.kind === 'role' && n.to.role === 'team-manager');
    assert.equal(tm?.notice, 'visit-not-done');
    assert.equal(effectsOf(effects, 'cancel-deadline').length, 0, 'its reminders keep running');
    assert.equal(accept(state, seen(0, '2026-03-02')).state.visits[0]?.doneOn, '2026-03-02');
  });

  it('the overdue notice of a visit that did not count says so, not that nothing was recorded', () => {
    const { state } = accept(readyForAssessment(), seen(0, '2026-03-02', 'no-access'));
    const due = state.visits[0]!.due;
    const overdue = accept(state, { type: 'DeadlineReached', actor: ACTORS.system, deadlineId: `${state.caseId}:visit:0:overdue`, kind: 'visit-overdue', data: { index: 0, due, ref: state.ref } });
    const notices = effectsOf(overdue.effects, 'notify').filter((n) => n.notice === 'visit-overdue');
    assert.equal(notices.length, 2, 'the social worker and the team manager');
    for (const n of notices) assert.deepEqual([n.data['triedOn'], n.data['triedOutcome']], ['2026-03-02', 'no-access']);
  });

  it('more visits than the minimum five: the next number is an extra visit, recorded as it happens', () => {
    let state = readyForAssessment();
    assert.equal(state.visits.length, 5);
    const { state: next, action } = accept(state, seen(5, '2026-03-02'));
    state = next;
    assert.equal(state.visits.length, 6);
    assert.equal(state.visits[5]?.extra, true);
    assert.equal(state.visits[5]?.doneOn, '2026-03-02');
    assert.match(action, /Extra visit/);
    assert.equal(refusal(state, seen(7, '2026-03-02')).rule, 'R-VISIT-1');
  });

  it(`a case holds at most ${VISITS_LIMIT} visits: the extra one past it is refused in plain words with the rule, a visit already due is still recorded`, () => {
    // Bytes alone let a case hold thousands of short visits (each a choice on the undo form, a date in the letter's draft).
    let state = readyForAssessment();
    for (let i = 5; i < VISITS_LIMIT; i++) state = accept(state, seen(i, '2026-03-02')).state;
    assert.equal(state.visits.length, VISITS_LIMIT);
    const refused = refusal(state, seen(VISITS_LIMIT, '2026-03-02'));
    assert.equal(refused.code, 'CASE_FULL');
    assert.equal(refused.rule, 'R-VISIT-1');
    assert.match(refused.message, new RegExp(`already holds ${VISITS_LIMIT} visits, as many as the bot keeps for one case, so no further visit can be recorded on it: record any further visit in the case file in the case-record system\\. The visits already on the case, decisions, the letter, the review and closing the case can still be recorded\\. \\(R-VISIT-1\\)`));
    assert.equal(accept(state, seen(0, '2026-03-02')).state.visits[0]?.doneOn, '2026-03-02', 'the minimum visits are still recorded');
  });

  it('an extra visit undone goes, rather than becoming a visit to chase that the case could not close without; extra visits are undone from the last', () => {
    let state = accept(readyForAssessment(), seen(5, '2026-03-02')).state;
    state = accept(state, seen(6, '2026-03-02')).state;
    assert.equal(refusal(state, undo('visit', ACTORS.sw, 5)).rule, 'R-VISIT-1', 'not the earlier one while a later one stands');
    let undone = accept(state, undo('visit', ACTORS.sw, 6));
    assert.equal(undone.state.visits.length, 6);
    undone = accept(undone.state, undo('visit', ACTORS.sw, 5));
    assert.equal(undone.state.visits.length, 5, 'the minimum five stay');
    assert.deepEqual(effectsOf(undone.effects, 'schedule-deadline'), [], 'no reminder or overdue notice for a visit never due');
    assert.deepEqual(effectsOf(undone.effects, 'record').find((r) => r.key === 'task:case-1:visit:5')?.fields.Status, 'undone');
    assert.match(undone.action, /Undone: a visit \(visit 6 recorded as done on Mon 2 Mar 2026\)/);
    // The next extra visit takes its number again.
    assert.equal(accept(undone.state, seen(5, '2026-03-02')).state.visits[5]?.extra, true);
  });

  it('with reminders on working days, a reminder that falls on a Sunday comes on the Friday before', () => {
    // Home Thu 26 Feb: the first visit is due Sun 1 Mar, its reminder would be Sat 28 Feb.
    const policy = { ...DEFAULT_CASE_POLICY, visitRemindersOnWorkingDays: true };
    const { effects } = opened({ facts: { accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-26' }, now: nowOn('2026-02-26'), policy });
    const reminder = effectsOf(effects, 'schedule-deadline').find((d) => d.deadlineId === 'case-1:visit:0:reminder');
    assert.equal(reminder?.dueOn, '2026-02-27');
    const calendar = opened({ facts: { accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-26' }, now: nowOn('2026-02-26') }).effects;
    assert.equal(effectsOf(calendar, 'schedule-deadline').find((d) => d.deadlineId === 'case-1:visit:0:reminder')?.dueOn, '2026-02-28');
  });
});

describe('options that cannot apply to the child’s age are refused with the rule', () => {
  it('the 16/17 trigger for a younger child: when the case opens and when the pathway changes (R-UNPL-1)', () => {
    const result = openCase(openInput({ facts: { dateOfBirth: '2015-01-01' }, trigger: 'young-person-left' }), NOW_, DEFAULT_CASE_POLICY);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.refusal.rule, 'R-UNPL-1');
      assert.ok(!result.refusal.message.includes('2015'), 'never the date of birth');
    }
    const planned = opened({ facts: { pathway: 'planned', dateOfBirth: '2015-01-01', returnedHomeOn: null } }).state;
    assert.equal(refusal(planned, events.toUnplanned('young-person-left')).rule, 'R-UNPL-1');
    const older = opened({ facts: { pathway: 'planned', returnedHomeOn: null } }).state;
    assert.equal(accept(older, events.toUnplanned('young-person-left')).state.trigger, 'young-person-left');
  });
});

describe('the view on an LPM or ICPC is the manager’s own (R-UNPL-2)', () => {
  const asked: CaseEvent = { type: 'ImmediateRiskConsidered', actor: ACTORS.sw, summary: 'Considered with the team manager.', consulted: 'team-manager' };
  const view = (a = ACTORS.tm, lpm = true): CaseEvent => ({ type: 'RiskViewGiven', actor: a, legalPlanningMeetingNeeded: lpm, childProtectionConferenceNeeded: false, view: 'An LPM is needed.' });

  it('asked on a card to the manager consulted; the assessment waits for it; only they give it', () => {
    const { state: open } = opened({ facts: SHORT_NOT_HOME });
    const { state, effects } = accept(drive(open, [events.childViews(), events.iroInformed(), events.parentsConsulted()]).state, asked);
    assert.equal(state.steps.immediateRisk?.viewAwaited, true);
    assert.deepEqual(effectsOf(effects, 'notify').map((n) => [n.notice, n.to]), [['risk-view-needed', { kind: 'role', role: 'team-manager' }]]);
    const r = refusal(state, events.assessment());
    assert.equal(r.rule, 'R-UNPL-2');
    assert.match(r.message, /have the team manager give their view/);
    assert.equal(refusal(state, view(ACTORS.sw)).code, 'NOT_YOUR_ROLE');
    assert.match(refusal(state, view(ACTORS.hos)).message, /Only the team manager can give the view on a Legal Planning Meeting or ICPC the social worker asked of them/);
    const given = accept(state, view()).state;
    assert.equal(given.steps.immediateRisk?.legalPlanningMeetingNeeded, true);
    assert.equal(given.steps.immediateRisk?.viewBy?.by.id, 'tm-1');
    const notViable = accept(given, events.assessment({ viable: false, stepdownPlan: [] })).state;
    assert.match(refusal(notViable, { type: 'NotViableActionsRecorded', actor: ACTORS.sw, childAndParentsTold: true, childProtectionConferenceBooked: false, legalPlanningMeetingBooked: false, notes: '' }).message, /Legal Planning Meeting is needed/);
  });

  it("is never the social worker's own, even when they act as a team manager (a manager who opened the case)", () => {
    const { state: open } = opened({ facts: SHORT_NOT_HOME });
    const state = accept(drive(open, [events.childViews(), events.iroInformed(), events.parentsConsulted()]).state, asked).state;
    const ownManager = { ...ACTORS.tm, id: state.socialWorker.id, name: state.socialWorker.name };
    const r = refusal(state, view(ownManager));
    assert.equal(r.code, 'SELF_APPROVAL');
    assert.equal(r.rule, 'R-UNPL-2');
    assert.match(r.message, /^You are the social worker on this case \(or recorded its risk check\), so the view on a Legal Planning Meeting or ICPC must come from another manager\./);
    assert.equal(state.steps.immediateRisk?.viewAwaited, true, 'still awaited');
  });

  it('no longer wanted once the case moved to the planned pathway (a step of an unplanned return), and wanted again if it moves back', () => {
    const { state: open } = opened({ facts: SHORT_NOT_HOME });
    const agreed: CaseEvent = { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'They agree a planned return.', plannedReturnAgreed: true };
    const state = accept(drive(open, [events.childViews(), events.iroInformed(), agreed]).state, asked).state;
    const planned = accept(state, toPlanned()).state;
    assert.ok(!availableSteps(planned, DEFAULT_CASE_POLICY, '2026-03-02').some((s) => s.step === 'riskView'));
    const r = refusal(planned, view());
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-UNPL-2');
    assert.match(r.message, /^Your view on a Legal Planning Meeting or ICPC is no longer needed: this case moved to the planned pathway/);
    const { state: back, effects } = accept(planned, events.toUnplanned());
    assert.ok(availableSteps(back, DEFAULT_CASE_POLICY, '2026-03-02').some((s) => s.step === 'riskView'));
    // Asked again of the manager consulted, not left for them to find on the card.
    assert.deepEqual(effectsOf(effects, 'notify').filter((n) => n.notice === 'risk-view-needed').map((n) => [n.to, n.data['flagged']]), [[{ kind: 'role', role: 'team-manager' }, 'whether a Legal Planning Meeting or ICPC is needed']]);
    assert.equal(accept(back, view()).state.steps.immediateRisk?.viewBy?.by.id, 'tm-1');
  });
});
