import { strict as assert } from 'node:assert';
import { addDays, transition, CasePolicy, CaseState, DEFAULT_CASE_POLICY, Effect, Now } from '../../src/protocol';
import {
  accept,
  ACTORS,
  awaitingHeadOfService,
  effectsOf,
  events,
  HOME_53_DAYS,
  NOW,
  nowOn,
  opened,
  pending,
  readyForAssessment,
  refusal,
  withoutCaseRecord,
} from './support/case-fixtures';

const SW = { kind: 'person', id: 'sw-1', name: 'Sam Social' } as const;

/** Submits the assessment on `now` and returns the team manager approval's two deadlines. */
function approvalDeadlines(now: Now, policy: CasePolicy = DEFAULT_CASE_POLICY): { state: CaseState; reminder: Effect; escalation: Effect } {
  const facts = { accommodatedOn: addDays(now.today, -30), returnedHomeOn: null };
  const ready = readyForAssessment({ facts, now, policy });
  const { state, effects } = accept(ready, events.assessment({ form: 'child-and-family-reassessment', completedOn: now.today }), now, policy);
  const [reminder, escalation] = effectsOf(effects, 'schedule-deadline');
  assert.ok(reminder && escalation);
  return { state, reminder, escalation };
}

function dueOn(effect: Effect): string {
  assert.equal(effect.type, 'schedule-deadline');
  return effect.type === 'schedule-deadline' ? effect.dueOn : '';
}

