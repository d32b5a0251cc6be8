/**
 * A case written full: "not seen" visits, each with 4,000 characters of notes, without end. On Azure
 * Table Storage the case and its audit row (the visits before and after) outgrew one entity, so
 * every write to the case failed, its deadlines too, and its overdue notices stopped. Now, on both
 * stores, the write that would take the case past what people may write is refused in plain words
 * with nothing written, and the case's sign-off and deadlines still commit.
 *
 * And a case with many long notes on visits where the child was seen: until round ten the audit
 * row kept the whole list of visits before and after, so the case stopped at 460,000 bytes and its
 * sign-off was then refused CASE_FULL. The audit row now keeps only what changed, so the case goes
 * on well past that, and the trail still says exactly what each step changed.
 */
import { strict as assert } from 'node:assert';
import { AUDIT_LIMIT, caseSize, DECISION_COMMENT_MAX, PEOPLE_LIMIT, SEEN_VISITS_LIMIT, type CaseState } from '../../src/protocol';
import type { AuditEntry } from '../../src/ports/case-store';
import { PEOPLE, SettableClock } from '../../support/world';
import { TO_THE_TEAM_MANAGER_BRIEFLY } from '../support/case-inputs';
import { onBothStores, type OpenStore } from '../support/on-both-stores';
import { closeSweepers, openCases, sweeperOn } from './support/sweep-world';

const NOTES = 'The family were out; a neighbour said they were away. '.repeat(80).slice(0, 4000);

function fillUp(makeStore: OpenStore): void {
  it('refuses the "not seen" visit that would overfill the case, writing nothing; the decision and the overdue notice still commit', async () => {
    const { store, cleanup } = await makeStore();
    try {
      const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
      const { service, scheduler } = sweeperOn(store, clock);
      const [caseId] = await openCases(service, 1, 'FULL');
      let n = 0;
      const apply = (actor: typeof PEOPLE.sw, event: Parameters<typeof service.apply>[0]['event']) =>
        service.apply({ idempotencyKey: `full-${n++}`, caseId: caseId!, actor, event });
      for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) assert.ok((await apply(PEOPLE.sw, event)).ok, event.type);

      let refused: Awaited<ReturnType<typeof apply>> | undefined;
      let attempts = 0;
      for (; attempts < 120 && !refused; attempts++) {
        // Each attempt's notes its own: the same attempt sent again is a repeat, not another attempt.
        const outcome = await apply(PEOPLE.sw, { type: 'VisitRecorded', index: 0, on: '2026-03-02', notes: `${attempts}: ${NOTES}`.slice(0, 4000), outcome: 'not-seen' });
        if (!outcome.ok) refused = outcome;
      }
      assert.ok(refused && !refused.ok, 'a "not seen" visit was refused before the case outgrew the store');
      assert.equal(refused.code, 'CASE_FULL');
      assert.match(refused.message, /was not recorded\. Shorten what you wrote, or put the long text in the case file/);
      const full = (await store.get<CaseState>(caseId!))!;
      assert.equal(full.state.visits[0]!.attempts!.length, attempts - 1, 'the refused attempt was not kept');
      assert.ok(caseSize(full.state) > PEOPLE_LIMIT - 10_000, 'the case is at the limit');
      const audited = (await store.audit(caseId!)).length;
      const again = await apply(PEOPLE.sw, { type: 'VisitRecorded', index: 0, on: '2026-03-02', notes: NOTES, outcome: 'no-access' });
      assert.equal(!again.ok && again.code, 'CASE_FULL');
      const after = (await store.get<CaseState>(caseId!))!;
      assert.equal(after.version, full.version, 'nothing written');
      assert.equal((await store.audit(caseId!)).length, audited, 'no audit entry');

      // Sign-off at the limit: the team manager's decision, with a comment.
      const approvalId = after.state.approvals.find((a) => a.stage === 'team-manager' && !a.decision)!.approvalId;
      const decided = await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: 'Agreed. '.repeat(DECISION_COMMENT_MAX / 8) });
      assert.ok(decided.ok, JSON.stringify(decided));

      // Deadlines at the limit: visit 0's overdue notice.
      clock.set('2026-03-06T12:00:00Z');
      const swept = await scheduler.sweep();
      assert.equal(swept.failed, 0);
      assert.ok(swept.fired > 0);
      const overdue = (await store.get<CaseState>(caseId!))!.state.visits[0]!;
      assert.equal(overdue.overdue, true);
      const notices = (await store.listOutbox('pending', 1000)).filter((i) => i.caseId === caseId && (i.payload as { notice?: string }).notice === 'visit-overdue');
      assert.ok(notices.length > 0, 'the overdue notice is on its way');
    } finally {
      await closeSweepers();
      await cleanup();
    }
  });
}

