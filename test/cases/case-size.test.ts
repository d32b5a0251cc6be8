/**
 * A case written full: "not seen" visits, each with 4,000 characters of notes, without end. On Azure
 * Table Storage the case and its audit row (the visits before and after) outgrew one entity, so
 * every write to the case failed, its deadlines too, and its overdue notices stopped. Now, on both
 * stores, the write that would take the case past what people may write is refused in plain words
 * with nothing written, and the case's sign-off and deadlines still commit.
 */
import { strict as assert } from 'node:assert';
import { caseSize, PEOPLE_LIMIT, type CaseState } from '../../src/protocol';
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
        const outcome = await apply(PEOPLE.sw, { type: 'VisitRecorded', index: 0, on: '2026-03-02', notes: NOTES, outcome: 'not-seen' });
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
      const decided = await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId, outcome: 'approve', comment: 'Agreed. '.repeat(400) });
      assert.ok(decided.ok, JSON.stringify(decided));

      // Deadlines at the limit: visit 0's overdue notice (the visits, before and after, in the audit).
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

describe('A case written full (case-size.ts)', function () {
  this.timeout(120_000);

  onBothStores('full', fillUp);
});