describe('transition: deadlines', () => {
  describe('approval reminders and escalations, in working days', () => {
    it('skip Christmas and the Boxing Day substitute: asked on Thu 24 Dec 2026', () => {
      // Working days after Thu 24 Dec 2026: Fri 25 (Christmas) and Mon 28 (Boxing Day, moved off Saturday) are bank
      // holidays, so Tue 29 Dec is the 1st and Wed 30 Dec the 2nd; Fri 1 Jan 2027 is New Year's Day, so the 5th is Tue 5 Jan.
      const { reminder, escalation } = approvalDeadlines(nowOn('2026-12-24'));
      assert.equal(dueOn(reminder), '2026-12-30');
      assert.equal(dueOn(escalation), '2027-01-05');
    });

    it("skip the organisation's own closure days", () => {
      const policy = { ...DEFAULT_CASE_POLICY, extraNonWorkingDays: ['2026-12-29', '2026-12-30', '2026-12-31'] };
      const { reminder, escalation } = approvalDeadlines(nowOn('2026-12-24'), policy);
      assert.equal(dueOn(reminder), '2027-01-05');
      assert.equal(dueOn(escalation), '2027-01-08');
    });

    it('closure days added after the request was asked: its reminder and escalation, due on or before them, move to the days the working days now give, nobody told', () => {
      const { state, reminder, escalation } = approvalDeadlines(nowOn('2026-12-23'));
      assert.deepEqual([dueOn(reminder), dueOn(escalation)], ['2026-12-29', '2027-01-04'], 'scheduled without closure days');
      const shutdown = { ...DEFAULT_CASE_POLICY, extraNonWorkingDays: ['2026-12-29', '2026-12-30', '2026-12-31'] };
      const moved = (effect: Effect, day: string): Effect[] => withoutCaseRecord(accept(state, events.deadline(effect), nowOn(day), shutdown).effects);
      assert.deepEqual(moved(reminder, '2026-12-29'), [{ ...reminder, dueOn: '2027-01-04' }]);
      assert.deepEqual(moved(escalation, '2027-01-04'), [{ ...escalation, dueOn: '2027-01-07' }]);
      assert.deepEqual(effectsOf(moved(escalation, '2027-01-07'), 'notify').length, 2, 'escalated on the day it now falls');
      // Fired late (the bot was down): sent as before, not moved.
      assert.equal(effectsOf(withoutCaseRecord(accept(state, events.deadline(reminder), nowOn('2027-01-05'), shutdown).effects), 'notify').length, 1);
    });

    it('skip Easter: asked on Thu 2 Apr 2026', () => {
      const { reminder, escalation } = approvalDeadlines(nowOn('2026-04-02'));
      assert.equal(dueOn(reminder), '2026-04-08');
      assert.equal(dueOn(escalation), '2026-04-13');
    });

    it('follow the policy’s counts', () => {
      const policy = { ...DEFAULT_CASE_POLICY, approvalReminderWorkingDays: 1, approvalEscalationWorkingDays: 3 };
      const { reminder, escalation } = approvalDeadlines(nowOn('2026-03-06'), policy);
      assert.equal(dueOn(reminder), '2026-03-09');
      assert.equal(dueOn(escalation), '2026-03-11');
    });

    it('remind the approver role, without deputies', () => {
      const { state, reminder } = approvalDeadlines(NOW);
      const { effects } = accept(state, events.deadline(reminder), nowOn('2026-03-04'));
      assert.deepEqual(withoutCaseRecord(effects), [{
        type: 'notify',
        notice: 'approval-reminder',
        to: { kind: 'role', role: 'team-manager' },
        rules: ['R-SIGN-4'],
        // What happens next: decided by Fri 6 Mar, else escalated up the line on Mon 9 Mar (5 working days).
        data: { approvalId: 'case-1:team-manager:1', stage: 'team-manager', ref: 'CR-100200', requestedOn: '2026-03-02', dueBy: '2026-03-06', escalatedOn: '2026-03-09', escalatedTo: 'Head of Service' },
      }]);
    });

    it("escalate a Head of Service approval to the Head of Service and their deputies, and up the line to the Director", () => {
      const state = awaitingHeadOfService();
      const id = pending(state, 'head-of-service').approvalId;
      const event = { type: 'DeadlineReached', actor: ACTORS.system, deadlineId: `${id}:escalation`, kind: 'approval-escalation', data: { approvalId: id, stage: 'head-of-service', ref: 'CR-100200' } } as const;
      const { effects } = accept(state, event, nowOn('2026-03-09'));
      // What happens next: told again in 5 working days (Mon 16 Mar) while it waits, with the same people.
      const data = { approvalId: id, stage: 'head-of-service', ref: 'CR-100200', requestedOn: '2026-03-02', times: 1, nextOn: '2026-03-16', escalatedTo: 'Director' };
      assert.deepEqual(withoutCaseRecord(effects), [
        { type: 'notify', notice: 'approval-escalation', to: { kind: 'role', role: 'head-of-service', includeDeputies: true }, rules: ['R-SIGN-4', 'R-UNPL-7'], data: { ...data, you: true } },
        { type: 'notify', notice: 'approval-escalation', to: { kind: 'role', role: 'director' }, rules: ['R-SIGN-4', 'R-UNPL-7'], data },
        { type: 'schedule-deadline', deadlineId: `${id}:escalation`, kind: 'approval-escalation', dueOn: '2026-03-16', data: { approvalId: id, stage: 'head-of-service', ref: 'CR-100200', times: 2 } },
      ]);
    });

    it('escalate again every 5 working days while the request waits, to the same people, each saying since when and when the next comes; none once it is decided', () => {
      const { state, escalation } = approvalDeadlines(NOW);
      const first = accept(state, events.deadline(escalation), nowOn('2026-03-09'));
      const again = effectsOf(first.effects, 'schedule-deadline');
      assert.equal(again.length, 1);
      assert.equal(again[0]!.type === 'schedule-deadline' && again[0]!.deadlineId, 'case-1:team-manager:1:escalation', 'the same id, so a decision cancels it');
      const second = accept(first.state, events.deadline(again[0]!), nowOn('2026-03-16'));
      const told = effectsOf(second.effects, 'notify');
      assert.deepEqual(told.map((e) => e.to), [{ kind: 'role', role: 'team-manager', includeDeputies: true }, { kind: 'role', role: 'head-of-service' }]);
      assert.deepEqual(told.map((e) => [e.data['times'], e.data['firstEscalatedOn'], e.data['nextOn']]), [[2, '2026-03-09', '2026-03-23'], [2, '2026-03-09', '2026-03-23']]);
      assert.match(second.action, /Escalated again \(2nd time\): team manager's agreement awaited since 2026-03-02/);
      const next = effectsOf(second.effects, 'schedule-deadline')[0]!;
      assert.deepEqual(next.type === 'schedule-deadline' && [next.dueOn, next.data['times']], ['2026-03-23', 3]);
      const decided = accept(second.state, events.decision('case-1:team-manager:1', ACTORS.tm));
      assert.ok(effectsOf(decided.effects, 'cancel-deadline').some((e) => e.type === 'cancel-deadline' && e.deadlineId === 'case-1:team-manager:1:escalation'));
      assert.deepEqual(accept(decided.state, events.deadline(next), nowOn('2026-03-23')).effects, []);
    });

    it('escalate a team manager approval to the team manager and their deputies, and up the line to the Head of Service', () => {
      const { state, escalation } = approvalDeadlines(NOW);
      const { effects } = accept(state, events.deadline(escalation), nowOn('2026-03-09'));
      assert.deepEqual(effectsOf(effects, 'notify').map((e) => e.to), [{ kind: 'role', role: 'team-manager', includeDeputies: true }, { kind: 'role', role: 'head-of-service' }]);
    });

    it('send no reminder fired on or after the escalation\'s working day (catching up after downtime): the escalation tells the approver', () => {
      // Asked Thu 24 Dec 2026: reminder Wed 30 Dec, escalation Tue 5 Jan 2027 (bank holidays skipped).
      const { state, reminder, escalation } = approvalDeadlines(nowOn('2026-12-24'));
      // Fired late but before the escalation's day (Mon 4 Jan, after New Year's Day): still sent.
      assert.deepEqual(effectsOf(accept(state, events.deadline(reminder), nowOn('2027-01-04')).effects, 'notify').map((e) => e.notice), ['approval-reminder']);
      for (const day of ['2027-01-05', '2027-01-11']) {
        const late = accept(state, events.deadline(reminder), nowOn(day));
        assert.deepEqual(late.effects, [], day);
        assert.deepStrictEqual(late.state, state);
        assert.match(late.action, /no longer applies: the team manager's agreement is due for escalation: the escalation is sent instead/);
        const escalated = accept(state, events.deadline(escalation), nowOn(day));
        assert.deepEqual(effectsOf(escalated.effects, 'notify')[0]?.to, { kind: 'role', role: 'team-manager', includeDeputies: true });
      }
    });

    it('do nothing once the approval is decided or withdrawn', () => {
      const { state, reminder, escalation } = approvalDeadlines(NOW);
      const decided = accept(state, events.decision('case-1:team-manager:1', ACTORS.tm)).state;
      for (const deadline of [reminder, escalation]) {
        const result = accept(decided, events.deadline(deadline), nowOn('2026-03-09'));
        assert.deepEqual(result.effects, []);
        assert.deepStrictEqual(result.state, decided);
      }
      const planned = opened({ facts: { pathway: 'planned', returnedHomeOn: null } }).state;
      const ready = [events.reunificationStarted('2026-02-16', 'support-only'), events.childViews(), events.parentsConsulted(), events.iroInformed()]
        .reduce((s, e) => accept(s, e).state, planned);
      const asked = accept(ready, events.assessment({ form: 'child-and-family-reassessment' }));
      const withdrawn = accept(asked.state, events.toUnplanned()).state;
      for (const deadline of effectsOf(asked.effects, 'schedule-deadline')) {
        assert.deepEqual(accept(withdrawn, events.deadline(deadline), nowOn('2026-03-09')).effects, []);
      }
    });
  });

  describe('visits (R-VISIT-1)', () => {
    function home(): { state: CaseState; effects: Effect[] } {
      return opened({ facts: HOME_53_DAYS });
    }
    function visitDeadline(effects: Effect[], id: string): Effect {
      const found = effects.find((e) => e.type === 'schedule-deadline' && e.deadlineId === id);
      assert.ok(found, `no deadline ${id}`);
      return found;
    }

    it('remind the social worker before a visit is due', () => {
      const { state, effects } = home();
      const result = accept(state, events.deadline(visitDeadline(effects, 'case-1:visit:1:reminder')), nowOn('2026-03-05'));
      assert.deepEqual(withoutCaseRecord(result.effects), [
        { type: 'notify', notice: 'visit-reminder', to: SW, rules: ['R-VISIT-1'], data: { index: 1, due: '2026-03-06', ref: 'CR-100200', kind: 'weekly-check-in' } },
      ]);
      assert.equal(result.state.visits[1]?.overdue, false);
    });

    it('mark an unrecorded visit overdue and tell the social worker and the team manager', () => {
      const { state, effects } = home();
      const result = accept(state, events.deadline(visitDeadline(effects, 'case-1:visit:0:overdue')), nowOn('2026-03-03'));
      assert.equal(result.state.visits[0]?.overdue, true);
      assert.equal(result.state.visits[1]?.overdue, false);
      const data = { index: 0, due: '2026-03-02', ref: 'CR-100200', kind: 'first-visit' };
      assert.deepEqual(effectsOf(result.effects, 'notify'), [
        { type: 'notify', notice: 'visit-overdue', to: SW, rules: ['R-VISIT-1'], data: { ...data, you: true } },
        { type: 'notify', notice: 'visit-overdue', to: { kind: 'role', role: 'team-manager' }, rules: ['R-VISIT-1'], data },
      ]);
      const task = effectsOf(result.effects, 'record').find((e) => e.list === 'tasks');
      assert.deepEqual(task?.fields, { CaseRef: 'CR-100200', Kind: 'first-visit', DueOn: '2026-03-02', DoneOn: null, Status: 'overdue', RecordedBy: null, OnBehalfOf: null });
      // A late visit is still recorded.
      const late = accept(result.state, events.visit(0, '2026-03-03'), nowOn('2026-03-03'));
      assert.match(late.action, /late/);
      assert.equal(effectsOf(late.effects, 'record').find((e) => e.list === 'tasks')?.fields.Status, 'done');
    });

    it('send no reminder fired on or after the visit\'s overdue day (catching up after downtime): the overdue notice says more', () => {
      const { state, effects } = home();
      const reminder = events.deadline(visitDeadline(effects, 'case-1:visit:1:reminder'));
      // Visit 1 is due on 6 March: a reminder fired late on that day is still sent.
      assert.deepEqual(effectsOf(accept(state, reminder, nowOn('2026-03-06')).effects, 'notify').map((e) => e.notice), ['visit-reminder']);
      const late = accept(state, reminder, nowOn('2026-03-07'));
      assert.deepEqual(late.effects, []);
      assert.deepStrictEqual(late.state, state);
      assert.match(late.action, /no longer applies: the visit due 2026-03-06 is overdue: the overdue notice is sent instead/);
      const overdue = accept(state, events.deadline(visitDeadline(effects, 'case-1:visit:1:overdue')), nowOn('2026-03-07'));
      assert.deepEqual(effectsOf(overdue.effects, 'notify').map((e) => e.notice), ['visit-overdue', 'visit-overdue']);
    });

    it('do nothing for a visit already recorded', () => {
      const { state, effects } = home();
      const visited = accept(state, events.visit(0, '2026-03-02')).state;
      for (const id of ['case-1:visit:0:reminder', 'case-1:visit:0:overdue']) {
        const result = accept(visited, events.deadline(visitDeadline(effects, id)), nowOn('2026-03-03'));
        assert.deepEqual(result.effects, []);
        assert.deepStrictEqual(result.state, visited);
      }
    });
  });

  describe('any deadline', () => {
    /** The state frozen all the way down: a handler changing any of it throws. */
    function frozen<T>(value: T): T {
      if (typeof value === 'object' && value !== null) for (const inner of Object.values(value)) frozen(inner);
      return Object.freeze(value);
    }

    it('copies for its handler only the visits and approvals, which it may change, and shares every other part with the state it was given (a sweep copied and compared whole states)', () => {
      const { state, effects } = opened({ facts: HOME_53_DAYS });
      const overdue = effects.find((e) => e.type === 'schedule-deadline' && e.deadlineId === 'case-1:visit:0:overdue')!;
      const result = accept(state, events.deadline(overdue), nowOn('2026-03-03'));
      assert.equal(result.state.visits[0]?.overdue, true);
      assert.equal(state.visits[0]?.overdue, false);
      assert.notEqual(result.state.visits, state.visits);
      assert.notEqual(result.state.approvals, state.approvals);
      for (const part of ['facts', 'people', 'steps', 'socialWorker'] as const) assert.equal(result.state[part], state[part], `${part} was copied`);
    });

    it('changes nothing of the state it was given, whatever it does: a visit marked overdue, a request escalated, a reminder', () => {
      const home = opened({ facts: HOME_53_DAYS });
      const visit = (id: string) => home.effects.find((e) => e.type === 'schedule-deadline' && e.deadlineId === id)!;
      const before = structuredClone(home.state);
      assert.equal(accept(frozen(home.state), events.deadline(visit('case-1:visit:0:overdue')), nowOn('2026-03-03')).state.visits[0]?.overdue, true);
      assert.equal(effectsOf(accept(home.state, events.deadline(visit('case-1:visit:1:reminder')), nowOn('2026-03-05')).effects, 'notify').length, 1);
      assert.deepStrictEqual(home.state, before);
      const { state, escalation } = approvalDeadlines(NOW);
      const asked = structuredClone(state);
      const escalated = accept(frozen(state), events.deadline(escalation), nowOn(dueOn(escalation)));
      assert.ok(escalated.state.approvals.some((a) => a.escalatedOn === dueOn(escalation)));
      assert.deepStrictEqual(state, asked);
    });

    it('is refused from anyone but the reminder service', () => {
      const { state, effects } = opened({ facts: HOME_53_DAYS });
      const deadline = effectsOf(effects, 'schedule-deadline')[0]!;
      for (const who of [ACTORS.sw, ACTORS.tm, ACTORS.director]) {
        const r = refusal(state, events.deadline(deadline, who));
        assert.equal(r.code, 'NOT_YOUR_ROLE');
      }
    });

    it('does nothing on a closed case', () => {
      const notHome = opened({ facts: { returnedHomeOn: null } }).state;
      const ready = readyForAssessment({ facts: { returnedHomeOn: null } });
      const closed = [events.assessment({ viable: false, form: 'child-and-family-reassessment' }), events.notViableActions(true), events.review('2026-03-02')]
        .reduce((s, e) => accept(s, e).state, ready);
      assert.equal(closed.stage, 'closed');
      const home = accept(notHome, events.returnedHome('2026-03-01'));
      const visitDeadline = effectsOf(home.effects, 'schedule-deadline')[0]!;
      const result = transition(closed, events.deadline(visitDeadline), nowOn('2026-03-05'), DEFAULT_CASE_POLICY);
      assert.ok(result.ok);
      assert.deepEqual(result.effects, []);
    });

    it('does nothing for the planned horizon once the case moved to the unplanned pathway', () => {
      const planned = opened({ facts: { pathway: 'planned', returnedHomeOn: null } }).state;
      const started = accept(planned, events.reunificationStarted('2026-02-16'));
      const reached = effectsOf(started.effects, 'schedule-deadline')[1]!;
      const moved = accept(started.state, events.toUnplanned()).state;
      assert.deepEqual(accept(moved, events.deadline(reached), nowOn('2026-06-08')).effects, []);
      // …while on the planned pathway, it tells the social worker and team manager.
      const told = accept(started.state, events.deadline(reached), nowOn('2026-06-08'));
      assert.deepEqual(effectsOf(told.effects, 'notify').map((e) => [e.notice, e.to]), [
        ['planned-horizon-reached', SW],
        ['planned-horizon-reached', { kind: 'role', role: 'team-manager' }],
      ]);
    });
  });
});