/** The size of an audit entry's before and after as JSON. */
function rowChars(entry: AuditEntry): number {
  return JSON.stringify(entry.before).length + JSON.stringify(entry.after).length;
}

function longSeenVisits(makeStore: OpenStore): void {
  it('a case with seventy long notes on visits where the child was seen still takes the team manager\'s decision, and each audit entry holds only what that step changed', async () => {
    const { store, cleanup } = await makeStore();
    try {
      const clock = new SettableClock(new Date('2026-06-30T10:00:00Z'));
      const { service } = sweeperOn(store, clock);
      const [caseId] = await openCases(service, 1, 'SEEN');
      // One visit a day from the day after the child went home (2 March): each visit is a visit of its own.
      const dayOf = (i: number) => new Date(Date.UTC(2026, 2, 3 + i)).toISOString().slice(0, 10);
      let n = 0;
      const apply = (actor: typeof PEOPLE.sw, event: Parameters<typeof service.apply>[0]['event']) =>
        service.apply({ idempotencyKey: `seen-${n++}`, caseId: caseId!, actor, event });
      for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) assert.ok((await apply(PEOPLE.sw, event)).ok, event.type);

      // Every visit due, then extra ones, each with 4,000 characters of notes: about 8,300 bytes each.
      const notes = (i: number) => `Visit ${i}: ${'Saw the child at home with mum; talked about school and sleep. '.repeat(70)}`.slice(0, 4000);
      let visits = 0;
      while (caseSize((await store.get<CaseState>(caseId!))!.state) < 600_000) {
        const outcome = await apply(PEOPLE.sw, { type: 'VisitRecorded', index: visits, on: dayOf(visits), notes: notes(visits), outcome: 'seen' });
        assert.ok(outcome.ok, `visit ${visits + 1} at ${caseSize((await store.get<CaseState>(caseId!))!.state)} bytes: ${JSON.stringify(outcome)}`);
        visits += 1;
      }
      const full = (await store.get<CaseState>(caseId!))!;
      assert.ok(visits >= 70, `${visits} visits`);

      // The last visit's entry: that visit, added, and nothing else of the list.
      const trail = await store.audit(caseId!);
      const last = trail.at(-1)!;
      assert.equal(last.actorId, PEOPLE.sw.id);
      assert.equal(last.role, 'social-worker');
      const lastVisit = full.state.visits[visits - 1]!;
      assert.deepEqual(last.before, { visits: {} });
      assert.deepEqual(last.after, { visits: { [visits - 1]: lastVisit } });
      assert.equal(lastVisit.notes, notes(visits - 1));
      assert.ok(rowChars(last) < 5_000, `${rowChars(last)} characters of audit for a ${caseSize(full.state)}-byte case`);

      // Sign-off well past the old 460,000 bytes: the team manager's decision, with a long comment.
      const approval = full.state.approvals.find((a) => a.stage === 'team-manager' && !a.decision)!;
      const approvalAt = full.state.approvals.indexOf(approval);
      const comment = 'Agreed: the visits show the child settled at home. '.repeat(60).slice(0, DECISION_COMMENT_MAX).trim();
      const decided = await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: approval.approvalId, outcome: 'approve', comment });
      assert.ok(decided.ok, JSON.stringify(decided));
      const after = (await store.get<CaseState>(caseId!))!;
      assert.equal(after.version, full.version + 1);
      const entry = (await store.audit(caseId!)).at(-1)!;
      assert.equal(entry.actorId, PEOPLE.tm.id);
      assert.equal(entry.role, 'team-manager');
      assert.equal(entry.at, '2026-06-30T10:00:00.000Z');
      // Exactly what changed: the decision on that approval, the stage, and whatever the protocol asked next.
      const before = entry.before as { approvals: Record<string, unknown>; stage: string };
      const now = entry.after as { approvals: Record<string, { decision: { outcome: string; comment: string; by: { id: string } } }>; stage: string };
      assert.deepEqual(before.approvals[approvalAt], { decision: null });
      assert.equal(now.approvals[approvalAt]!.decision.outcome, 'approve');
      assert.equal(now.approvals[approvalAt]!.decision.comment, comment);
      assert.equal(now.approvals[approvalAt]!.decision.by.id, PEOPLE.tm.id);
      assert.equal(before.stage, 'awaiting-team-manager');
      assert.equal(now.stage, after.state.stage);
      assert.ok(!('visits' in before) && !('visits' in now), 'the visits did not change');
      assert.ok(rowChars(entry) < 10_000, `${rowChars(entry)} characters of audit`);
    } finally {
      await closeSweepers();
      await cleanup();
    }
  });
}

