/**
 * Audit entries written before round ten keep each changed part of the case whole, before and
 * after; those written since keep only what changed. Both are on disk side by side: each reads
 * back as written, on both stores, and retention still erases the free text in both by name.
 */
import { strict as assert } from 'node:assert';
import type { CaseState } from '../../src/protocol';
import { erasePersonalData, ERASED } from '../../src/cases/personal-data';
import { PEOPLE, SettableClock } from '../../support/world';
import { onBothStores, type OpenStore } from '../support/on-both-stores';
import { closeSweepers, openCases, sweeperOn } from './support/sweep-world';

function oldAndNew(makeStore: OpenStore): void {
  it('an entry in the old shape reads back as written beside one in the new, and retention erases both', async () => {
    const { store, cleanup } = await makeStore();
    try {
      const clock = new SettableClock(new Date('2026-03-09T10:00:00Z'));
      const { service } = sweeperOn(store, clock);
      const [caseId] = await openCases(service, 1, 'OLD');
      const opened = (await store.get<CaseState>(caseId!))!;

      // As round nine wrote a visit: the whole list of visits, before and after.
      const visits = opened.state.visits.map((v, i) => (i === 0 ? { ...v, doneOn: '2026-03-05', notes: 'Old notes: seen with mum', recordedBy: { id: PEOPLE.sw.id, name: PEOPLE.sw.name } } : v));
      const oldEntry = {
        at: '2026-03-05T10:00:00.000Z', actorId: PEOPLE.sw.id, actorName: PEOPLE.sw.name, onBehalfOfId: null, onBehalfOfName: null, role: 'social-worker',
        action: 'Visit 1 recorded on 2026-03-05', before: { visits: opened.state.visits }, after: { visits }, correlationId: 'round-nine',
      };
      const written = await store.commit({ summary: { ...opened.summary, updatedAt: oldEntry.at }, expectedVersion: opened.version, state: { ...opened.state, visits, updatedAt: oldEntry.at }, audit: oldEntry, outbox: [] });
      assert.ok(written.ok);

      const now = await service.apply({ idempotencyKey: 'visit-2', caseId: caseId!, actor: PEOPLE.sw, event: { type: 'VisitRecorded', index: 1, on: '2026-03-09', notes: 'New notes: seen at school' } });
      assert.ok(now.ok, JSON.stringify(now));

      const trail = await store.audit(caseId!);
      const [old, latest] = trail.slice(-2);
      assert.deepEqual(old, { ...oldEntry, caseId, seq: old!.seq });
      assert.deepEqual(Object.keys(latest!.after as object), ['visits']);
      assert.deepEqual(Object.keys((latest!.after as { visits: object }).visits), ['1']);
      assert.equal((latest!.after as { visits: Record<string, { notes: string }> }).visits[1]!.notes, 'New notes: seen at school');

      const current = (await store.get<CaseState>(caseId!))!;
      const erased = await store.eraseCase({
        summary: current.summary, expectedVersion: current.version, state: erasePersonalData(current.state),
        audit: { ...oldEntry, action: 'Personal data erased', before: null, after: null, correlationId: 'erase' }, outbox: [],
      }, erasePersonalData);
      assert.ok(erased.ok);
      const text = JSON.stringify(await store.audit(caseId!));
      assert.ok(!text.includes('Old notes') && !text.includes('New notes'), 'no notes left in the trail');
      assert.ok(text.includes(ERASED));
    } finally {
      await closeSweepers();
      await cleanup();
    }
  });
}

describe('audit entries in the old and the new shape (audit-diff.ts)', function () {
  this.timeout(120_000);
  onBothStores('oldshape', oldAndNew);
});