/** The longest answer a form takes, in the characters that grow most in JSON (4 bytes each as the stores count). */
const LONGEST = '"\\'.repeat(2_000);
/** The longest comment a decision takes (DECISION_COMMENT_MAX), in the same characters. */
const LONGEST_COMMENT = LONGEST.slice(0, DECISION_COMMENT_MAX);

function topOfTheBudget(makeStore: OpenStore): void {
  it('at the top of the budget: seen visits stop short of the last room, and the decisions and deadlines still fit the store', async () => {
    const { store, cleanup } = await makeStore();
    try {
      const clock = new SettableClock(new Date('2026-06-30T10:00:00Z'));
      const { service, scheduler } = sweeperOn(store, clock);
      const [caseId] = await openCases(service, 1, 'TOP');
      const dayOf = (i: number) => new Date(Date.UTC(2026, 2, 3 + i)).toISOString().slice(0, 10);
      let n = 0;
      const apply = (actor: typeof PEOPLE.sw, event: Parameters<typeof service.apply>[0]['event']) =>
        service.apply({ idempotencyKey: `top-${n++}`, caseId: caseId!, actor, event });
      for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) assert.ok((await apply(PEOPLE.sw, event)).ok, event.type);

      let visits = 0;
      let refused: Awaited<ReturnType<typeof apply>> | undefined;
      for (; visits < 80 && !refused; visits++) {
        const outcome = await apply(PEOPLE.sw, { type: 'VisitRecorded', index: visits, on: dayOf(visits), notes: LONGEST, outcome: 'seen' });
        if (!outcome.ok) refused = outcome;
      }
      assert.ok(refused && !refused.ok && refused.code === 'CASE_FULL', JSON.stringify(refused));
      // The visit refused is not among what the words say can still be recorded.
      assert.match(refused.message, /Decisions, sign-off and closing the case can still be recorded/);
      assert.doesNotMatch(refused.message, /visits where the child was seen/);
      const full = (await store.get<CaseState>(caseId!))!;
      assert.ok(caseSize(full.state) > SEEN_VISITS_LIMIT - 20_000 && caseSize(full.state) <= SEEN_VISITS_LIMIT, `${caseSize(full.state)} bytes`);

      // The steps that end the case still go, each with the longest answer.
      const pendingOf = (state: CaseState, stage: string) => state.approvals.find((a) => a.stage === stage && !a.decision && !a.cancelledAt)!.approvalId;
      assert.ok((await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: pendingOf(full.state, 'team-manager'), outcome: 'approve', comment: LONGEST_COMMENT })).ok);
      assert.ok((await apply(PEOPLE.iro, { type: 'IroViewRecorded', view: LONGEST, reviewBroughtForward: false })).ok);
      const agreed = (await store.get<CaseState>(caseId!))!;
      assert.ok((await apply(PEOPLE.hos, { type: 'DecisionGiven', approvalId: pendingOf(agreed.state, 'head-of-service'), outcome: 'approve', comment: LONGEST_COMMENT })).ok);
      const decided = (await store.get<CaseState>(caseId!))!;
      assert.ok(caseSize(decided.state) > SEEN_VISITS_LIMIT + 20_000, `${caseSize(decided.state)} bytes`);

      // And the scheduler's changes on it commit.
      clock.set('2026-07-31T12:00:00Z');
      const swept = await scheduler.sweep();
      assert.equal(swept.failed, 0);
      assert.ok(swept.fired > 0, 'deadlines fired on the full case');
    } finally {
      await closeSweepers();
      await cleanup();
    }
  });
}

function auditRowTooLarge(makeStore: OpenStore): void {
  it('refuses, in plain words and writing nothing, a change whose audit row would pass AUDIT_LIMIT, the room kept for it under the entity budget (undoing an extra visit that holds 910,000 bytes)', async () => {
    const { store, cleanup } = await makeStore();
    try {
      const clock = new SettableClock(new Date('2026-06-30T10:00:00Z'));
      const { service } = sweeperOn(store, clock);
      const [caseId] = await openCases(service, 1, 'ROW');
      const opened = (await store.get<CaseState>(caseId!))!;
      // A case as an earlier release could leave it: every visit done, and an extra one holding a great many attempts.
      const by = { id: PEOPLE.sw.id, name: PEOPLE.sw.name };
      const state = structuredClone(opened.state);
      state.visits.forEach((v, i) => Object.assign(v, { doneOn: `2026-03-0${3 + i}`, notes: 'seen', recordedBy: by }));
      const extra = { index: state.visits.length, kind: 'weekly-check-in' as const, due: '2026-03-20', doneOn: '2026-03-20', notes: 'seen', recordedBy: by, overdue: false, extra: true, attempts: [] as { on: string; outcome: 'not-seen'; notes: string; by: typeof by }[] };
      state.visits.push(extra);
      while (caseSize(state) < 910_000) extra.attempts.push({ on: '2026-03-19', outcome: 'not-seen', notes: 'n'.repeat(3900), by });
      const planted = await store.commit({ summary: opened.summary, expectedVersion: opened.version, state, audit: { at: clock.now().toISOString(), actorId: 'test', actorName: 'Test', role: 'social-worker', action: 'planted', before: null, after: null, correlationId: 'planted' }, outbox: [] });
      assert.ok(planted.ok);
      assert.ok(caseSize(state) > AUDIT_LIMIT);
      const audited = (await store.audit(caseId!)).length;

      const undo = await service.apply({ idempotencyKey: 'undo-extra', caseId: caseId!, actor: PEOPLE.sw, event: { type: 'StepUndone', step: 'visit', index: extra.index, reason: 'Recorded on the wrong case.' } });
      assert.ok(!undo.ok && undo.code === 'CASE_FULL', JSON.stringify(undo).slice(0, 300));
      assert.match(undo.message, /so this was not recorded/);
      const after = (await store.get<CaseState>(caseId!))!;
      assert.equal(after.version, opened.version + 1, 'nothing written');
      assert.equal(after.state.visits.length, state.visits.length);
      assert.equal((await store.audit(caseId!)).length, audited, 'no audit entry');
    } finally {
      await closeSweepers();
      await cleanup();
    }
  });
}

describe('A case written full (case-size.ts)', function () {
  this.timeout(300_000);

  onBothStores('full', fillUp);
  onBothStores('seen', longSeenVisits);
  onBothStores('top', topOfTheBudget);
  onBothStores('row', auditRowTooLarge);
});
